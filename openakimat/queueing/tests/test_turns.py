"""The SMS "your turn is near": left at the kiosk or on the ticket page, sent once after a call
brings the ticket within the hall's mark, in the language the ticket was taken in."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openakimat.common.errors import ConflictError
from openakimat.notifications.models import Notification
from openakimat.queueing import services
from openakimat.queueing.models import Ticket

PHONE = "+7 701 123 4567"


@pytest.fixture(autouse=True)
def _after_commit(monkeypatch):
    """The turn SMS is queued after the commit; the tests run in one transaction, so run it at once."""
    monkeypatch.setattr("openakimat.common.tasks.transaction.on_commit", lambda fn, *a, **k: fn())


def issue(category, **extra):
    return services.ticket_issue(category=category, **extra)


def turn_sms(ticket):
    return Notification.objects.filter(kind="queueing.turn", target_id=ticket.pk)


def test_the_sms_goes_once_when_the_line_reaches_the_mark(hall, cat_a, desk1, dana):
    hall.notify_position = 2
    hall.save()
    tickets = [issue(cat_a).ticket for _ in range(4)]
    mine = issue(cat_a, phone=PHONE, language="ru").ticket  # 4 ahead
    assert not turn_sms(mine).exists()
    for _call in range(2):  # 4 → 3 → 2 ahead
        called = services.ticket_call_next(actor=dana, desk=desk1)
        services.ticket_start(actor=dana, ticket=called)
        services.ticket_finish(actor=dana, ticket=called)
    assert turn_sms(mine).count() == 1
    note = turn_sms(mine).get()
    assert mine.code in note.text and "7011234567" not in note.text
    assert "2" in note.text and "перед вами" in note.text  # Russian: the kiosk's language
    services.ticket_call_next(actor=dana, desk=desk1)
    assert turn_sms(mine).count() == 1  # once
    mine.refresh_from_db()
    assert mine.notify_sent_at is not None
    assert tickets


def test_no_phone_no_sms_and_a_phone_left_later_is_used(hall, cat_a, desk1, dana):
    hall.notify_position = 1
    hall.save()
    issue(cat_a)
    issued = issue(cat_a)
    assert not turn_sms(issued.ticket).exists()
    found = services.ticket_by_token(issued.token.lower())
    assert found == issued.ticket
    services.ticket_phone_set(ticket=found, phone=PHONE)  # one ahead already: sent now
    assert turn_sms(issued.ticket).count() == 1
    with pytest.raises(ConflictError):
        services.ticket_phone_set(ticket=found, phone=PHONE)


def test_a_bad_phone_is_refused_on_its_field(cat_a):
    ticket = issue(cat_a).ticket
    with pytest.raises(ValidationError) as caught:
        services.ticket_phone_set(ticket=ticket, phone="12")
    assert "phone" in caught.value.message_dict
    ticket.refresh_from_db()
    assert ticket.phone == ""


def test_a_closed_ticket_takes_no_phone(cat_a):
    ticket = issue(cat_a).ticket
    services.ticket_cancel(actor=None, ticket=ticket)
    with pytest.raises(ConflictError):
        services.ticket_phone_set(ticket=ticket, phone=PHONE)


def test_unknown_tokens_find_nothing(cat_a):
    issue(cat_a)
    assert services.ticket_by_token("") is None
    assert services.ticket_by_token("A" * 24) is None
    assert services.ticket_by_token("A" * 500) is None


def test_turns_notify_skips_tickets_of_other_days(hall, cat_a):
    ticket = issue(cat_a, phone=PHONE).ticket
    Ticket.objects.filter(pk=ticket.pk).update(day=timezone.localdate() - timezone.timedelta(days=1))
    assert services.turns_notify(hall_id=hall.pk) == 0


def test_the_check_after_a_call_reads_the_front_of_each_line_not_everyone_waiting(
    hall, cat_a, cat_b, django_assert_max_num_queries
):
    """However long the lines, only the first notify_position + 1 of each category are read (and
    their phones decrypted): a busy hall's call does not get slower as people wait."""
    for _ in range(40):
        issue(cat_a, phone=PHONE)
        issue(cat_b)
    assert services.turns_notify(hall_id=hall.pk) == hall.notify_position + 1  # the front of line A
    with django_assert_max_num_queries(4) as captured:  # the hall, its categories, each line's front
        assert services.turns_notify(hall_id=hall.pk) == 0
    fetched = [q["sql"] for q in captured.captured_queries if "queueing_ticket" in q["sql"] and "LIMIT" in q["sql"]]
    assert len(fetched) == 2  # one per active category
