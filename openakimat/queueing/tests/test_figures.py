"""The hall's figures on hand-made tickets whose numbers are known, in a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from openakimat.common import publish
from openakimat.queueing import figures
from openakimat.queueing.models import TicketStatus

from .conftest import NOW
from .factories import make_ticket

pytestmark = pytest.mark.django_db
DAY = NOW.date()
T10 = NOW  # 10:00 in Talshik (04:00 UTC): the hours are local
T11 = NOW + timedelta(hours=1)


@pytest.fixture
def tickets(cat_a, cat_b, desk1, desk2):
    make_ticket(cat_a, T10, wait=10, service=10, desk=desk1)
    make_ticket(cat_a, T10, wait=20, service=20, desk=desk1)
    make_ticket(cat_a, T11, status=TicketStatus.NO_SHOW, wait=30, desk=desk1)
    make_ticket(cat_a, T11 + timedelta(minutes=5), status=TicketStatus.CANCELLED)
    make_ticket(cat_b, T10 + timedelta(minutes=30), wait=5, service=5, desk=desk2)
    # Outside the period: the day before.
    make_ticket(cat_a, T10 - timedelta(days=1), wait=90, service=90, desk=desk1)


def test_percentile_interpolates_between_ranks():
    assert figures.percentile([], 0.5) is None
    assert figures.percentile([5.0], 0.9) == 5.0
    assert figures.percentile([600.0, 1200.0, 1800.0], 0.9) == pytest.approx(1680.0)
    assert figures.percentile([600.0, 1200.0], 0.5) == pytest.approx(900.0)


def test_figures_per_category_desk_and_hour(tickets, hall):
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        result = figures.hall_figures(hall, DAY, DAY)
    # Grouped by category, by desk, by hour; the durations; the categories' names.
    assert len(queries) == 5
    a, b = result.categories
    assert a.label.startswith("A") and b.label.startswith("B")
    assert (a.issued, a.done, a.no_show, a.cancelled) == (4, 2, 1, 1)
    assert a.wait == figures.Durations(3, 1200.0, 1200.0, pytest.approx(1680.0))
    assert a.service == figures.Durations(2, 900.0, 900.0, pytest.approx(1140.0))
    assert a.no_show_rate == pytest.approx(0.3333, abs=1e-4)
    assert b.wait == figures.Durations(1, 300.0, 300.0, 300.0)
    assert b.no_show_rate == 0
    desks = {row.key: row for row in result.desks}
    assert set(desks) == {1, 2}
    assert (desks[1].issued, desks[1].no_show, desks[1].cancelled) == (3, 1, 0)
    assert desks[2].service.mean == 300.0
    hours = {row.key: row for row in result.hours}
    assert set(hours) == {10, 11}
    assert hours[10].wait == figures.Durations(3, 700.0, 600.0, pytest.approx(1080.0))
    assert (hours[11].issued, hours[11].no_show, hours[11].cancelled) == (2, 1, 1)
    total = result.total
    assert (total.issued, total.done, total.no_show, total.cancelled) == (5, 3, 1, 1)
    assert total.wait.count == 4 and total.wait.mean == pytest.approx(975.0)
    assert total.wait.median == pytest.approx(900.0) and total.wait.p90 == pytest.approx(1620.0)
    assert total.no_show_rate == pytest.approx(0.25)


def test_the_queries_do_not_grow_with_the_tickets(tickets, hall, cat_a, cat_b, desk1, desk2):
    for i in range(30):
        make_ticket(cat_b if i % 2 else cat_a, T10 + timedelta(hours=i % 8), wait=i, service=3, desk=desk2)
    with CaptureQueriesContext(connection) as queries:
        result = figures.hall_figures(hall, DAY - timedelta(days=3), DAY)
    assert len(queries) == 5
    assert result.total.issued == 36
    assert result.complete


def test_a_period_past_the_sample_bound_leaves_the_percentiles_out(tickets, hall, monkeypatch):
    monkeypatch.setattr(figures, "MAX_SAMPLES", 2)
    result = figures.hall_figures(hall, DAY, DAY)
    assert not result.complete
    assert result.total.wait.mean == pytest.approx(975.0) and result.total.wait.median is None


def test_an_empty_period_and_reversed_dates(hall, tickets):
    empty = figures.hall_figures(hall, date(2020, 1, 1), date(2020, 1, 2))
    assert empty.categories == [] and empty.total.issued == 0 and empty.total.no_show_rate is None
    assert figures.hall_figures(hall, DAY, DAY - timedelta(days=1)).total.issued == 6


def test_published_for_accountability(tickets, hall, akzhar_akimat, monkeypatch):
    monkeypatch.setattr("openakimat.queueing.publishing.timezone.now", lambda: NOW + timedelta(hours=8))
    found = publish.collect("territory.akimat", akzhar_akimat)
    assert found["queue_wait_p90_minutes"] == pytest.approx(66.0)  # of 5, 10, 20, 30, 90 minutes
    assert found["queue_no_show_rate"] == pytest.approx(0.2)  # one of four served and one no-show
    assert found["queue_served_per_day"] == pytest.approx(round(4 / 30, 1))
    assert found["queue_period"][1] == DAY.isoformat()


def test_nothing_published_for_an_akimat_without_a_hall(talshik_akimat):
    assert publish.collect("territory.akimat", talshik_akimat) == {}
