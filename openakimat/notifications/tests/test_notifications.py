"""Residents hear of every change that matters to them, after the commit, by SMS and e-mail; a
failing gateway is retried and never fails the request."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from openakimat.applications.services import application_move
from openakimat.applications.tests.conftest import applicant
from openakimat.notifications import services
from openakimat.notifications.models import DeliveryStatus, Notification
from openakimat.notifications.services import retry_delay, send_due
from openakimat.notifications.sms import HttpSmsBackend, SmsError, mask_phone


def test_registration_queues_an_sms_and_an_email_in_the_residents_language(register):
    case = register(applicant=applicant(email="aigerim@example.kz", language="ru"))
    email, sms = Notification.objects.filter(application=case).order_by("medium")
    assert (email.medium, sms.medium) == ("email", "sms")
    assert case.number in sms.text and case.tracking_code in sms.text
    assert "зарегистрировано" in sms.text.lower() or "зарегистрирована" in sms.text.lower()


def test_nothing_is_sent_before_the_commit_and_everything_after(register, gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case = register(applicant=applicant(email="aigerim@example.kz"))
    assert gateway.received == [] and mail.outbox == []
    for callback in callbacks:
        callback()
    assert gateway.received == [
        {"to": "+77011234567", "text": Notification.objects.get(medium="sms").text, "sender": "OpenAkimat"}
    ]
    assert gateway.headers[0]["Authorization"] == "Bearer gateway-secret"
    assert mail.outbox[0].to == ["aigerim@example.kz"] and case.number in mail.outbox[0].subject
    assert set(Notification.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_each_status_the_resident_should_know_of_is_told(
    case, specialist, operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for move in ("accept", "request_documents", "resume", "complete"):
            case = application_move(
                actor=specialist if move != "resume" else operator,
                application=case,
                move=move,
                note="Bring the site plan",
            )
        application_move(actor=operator, application=case, move="issue")
    events = list(Notification.objects.filter(application=case).values_list("event", flat=True))
    # "resume" puts the case back in progress: the resident hears it again.
    assert events == ["registered", "in_progress", "awaiting_documents", "in_progress", "ready", "issued"]


def test_a_failing_gateway_is_retried_later_and_then_given_up(register, gateway, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    gateway.status = 503
    register()
    note = Notification.objects.get()
    sent, failed = send_due()
    note.refresh_from_db()
    assert (sent, failed, note.status, note.attempts) == (0, 1, DeliveryStatus.PENDING, 1)
    assert note.last_error == "gateway answered 503" and "+7701" not in note.last_error
    assert note.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert send_due() == (0, 0)  # not yet time
    for _attempt in (2, 3):
        Notification.objects.update(next_attempt_at=timezone.now())
        send_due()
    note.refresh_from_db()
    assert (note.status, note.attempts) == (DeliveryStatus.FAILED, 3)


def test_the_command_sends_what_is_due_once_the_gateway_is_back(register, gateway):
    gateway.status = 500
    register()
    send_due()
    gateway.status = 200
    Notification.objects.update(next_attempt_at=timezone.now())
    call_command("send_notifications")
    assert Notification.objects.get().status == DeliveryStatus.SENT
    assert len(gateway.received) == 2


def test_retry_pauses_grow_and_are_capped():
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert retry_delay(30) == timedelta(hours=6)


def test_an_unreachable_gateway_is_an_sms_error_without_the_number():
    backend = HttpSmsBackend(url="http://127.0.0.1:9/send", timeout=1)
    with pytest.raises(SmsError) as exc:
        backend.send("+77011234567", "text")
    assert "7011234567" not in str(exc.value)
    with pytest.raises(SmsError):
        HttpSmsBackend(url="file:///etc/passwd")


def test_the_log_backend_masks_the_number():
    assert mask_phone("+77011234567") == "+7701*****67"


@pytest.mark.django_db(transaction=True)
def test_the_request_does_not_wait_for_a_slow_gateway(register, gateway, settings):
    settings.NOTIFY_DISPATCH = "thread"
    gateway.delay = 2.0
    started = time.monotonic()
    case = register()
    took = time.monotonic() - started
    assert gateway.arrived.wait(10), "the background sender never reached the gateway"
    assert took < gateway.delay, f"registration waited {took:.1f} s for the gateway"
    # Let the sender finish before reading its row (SQLite's shared in-memory test database
    # doesn't queue a reader behind a writer of another thread).
    services._executor.shutdown(wait=True)
    services._executor = None
    assert Notification.objects.get(application=case).status == DeliveryStatus.SENT
