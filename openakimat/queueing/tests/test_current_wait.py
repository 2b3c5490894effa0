"""The public current wait per category: people waiting × the measured mean service time (or the
category's average until a week has five tickets) ÷ the desks serving it with an operator signed in."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openakimat.queueing import selectors
from openakimat.queueing.models import TicketStatus

from .conftest import NOW
from .factories import make_ticket

pytestmark = pytest.mark.django_db


def waiting(category, n):
    for i in range(n):
        make_ticket(category, NOW - timedelta(minutes=30 - i), status=TicketStatus.WAITING)


def test_estimate_from_the_average_then_from_the_week_measured(hall, cat_a, cat_b, dana, yerlan):
    waiting(cat_a, 3)
    waiting(cat_b, 2)
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.public_current_wait(hall, now=NOW)
    assert len(queries) == 1
    a, b = rows
    # A: 3 × 15 min (no figures yet) ÷ desk 1; B: 2 × 15 ÷ desks 1 and 2.
    assert (a.letter, a.waiting, a.desks, a.estimate_minutes) == ("A", 3, 1, 45)
    assert (b.letter, b.waiting, b.desks, b.estimate_minutes) == ("B", 2, 2, 15)
    # Four served in the week: not enough; the fifth makes the measured 10 minutes count.
    for day in range(1, 5):
        make_ticket(cat_a, NOW - timedelta(days=day), wait=5, service=10, number=100)
    assert selectors.public_current_wait(hall, now=NOW)[0].estimate_minutes == 45
    make_ticket(cat_a, NOW - timedelta(days=5), wait=5, service=10, number=100)
    # One older than a week does not count.
    make_ticket(cat_a, NOW - timedelta(days=8), wait=5, service=100, number=100)
    assert selectors.public_current_wait(hall, now=NOW)[0].estimate_minutes == 30


def test_no_operator_counts_as_one_desk_and_nobody_waiting_is_no_wait(hall, cat_a, cat_b, desk1):
    waiting(cat_a, 2)
    a, b = selectors.public_current_wait(hall, now=NOW)
    assert (a.desks, a.estimate_minutes) == (0, 30)
    assert (b.waiting, b.estimate_minutes) == (0, 0)


def test_yesterdays_waiting_and_closed_halls_do_not_count(hall, cat_a, akzhar_akimat, talshik_akimat):
    make_ticket(cat_a, NOW - timedelta(days=1), status=TicketStatus.WAITING)
    assert selectors.current_wait_of_akimat(akzhar_akimat.pk, now=NOW)[0].waiting == 0
    assert selectors.current_wait_of_akimat(talshik_akimat.pk, now=NOW) == []
    hall.is_open = False
    hall.save()
    assert selectors.public_current_wait(hall, now=NOW) == []
    assert selectors.current_wait_by_hall([hall.pk], now=NOW) == {hall.pk: []}
