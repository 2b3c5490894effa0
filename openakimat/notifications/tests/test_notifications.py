"""Residents hear of every change that matters to them, after the commit, by SMS and e-mail; a
failing gateway is retried and never fails the request."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from openakimat.applications.services import application_move
from openakimat.applications.tests.conftest import SHOWN_ID, applicant
from openakimat.notifications.models import DeliveryStatus, Notification
from openakimat.notifications.services import retry_delay, send_due
from openakimat.notifications.sms import HttpSmsBackend, SmsError, mask_phone

from .conftest import celery_broker


def test_registration_queues_an_sms_and_an_email_in_the_residents_language(register):
    case = register(applicant=applicant(email="aigerim@example.kz", language="ru"))
    email, sms = Notification.objects.filter(target_id=case.pk).order_by("medium")
    assert email.target == sms.target == case and sms.kind == "applications.registered"
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
        application_move(actor=operator, application=case, move="issue", identity=SHOWN_ID)
    # The case's own messages (the rating offer at issue is the feedback app's).
    about_case = Notification.objects.filter(target_id=case.pk, kind__startswith="applications.")
    told = [kind.split(".")[1] for kind in about_case.values_list("kind", flat=True)]
    # "resume" puts the case back in progress: the resident hears it again.
    assert told == ["registered", "in_progress", "awaiting_documents", "in_progress", "ready", "issued"]


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


def test_the_outbox_keeps_no_copy_of_the_residents_addresses(register, gateway):
    case = register(applicant=applicant(email="aigerim@example.kz"))
    for row in Notification.objects.values():
        assert "+77011234567" not in str(row) and "aigerim@example.kz" not in str(row)
    # The address is read from the case when the message goes out: a corrected phone is used.
    Notification.objects.update(next_attempt_at=timezone.now())
    type(case).objects.filter(pk=case.pk).update(applicant_phone="+77019876543")
    send_due()
    assert gateway.received[0]["to"] == "+77019876543"


def test_a_message_about_something_deleted_is_given_up_at_once(register, gateway):
    case = register()
    Notification.objects.update(target_id=case.pk + 1000)
    assert send_due() == (0, 1)
    note = Notification.objects.get()
    assert (note.status, note.attempts, note.last_error) == (
        DeliveryStatus.FAILED,
        1,
        "what it is about no longer exists",
    )
    assert gateway.received == []


def test_with_a_broker_the_request_only_queues_and_the_sweep_sends_what_a_lost_task_left(
    register, gateway, django_capture_on_commit_callbacks
):
    """The request never waits for a gateway: with a broker the task is queued (here into an
    in-memory broker that no worker reads, as if the worker had crashed), the row stays pending,
    and the periodic sweep sends it."""
    from openakimat.notifications.tasks import sweep_notifications

    with celery_broker("memory://"), django_capture_on_commit_callbacks(execute=True):
        register()
    assert gateway.received == []
    assert Notification.objects.get().status == DeliveryStatus.PENDING
    assert sweep_notifications() == (1, 0)
    assert Notification.objects.get().status == DeliveryStatus.SENT and len(gateway.received) == 1
