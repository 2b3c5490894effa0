"""The demonstration hall's invented fortnight: tickets on working days only, numbers restarting
daily, figures and a current wait to show; loading again adds none."""

from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from openakimat.demo.tests import load_demo
from openakimat.queueing import figures, selectors
from openakimat.queueing.models import Hall, Ticket, TicketStatus

pytestmark = pytest.mark.django_db


def test_the_demo_hall_has_a_fortnight_to_show():
    load_demo()
    hall = Hall.objects.get()
    tickets = Ticket.objects.filter(hall=hall)
    assert 200 <= tickets.count() <= 600
    assert all(day.weekday() < 5 for day in tickets.values_list("day", flat=True).distinct())
    assert not tickets.filter(day__gte=timezone.localdate()).exists()
    assert tickets.values("day", "letter").annotate(first=Count("pk")).filter(first__gt=0).exists()
    assert tickets.filter(number=1).count() == tickets.values("day", "letter").distinct().count()
    today = timezone.localdate()
    result = figures.hall_figures(hall, today - timedelta(days=14), today)
    assert result.total.done > 0 and result.total.no_show > 0 and result.total.wait.p90 is not None
    assert {row.key for row in result.hours} <= {9, 10, 11, 12, 14, 15, 16, 17}
    assert len(selectors.public_current_wait(hall)) == hall.categories.count()
    count = tickets.count()
    load_demo()
    assert Ticket.objects.count() == count
    assert not tickets.filter(status=TicketStatus.WAITING).exists()
