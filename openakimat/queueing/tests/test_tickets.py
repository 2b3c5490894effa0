"""Tickets from the kiosk to the desk: numbers, order, priorities, recalls, redirects, the day's
end. The concurrency of the same actions is in test_concurrency.py."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_staff
from openakimat.common.calendar import ALMATY
from openakimat.common.errors import ConflictError
from openakimat.common.roles import Role
from openakimat.integrity.models import AuditEntry
from openakimat.queueing import board, services
from openakimat.queueing.models import PriorityGroup, Ticket, TicketEvent, TicketStatus
from openakimat.queueing.services._common import token_hash

from .conftest import NOW, SYSTEM


def issue(category, minutes=0, **extra):
    return services.ticket_issue(category=category, now=NOW + timedelta(minutes=minutes), **extra).ticket


def test_setup_derives_a_category_per_department_with_its_services(hall, offerings):
    categories = list(hall.categories.order_by("letter"))
    # In the catalogue's order of department kinds.
    assert [(c.letter, c.department.kind) for c in categories] == [("A", "civil_registry"), ("B", "construction")]
    assert [c.name_en for c in categories] == [c.department.name_en for c in categories]
    assert {o.pk for c in categories for o in c.offerings.all()} == {o.pk for o in offerings}
    assert set(hall.priority_groups.values_list("code", flat=True)) == {"disability", "elderly", "pregnant", "booked"}
    # Again: nothing new.
    assert services.hall_setup(actor=SYSTEM, akimat=hall.akimat) == hall
    assert hall.categories.count() == 2


def test_only_an_administrator_of_the_akimat_sets_up_its_queue(akzhar_akimat, aiyrtau_akimat, offerings):
    with pytest.raises(PermissionDenied):
        services.hall_setup(actor=make_staff("op", Role.OPERATOR, akzhar_akimat), akimat=akzhar_akimat)
    with pytest.raises(PermissionDenied):
        services.hall_setup(actor=make_staff("other.admin", Role.ADMIN, aiyrtau_akimat), akimat=akzhar_akimat)
    hall = services.hall_setup(actor=make_staff("admin", Role.ADMIN, akzhar_akimat), akimat=akzhar_akimat)
    assert AuditEntry.objects.filter(action="queueing.hall_setup", object_id=str(hall.pk)).exists()


def test_numbers_count_per_category_with_its_letter(cat_a, cat_b):
    assert [issue(cat_a).code, issue(cat_a).code, issue(cat_b).code, issue(cat_a).code] == [
        f"{cat_a.letter}001",
        f"{cat_a.letter}002",
        f"{cat_b.letter}001",
        f"{cat_a.letter}003",
    ]


def test_numbers_restart_at_midnight_in_almaty_not_utc(cat_a):
    """23:59 and 00:01 Almaty time are two days; 00:01 Almaty is still the day before in UTC."""
    late = datetime(2026, 12, 1, 23, 59, tzinfo=ALMATY)
    early = datetime(2026, 12, 2, 0, 1, tzinfo=ALMATY)
    first = services.ticket_issue(category=cat_a, now=late).ticket
    second = services.ticket_issue(category=cat_a, now=late + timedelta(seconds=30)).ticket
    third = services.ticket_issue(category=cat_a, now=early).ticket
    assert (first.number, second.number, third.number) == (1, 2, 1)
    assert (str(first.day), str(third.day)) == ("2026-12-01", "2026-12-02")
    assert early.astimezone(UTC).date().isoformat() == "2026-12-01"  # still the first in UTC


def test_yesterdays_waiting_tickets_are_not_called_today_and_the_night_closes_them(cat_a, desk1, dana):
    yesterday = services.ticket_issue(category=cat_a, now=NOW - timedelta(days=1)).ticket
    today = issue(cat_a)
    assert services.ticket_call_next(actor=dana, desk=desk1, now=NOW + timedelta(minutes=1)) == today
    assert services.tickets_close_day(before=NOW.date()) == 1
    yesterday.refresh_from_db()
    assert yesterday.status == TicketStatus.CANCELLED
    assert TicketEvent.objects.get(ticket=yesterday, kind="cancelled").data == {"reason": "day_closed"}


def test_call_next_takes_priority_head_starts_then_first_come(hall, cat_a, desk1, dana):
    elderly = hall.priority_groups.get(code=PriorityGroup.Code.ELDERLY)  # 30 minutes ahead
    plain1 = issue(cat_a, 0)
    plain2 = issue(cat_a, 10)
    old = issue(cat_a, 20, priority=elderly)  # as if taken at -10: ahead of both
    plain3 = issue(cat_a, 45)
    order = []
    for minute in range(50, 54):
        ticket = services.ticket_call_next(actor=dana, desk=desk1, now=NOW + timedelta(minutes=minute))
        order.append(ticket)
        services.ticket_start(actor=dana, ticket=ticket)
        services.ticket_finish(actor=dana, ticket=ticket)
    assert order == [old, plain1, plain2, plain3]
    assert services.ticket_call_next(actor=dana, desk=desk1, now=NOW + timedelta(minutes=60)) is None


def test_the_booked_group_is_not_offered_at_the_kiosk(hall, cat_a):
    booked = hall.priority_groups.get(code=PriorityGroup.Code.BOOKED)
    with pytest.raises(ValidationError):
        issue(cat_a, priority=booked)


def test_a_desk_calls_only_its_categories(cat_a, cat_b, desk2, yerlan):
    issue(cat_a)
    b = issue(cat_b, 1)
    assert services.ticket_call_next(actor=yerlan, desk=desk2, now=NOW + timedelta(minutes=2)) == b


def test_only_the_operator_signed_in_at_the_desk_calls_to_it(akzhar_akimat, cat_a, desk1, desk2, dana, yerlan):
    issue(cat_a)
    with pytest.raises(PermissionDenied):
        services.ticket_call_next(actor=yerlan, desk=desk1, now=NOW)
    with pytest.raises(PermissionDenied):
        services.ticket_call_next(actor=make_staff("akim", Role.AKIM, akzhar_akimat), desk=desk1, now=NOW)
    with pytest.raises(ConflictError):  # desk 1 is Dana's
        services.desk_sign_in(actor=yerlan, desk=desk1)


def test_one_ticket_at_a_time_at_a_desk(cat_a, desk1, dana):
    issue(cat_a)
    issue(cat_a, 1)
    services.ticket_call_next(actor=dana, desk=desk1, now=NOW + timedelta(minutes=2))
    with pytest.raises(ConflictError):
        services.ticket_call_next(actor=dana, desk=desk1, now=NOW + timedelta(minutes=3))


def test_no_show_only_after_the_halls_recalls(cat_a, desk1, dana):
    ticket = issue(cat_a)
    ticket = services.ticket_call_next(actor=dana, desk=desk1, now=NOW)
    with pytest.raises(ConflictError):
        services.ticket_no_show(actor=dana, ticket=ticket)
    services.ticket_recall(actor=dana, ticket=ticket, now=NOW + timedelta(minutes=1))
    services.ticket_recall(actor=dana, ticket=ticket, now=NOW + timedelta(minutes=2))
    ticket = services.ticket_no_show(actor=dana, ticket=ticket, now=NOW + timedelta(minutes=3))
    assert ticket.status == TicketStatus.NO_SHOW and ticket.recalls == 2
    assert list(ticket.events.values_list("kind", flat=True)) == ["issued", "called", "recalled", "recalled", "no_show"]
    assert AuditEntry.objects.filter(action="queueing.ticket_no_show", object_id=str(ticket.pk)).exists()


def test_a_redirected_ticket_keeps_its_place_in_the_other_line(cat_a, cat_b, desk1, desk2, dana, yerlan):
    early = issue(cat_a, 0)
    later_b = issue(cat_b, 5)
    ticket = services.ticket_call_next(actor=dana, desk=desk1, now=NOW + timedelta(minutes=6))
    assert ticket == early
    services.ticket_start(actor=dana, ticket=ticket)
    services.ticket_redirect(actor=dana, ticket=ticket, category=cat_b)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.category, ticket.desk, ticket.redirects) == (TicketStatus.WAITING, cat_b, None, 1)
    # Taken before the B ticket, so called before it at desk 2.
    assert services.ticket_call_next(actor=yerlan, desk=desk2, now=NOW + timedelta(minutes=7)) == early
    event = ticket.events.get(kind="redirected")
    assert event.data == {"from_category": cat_a.letter, "to_category": cat_b.letter, "from_desk": 1}
    assert later_b.status == TicketStatus.WAITING


def test_redirect_to_a_desk_is_called_only_there(cat_b, desk1, desk2, dana, yerlan):
    ticket = issue(cat_b)
    services.ticket_call_next(actor=dana, desk=desk1, now=NOW)
    services.ticket_redirect(actor=dana, ticket=ticket, desk=desk2)
    with pytest.raises(ValidationError):  # desk 2 does not serve A
        other = issue(cat_b.hall.categories.exclude(pk=cat_b.pk).get(), 1)
        called = services.ticket_call_next(actor=dana, desk=desk1, now=NOW + timedelta(minutes=2))
        assert called == other  # desk 1 skips the ticket sent to desk 2
        services.ticket_redirect(actor=dana, ticket=called, desk=desk2)
    assert services.ticket_call_next(actor=yerlan, desk=desk2, now=NOW + timedelta(minutes=3)) == ticket


def test_a_redirect_needs_a_target_of_the_same_hall(cat_a, desk1, dana):
    ticket = issue(cat_a)
    services.ticket_call_next(actor=dana, desk=desk1, now=NOW)
    with pytest.raises(ValidationError):
        services.ticket_redirect(actor=dana, ticket=ticket)
    with pytest.raises(ValidationError):
        services.ticket_redirect(actor=dana, ticket=ticket, desk=desk1)


def test_a_resident_cancels_a_waiting_ticket_but_not_a_called_one(cat_a, desk1, dana):
    waiting, called = issue(cat_a), issue(cat_a, 1, phone="+7 701 123 4567")
    assert called.phone == "+77011234567"
    services.ticket_cancel(actor=None, ticket=waiting)
    assert services.ticket_call_next(actor=dana, desk=desk1, now=NOW + timedelta(minutes=2)) == called
    with pytest.raises(ConflictError):
        services.ticket_cancel(actor=None, ticket=called)


def test_a_closed_ticket_forgets_the_phone(cat_a, desk1, dana):
    ticket = issue(cat_a, phone="87011234567")
    services.ticket_call_next(actor=dana, desk=desk1, now=NOW)
    services.ticket_start(actor=dana, ticket=ticket)
    services.ticket_finish(actor=dana, ticket=ticket)
    assert Ticket.objects.get(pk=ticket.pk).phone == ""


def test_the_ticket_page_token_is_kept_as_a_hash_only(cat_a):
    issued = services.ticket_issue(category=cat_a, now=NOW)
    assert len(issued.token) == 24
    assert Ticket.objects.get(token_hash=token_hash(issued.token)) == issued.ticket
    assert issued.token not in str(Ticket.objects.filter(pk=issued.ticket.pk).values().get())


def test_a_closed_hall_issues_nothing(hall, cat_a):
    hall.is_open = False
    hall.save()
    cat_a.refresh_from_db()
    with pytest.raises(ValidationError):
        issue(cat_a)


def test_calls_move_the_board_version_after_the_commit(hall, cat_a, desk1, dana, django_capture_on_commit_callbacks):
    before = board.version(hall.pk)
    with django_capture_on_commit_callbacks(execute=True):
        issue(cat_a)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.ticket_call_next(actor=dana, desk=desk1, now=NOW)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.ticket_recall(actor=dana, ticket=ticket)
    assert board.version(hall.pk) == before + 2
    pending[0]()
    assert board.version(hall.pk) >= before + 3
