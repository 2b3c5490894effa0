"""The staff page of a hall's figures and its CSV: every staff role of the territory reads them,
staff of another akimat do not find the hall."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_staff, verified_client
from openakimat.common.roles import Role
from openakimat.queueing.models import TicketStatus

from .factories import make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The addresses in English, so that the pages answer in it."""
    with translation.override("en"):
        yield


@pytest.fixture
def served(cat_a, cat_b, desk1):
    now = timezone.now() - timedelta(days=1)
    make_ticket(cat_a, now, wait=10, service=10, desk=desk1)
    make_ticket(cat_a, now, wait=20, service=20, desk=desk1)
    make_ticket(cat_b, now, status=TicketStatus.NO_SHOW, wait=30, desk=desk1)
    return now


def test_an_akim_reads_the_figures_of_the_last_30_days(hall, served, akzhar_akimat):
    client = verified_client(make_staff("akim.user", Role.AKIM, akzhar_akimat))
    response = client.get(reverse("queue_figures:index"))
    assert response.status_code == 302 and response["Location"].endswith(f"/staff/queue/figures/{hall.pk}/")
    html = client.get(response["Location"]).content.decode()
    assert "By category" in html and "By desk" in html and "By hour of the day" in html
    assert "15.0 / 15.0 / 19.0" in html  # the waits of A: 10 and 20 minutes
    assert "1 (100%)" in html  # B: one did not come, of one
    assert f"{(timezone.localdate() - timedelta(days=29)):%Y-%m-%d}" in html


def test_the_csv_has_the_same_figures(hall, served, akzhar_akimat):
    client = verified_client(make_staff("observer.user", Role.OBSERVER, akzhar_akimat))
    response = client.get(reverse("queue_figures:csv", kwargs={"hall_id": hall.pk}))
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    total = rows[0]
    assert (total["group"], total["issued"], total["done"], total["no_show"]) == ("total", "3", "2", "1")
    assert total["no_show_rate"] == "0.3333" and total["wait_mean_minutes"] == "20.0"
    a = next(r for r in rows if r["group"] == "category" and r["key"] == "A")
    assert (a["service_count"], a["service_median_minutes"]) == ("2", "15.0")


def test_a_chosen_period_without_tickets(hall, served, akzhar_akimat):
    client = verified_client(make_staff("akim.user", Role.AKIM, akzhar_akimat))
    html = client.get(
        reverse("queue_figures:hall", kwargs={"hall_id": hall.pk}), {"start": "2020-01-01", "end": "2020-01-31"}
    ).content.decode()
    assert "No tickets in this period." in html
    # A wrong date falls back to the last 30 days, never a 500.
    assert client.get(reverse("queue_figures:hall", kwargs={"hall_id": hall.pk}), {"start": "soon"}).status_code == 200


def test_staff_of_another_akimat_do_not_find_the_hall(hall, aiyrtau_akimat):
    client = verified_client(make_staff("other.akim", Role.AKIM, aiyrtau_akimat))
    assert client.get(reverse("queue_figures:hall", kwargs={"hall_id": hall.pk})).status_code == 404
    assert client.get(reverse("queue_figures:csv", kwargs={"hall_id": hall.pk})).status_code == 404
    assert "No akimat of yours" in client.get(reverse("queue_figures:index")).content.decode()
