"""A ticket's place in line and its estimated wait, and the hall's current wait per category."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openakimat.queueing import estimates, services
from openakimat.queueing.models import Ticket, TicketStatus

from .conftest import NOW, make_desk


def issue(category, minutes=0, **extra):
    return services.ticket_issue(category=category, now=NOW + timedelta(minutes=minutes), **extra).ticket


def served(category, minutes, count, *, desk, days_ago=1):
    """`count` tickets of `category` served in `minutes` each, `days_ago` days before NOW."""
    for i in range(count):
        t = issue(category, -days_ago * 1440 + i)
        start = NOW - timedelta(days=days_ago) + timedelta(minutes=i * 30)
        Ticket.objects.filter(pk=t.pk).update(
            status=TicketStatus.DONE, desk=desk, started_at=start, finished_at=start + timedelta(minutes=minutes)
        )


def test_people_ahead_counts_the_categories_the_desks_serve_in_call_order(hall, cat_a, cat_b, desk1, desk2):
    # desk1 serves A and B, desk2 serves B: a B ticket competes with A tickets too (desk1 calls both).
    a1 = issue(cat_a, 0)
    b1 = issue(cat_b, 1)
    a2 = issue(cat_a, 2)
    b2 = issue(cat_b, 3)
    assert [estimates.people_ahead(t) for t in (a1, b1, a2, b2)] == [0, 1, 2, 3]


def test_a_priority_head_start_goes_ahead_and_closed_tickets_do_not_count(hall, cat_a, desk1):
    first, second = issue(cat_a, 0), issue(cat_a, 1)
    elderly = hall.priority_groups.get(code="elderly")
    late_but_elderly = issue(cat_a, 5, priority=elderly)
    assert estimates.people_ahead(late_but_elderly) == 0
    assert estimates.people_ahead(second) == 2
    services.ticket_cancel(actor=None, ticket=first, now=NOW + timedelta(minutes=6))
    assert estimates.people_ahead(second) == 1
    first.refresh_from_db()
    assert estimates.people_ahead(first) == 0  # not waiting


def test_a_ticket_sent_to_one_desk_waits_only_for_that_desk(hall, cat_a, cat_b, desk1, desk2):
    issue(cat_a, 0)  # only desk1 serves A
    b = issue(cat_b, 1)
    Ticket.objects.filter(pk=b.pk).update(for_desk=desk2)
    b.refresh_from_db()
    assert estimates.people_ahead(b) == 0


def test_the_estimate_uses_the_category_average_until_there_are_five_measured_visits(hall, cat_a, desk1, desk2, dana):
    cat_a.average_minutes = 12
    cat_a.save()
    tickets = [issue(cat_a, m) for m in range(3)]
    assert estimates.place(tickets[2], now=NOW) == estimates.Place(ahead=2, minutes=24)
    served(cat_a, 4, 4, desk=desk1)  # four samples: not enough
    assert estimates.place(tickets[2], now=NOW).minutes == 24
    served(cat_a, 4, 1, desk=desk1, days_ago=2)  # the fifth
    assert estimates.place(tickets[2], now=NOW).minutes == 8
    served(cat_a, 60, 10, desk=desk1, days_ago=8)  # older than a week: ignored
    assert estimates.place(tickets[2], now=NOW).minutes == 8


def test_the_wait_is_shared_by_the_desks_with_an_operator_signed_in(hall, cat_b, desk1, desk2, dana, yerlan):
    cat_b.average_minutes = 10
    cat_b.save()
    tickets = [issue(cat_b, m) for m in range(5)]
    # Two staffed desks serve B: four people ahead, 10 minutes each, two at a time.
    assert estimates.place(tickets[4], now=NOW) == estimates.Place(ahead=4, minutes=20)
    services.desk_sign_out(actor=yerlan, desk=desk2)
    assert estimates.place(tickets[4], now=NOW).minutes == 40


def test_nobody_signed_in_still_gives_an_estimate(hall, cat_a, desk1):
    tickets = [issue(cat_a, m) for m in range(2)]
    assert estimates.place(tickets[1], now=NOW) == estimates.Place(ahead=1, minutes=cat_a.average_minutes)


def test_current_wait_per_category_in_a_fixed_number_of_queries(hall, cat_a, cat_b, desk1, desk2, dana, yerlan):
    cat_a.average_minutes, cat_b.average_minutes = 15, 6
    cat_a.save()
    cat_b.save()
    with CaptureQueriesContext(connection) as few:
        estimates.current_wait(hall, now=NOW)
    for m in range(3):
        issue(cat_a, m)
    for m in range(4):
        issue(cat_b, m)
    make_desk(hall, 3, cat_a, hours=False)
    with CaptureQueriesContext(connection) as more:
        waits = estimates.current_wait(hall, now=NOW)
    assert len(more) == len(few) == 4
    by_letter = {w.category.letter: (w.waiting, w.minutes) for w in waits}
    # A: desk1 only (desk 3 has nobody signed in): 3 × 15. B: desks 1 and 2: 4 × 6 / 2.
    assert by_letter == {"A": (3, 45), "B": (4, 12)}


def test_current_wait_skips_inactive_categories(hall, cat_a, cat_b):
    cat_b.is_active = False
    cat_b.save()
    assert [w.category for w in estimates.current_wait(hall, now=NOW)] == [cat_a]
