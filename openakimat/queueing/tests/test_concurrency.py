"""The queue under contention, with threads against PostgreSQL (SQLite serialises every writer, so
there is nothing to race): kiosks issuing at once never share a number, operators calling at once
never get the same ticket."""

from datetime import timedelta

import pytest
from django.db import connection

from conftest import make_staff
from openakimat.common.roles import Role
from openakimat.common.tests.concurrency import run_together
from openakimat.queueing import services
from openakimat.queueing.models import Ticket, TicketStatus

from .conftest import NOW, make_desk

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers by locking the whole file")


def test_kiosks_issuing_together_never_print_the_same_number(cat_a, cat_b):
    results = run_together(16, lambda i: services.ticket_issue(category=cat_a if i % 4 else cat_b, now=NOW).ticket)
    assert not [r for r in results if isinstance(r, BaseException)], results
    a = sorted(t.number for t in results if t.category_id == cat_a.pk)
    b = sorted(t.number for t in results if t.category_id == cat_b.pk)
    assert a == list(range(1, 13)) and b == list(range(1, 5))


def test_operators_calling_together_never_get_the_same_ticket(akzhar_akimat, hall, cat_a):
    for minute in range(12):
        services.ticket_issue(category=cat_a, now=NOW + timedelta(minutes=minute))
    operators = []
    for number in range(1, 9):
        desk = make_desk(hall, number, cat_a, hours=False)
        user = make_staff(f"operator{number}", Role.OPERATOR, akzhar_akimat)
        services.desk_sign_in(actor=user, desk=desk)
        operators.append((user, desk))
    later = NOW + timedelta(minutes=30)
    results = run_together(
        8, lambda i: services.ticket_call_next(actor=operators[i][0], desk=operators[i][1], now=later)
    )
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert None not in results
    assert len({t.pk for t in results}) == 8
    # The first eight in line, each at its own desk.
    first_eight = list(Ticket.objects.filter(category=cat_a).order_by("order_at")[:8])
    assert {t.pk for t in results} == {t.pk for t in first_eight}
    assert Ticket.objects.filter(status=TicketStatus.CALLED).values("desk").distinct().count() == 8


def test_more_operators_than_tickets_leaves_the_rest_with_nothing(akzhar_akimat, hall, cat_a):
    for minute in range(3):
        services.ticket_issue(category=cat_a, now=NOW + timedelta(minutes=minute))
    operators = []
    for number in range(1, 7):
        desk = make_desk(hall, number, cat_a, hours=False)
        user = make_staff(f"operator{number}", Role.OPERATOR, akzhar_akimat)
        services.desk_sign_in(actor=user, desk=desk)
        operators.append((user, desk))
    results = run_together(6, lambda i: services.ticket_call_next(actor=operators[i][0], desk=operators[i][1], now=NOW))
    called = [r for r in results if r is not None]
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert len(called) == 3 and len({t.pk for t in called}) == 3
