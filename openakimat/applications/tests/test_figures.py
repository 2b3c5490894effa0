"""The public figures of a service: counted in the database, the same on SQLite and PostgreSQL,
and shown on the service's page without making it slow."""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection

from openakimat.applications.figures import _median_by_order, _median_postgresql, service_figures
from openakimat.applications.models import Application
from openakimat.applications.services import application_move, consultation_log
from openakimat.catalogue.models import ServiceOffering
from openakimat.catalogue.services import public_service_create
from openakimat.common.calendar import ALMATY

from .conftest import SYSTEM, TUESDAY_MORNING, applicant, make_iin

DUE = datetime(2026, 12, 9, 18, 0, tzinfo=ALMATY)  # of an application made on TUESDAY_MORNING


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def decide(register, specialist):
    """Register an application on TUESDAY_MORNING and decide it `days` (calendar) later."""
    serial = iter(range(300, 400))

    def make(days: float | None, *, refuse: bool = False):
        case = register(applicant=applicant(iin=make_iin(serial=next(serial))))
        if days is None:
            return case
        at = TUESDAY_MORNING + timedelta(days=days)
        application_move(actor=specialist, application=case, move="accept", now=at - timedelta(minutes=1))
        if refuse:
            application_move(actor=specialist, application=case, move="refuse", note="n", basis="b", now=at)
        else:
            application_move(actor=specialist, application=case, move="complete", now=at)
        return case

    return make


def test_a_service_without_applications_has_empty_figures(apz):
    assert service_figures(apz) == {
        "applications": 0,
        "decided": 0,
        "on_time": 0,
        "on_time_percent": None,
        "median_days": None,
        "consultations": 0,
    }


def test_figures_count_every_channel_and_decisions_by_their_due_date(decide, operator, apz, akzhar_akimat):
    decide(1)  # on time
    decide(3, refuse=True)  # a refusal is a decision too, on time
    decide(9)  # 10 December: after the due date
    decide(None)  # still open
    online = decide(None)
    Application.objects.filter(pk=online.pk).update(channel="online")
    for minutes in (5, 10):
        consultation_log(actor=operator, akimat=akzhar_akimat, minutes=minutes, outcome="answered", service=apz)
    consultation_log(actor=operator, akimat=akzhar_akimat, minutes=5, outcome="answered", topic="Other question")

    figures = service_figures(apz)
    assert figures["applications"] == 5
    assert figures["decided"] == 3 and figures["on_time"] == 2
    assert figures["on_time_percent"] == 67
    assert figures["median_days"] == 3.0
    assert figures["consultations"] == 2


def test_a_decision_exactly_at_the_due_time_is_on_time(decide, apz):
    decide((DUE - TUESDAY_MORNING).total_seconds() / 86400)
    assert service_figures(apz)["on_time"] == 1


@pytest.mark.parametrize(
    ("days", "median"),
    [([2], 2.0), ([1, 4], 2.5), ([5, 1, 3], 3.0), ([1, 2, 6, 10], 4.0), ([0.5, 0.25, 8, 1, 1.5], 1.0)],
)
def test_the_median_is_the_middle_decision_time(decide, apz, days, median):
    for d in days:
        decide(d)
    assert service_figures(apz)["median_days"] == median


def test_the_median_reads_only_the_middle_rows(decide, apz, django_assert_num_queries):
    for d in (1, 2, 3, 4, 5, 6):
        decide(d)
    decided = Application.objects.filter(service=apz, decided_at__isnull=False)
    with django_assert_num_queries(1) as captured:
        assert _median_by_order(decided, 6) == timedelta(days=3.5)
    sql = captured.captured_queries[0]["sql"].upper()
    assert "LIMIT 2" in sql and "OFFSET 2" in sql


def test_on_postgresql_the_median_is_the_same_by_percentile_cont(decide, apz):
    if connection.vendor != "postgresql":
        pytest.skip("PERCENTILE_CONT is PostgreSQL's")
    for d in (0.5, 1, 4, 7.25):
        decide(d)
    decided = Application.objects.filter(service=apz, decided_at__isnull=False)
    assert _median_postgresql(decided) == _median_by_order(decided, 4) == timedelta(days=2.5)


def test_the_figures_take_at_most_three_queries(decide, apz, django_assert_max_num_queries):
    for d in (1, 2, 3):
        decide(d)
    with django_assert_max_num_queries(3):
        service_figures(apz)


# On the service page


def test_the_service_page_shows_the_figures_once_there_are_applications(client, decide, apz):
    decide(1)
    decide(9)
    html = client.get(f"/en/services/{apz.code}/").content.decode()
    assert "In figures" in html
    assert "<dt>Applications</dt><dd>2</dd>" in html
    assert "50 % of 2 decided applications" in html
    assert "5 days" in html  # median of 1 and 9


def test_the_service_page_says_when_there_are_no_applications_yet(client, offering):
    html = client.get(f"/en/services/{offering.service.code}/").content.decode()
    assert "No applications yet." in html and "<dt>Applications</dt>" not in html


def test_the_service_page_links_to_the_online_form_only_where_one_exists(client, offering, akzhar_construction):
    html = client.get(f"/ru/services/{offering.service.code}/").content.decode()
    assert f'href="/ru/apply/{offering.service.code}/"' in html
    desk_only = public_service_create(
        actor=SYSTEM,
        code="CONS-02",
        department_kind="construction",
        name_en="Sketch design approval",
        name_ru="Согласование эскиза",
        name_kk="Эскизді келісу",
        term_value=10,
        term_unit="working_days",
        online=False,
        documents=[],
    )
    ServiceOffering.objects.create(service=desk_only, department=akzhar_construction)
    assert "/apply/" not in client.get("/ru/services/CONS-02/").content.decode()
    nowhere = public_service_create(
        actor=SYSTEM,
        code="CONS-03",
        department_kind="construction",
        name_en="Address reference",
        name_ru="Адресная справка",
        name_kk="Мекенжай анықтамасы",
        term_value=1,
        term_unit="working_days",
        online=True,
        documents=[],
    )
    assert nowhere.online and "/apply/" not in client.get("/ru/services/CONS-03/").content.decode()


def test_the_service_page_query_count_is_pinned(
    client, decide, apz, operator, akzhar_akimat, django_assert_max_num_queries
):
    for d in (1, 2, 3, 9, None):
        decide(d)
    consultation_log(actor=operator, akimat=akzhar_akimat, minutes=5, outcome="answered", service=apz)
    client.get(f"/en/services/{apz.code}/")  # warm the session and language middleware
    # service, documents, offerings, the figures' aggregate, consultations and median
    with django_assert_max_num_queries(6):
        response = client.get(f"/en/services/{apz.code}/")
    assert response.status_code == 200
