"""The staff triage pages: the inbox and the report page with its forms, by role; the reporter shown
only to the front office and the observers; service errors on the fields (400), a stale form a 409;
query counts pinned."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_staff
from openakimat.common.roles import Role
from openakimat.control.models import Instruction
from openakimat.problems.models import Status

from . import triage_fixtures as fx
from .triage_fixtures import make_report

roads, lights, aiyrtau_roads, talshik_village = fx.roads, fx.lights, fx.aiyrtau_roads, fx.talshik_village
pytestmark = pytest.mark.django_db


def _url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"problems_staff:{name}", kwargs=kwargs)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_inbox_shows_new_reports_oldest_first(staff_client, operator, roads, aiyrtau_roads, language):
    first, second = make_report(roads), make_report(roads)
    make_report(aiyrtau_roads)
    response = staff_client(operator).get(_url("inbox", language))
    assert response.status_code == 200
    assert [r.pk for r in response.context["rows"]] == [first.pk, second.pk]


def test_the_inbox_filters(staff_client, operator, roads, lights, talshik_village):
    make_report(roads)
    lit = make_report(lights, territory=talshik_village)
    client = staff_client(operator)
    assert [r.pk for r in client.get(_url("inbox"), {"category": lights.pk}).context["rows"]] == [lit.pk]
    assert [r.pk for r in client.get(_url("inbox"), {"village": talshik_village.kato}).context["rows"]] == [lit.pk]
    assert client.get(_url("inbox"), {"village": "000000000"}).status_code == 400
    assert client.get(_url("inbox"), {"status": "nonsense"}).status_code == 400


def test_the_inbox_query_count_is_pinned(staff_client, operator, roads, lights, django_assert_num_queries):
    for i in range(20):
        make_report(roads if i % 2 else lights)
    client = staff_client(operator)
    client.get(_url("inbox"))
    # session, user, device, grants; the categories of the filter; the page of reports; the
    # grants with their akimats for the layout's header
    with django_assert_num_queries(7):
        response = client.get(_url("inbox"))
    assert len(response.context["rows"]) == 20


def test_the_report_page_shows_the_reporter_to_the_operator_only(staff_client, operator, roads, akzhar_construction):
    report = make_report(roads)
    page = staff_client(operator).get(_url("report", report_id=report.pk)).content.decode()
    assert "Айгерім Сәтбаева" in page and "aigerim@example.kz" in page
    specialist = make_staff("spec", Role.SPECIALIST, roads.akimat, akzhar_construction)
    page = staff_client(specialist).get(_url("report", report_id=report.pk)).content.decode()
    assert "Сәтбаева" not in page and "aigerim@example.kz" not in page and "+77011234567" not in page
    assert "accept_form" not in str(page)


def test_the_report_page_of_another_akimat_is_not_found(staff_client, aiyrtau_head, roads):
    report = make_report(roads)
    assert staff_client(aiyrtau_head).get(_url("report", report_id=report.pk)).status_code == 404


def test_accept_through_the_page(staff_client, operator, roads):
    report = make_report(roads)
    client = staff_client(operator)
    page = client.get(_url("report", report_id=report.pk))
    form = page.context["accept_form"]
    assert form.initial["deadline"] == timezone.localdate() + timedelta(days=7)
    assert form.initial["department"] == roads.department_id
    # the date field shows the proposed deadline in the form a date input reads
    assert f'value="{form.initial["deadline"].isoformat()}"' in page.content.decode()
    deadline = (timezone.localdate() + timedelta(days=5)).isoformat()
    data = {"version": 1, "title": "Patch it", "deadline": deadline, "department": roads.department_id}
    response = client.post(_url("accept", report_id=report.pk), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED
    instruction = Instruction.objects.get(source_type=ContentType.objects.get_for_model(report), source_id=report.pk)
    assert instruction.deadline.isoformat() == deadline
    # the same form again: the report moved on
    assert client.post(_url("accept", report_id=report.pk), data).status_code in (403, 409)


def test_a_bad_accept_shows_the_message_and_changes_nothing(staff_client, operator, roads):
    report = make_report(roads)
    client = staff_client(operator)
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    data = {"version": 1, "title": "Patch it", "deadline": past, "department": roads.department_id}
    response = client.post(_url("accept", report_id=report.pk), data)
    assert response.status_code == 400
    assert "past" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.OPEN


def test_a_stale_form_is_a_409(staff_client, operator, roads):
    report = make_report(roads)
    client = staff_client(operator)
    assert client.post(_url("update", report_id=report.pk), {"version": 1, "text": "Looking"}).status_code == 302
    response = client.post(_url("reject", report_id=report.pk), {"version": 1, "reason": "No"})
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.status == Status.OPEN


def test_merge_and_reject_through_the_page(staff_client, operator, roads):
    original, duplicate, other = make_report(roads), make_report(roads), make_report(roads)
    client = staff_client(operator)
    candidates = client.get(_url("report", report_id=duplicate.pk)).context["candidates"]
    assert original.pk in [c.pk for c in candidates]
    assert client.post(_url("merge", report_id=duplicate.pk), {"version": 1, "into": original.pk}).status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.duplicate_of_id) == (Status.DUPLICATE, original.pk)
    assert client.post(_url("reject", report_id=other.pk), {"version": 1, "reason": ""}).status_code == 400
    assert client.post(_url("reject", report_id=other.pk), {"version": 1, "reason": "Private land"}).status_code == 302


def test_the_observer_reads_but_may_not_act(staff_client, region_observer, roads):
    report = make_report(roads)
    client = staff_client(region_observer)
    page = client.get(_url("report", report_id=report.pk))
    assert page.status_code == 200 and not page.context["actions"]
    assert client.post(_url("reject", report_id=report.pk), {"version": 1, "reason": "x"}).status_code == 403


def test_the_report_page_query_count_is_pinned(staff_client, operator, roads, django_assert_num_queries):
    report = make_report(roads)
    for _ in range(10):
        make_report(roads)
    client = staff_client(operator)
    client.get(_url("report", report_id=report.pk))
    # session, user, device, grants; the report; photos, history, departments, candidates; the
    # layout's grants
    with django_assert_num_queries(10):
        response = client.get(_url("report", report_id=report.pk))
    assert response.status_code == 200 and len(response.context["candidates"]) == 10


def test_anonymous_is_sent_to_sign_in(client, roads):
    report = make_report(roads)
    assert client.get(_url("inbox")).status_code == 302
    assert client.get(_url("report", report_id=report.pk)).status_code == 302


def test_the_staff_menu_offers_triage_to_readers_only(staff_client, operator, akzhar_akimat):
    home = staff_client(operator).get(reverse("staff-home")).content.decode()
    assert _url("inbox", "kk") in home
    finance = make_staff("dina.finance", Role.FINANCE, akzhar_akimat)
    assert _url("inbox", "kk") not in staff_client(finance).get(reverse("staff-home")).content.decode()
    assert staff_client(finance).get(_url("inbox")).status_code == 403
