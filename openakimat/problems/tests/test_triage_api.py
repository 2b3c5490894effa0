"""The staff triage API: the same policy and services as the pages, no reporter in the answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_staff
from openakimat.common.roles import Role
from openakimat.problems.models import Status

from . import triage_fixtures as fx
from .triage_fixtures import make_report

roads, aiyrtau_roads = fx.roads, fx.aiyrtau_roads
pytestmark = pytest.mark.django_db


def _post(client, path, body):
    return client.post(f"/api/v1/staff/problems/{path}", body, content_type="application/json")


def test_the_inbox_has_no_reporter(staff_client, operator, roads, aiyrtau_roads):
    ours = make_report(roads)
    make_report(aiyrtau_roads)
    response = staff_client(operator).get("/api/v1/staff/problems")
    assert response.status_code == 200
    assert [i["id"] for i in response.json()["items"]] == [ours.pk]
    assert "aigerim" not in response.content.decode() and "7011234567" not in response.content.decode()


def test_accept_reject_merge_update(staff_client, operator, roads):
    a, b, c = make_report(roads), make_report(roads), make_report(roads)
    client = staff_client(operator)
    deadline = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = _post(client, f"{a.pk}/accept", {"version": 1, "title": "Patch", "deadline": deadline})
    assert response.status_code == 200 and response.json()["status"] == Status.ACCEPTED
    assert _post(client, f"{a.pk}/accept", {"version": 2, "title": "Again", "deadline": deadline}).status_code == 409
    other = {"version": 1, "title": "Patch", "deadline": deadline, "department": 999999}
    assert _post(client, f"{b.pk}/accept", other).status_code == 400
    assert _post(client, f"{b.pk}/reject", {"version": 1, "reason": ""}).status_code == 400
    assert _post(client, f"{b.pk}/reject", {"version": 1, "reason": "Private land"}).json()["status"] == "rejected"
    merged = _post(client, f"{c.pk}/merge", {"version": 1, "into": a.pk})
    assert merged.status_code == 200 and merged.json()["duplicate_of_id"] == a.pk
    assert _post(client, f"{a.pk}/updates", {"version": 5, "note": "Crew on Monday"}).status_code == 409
    assert _post(client, f"{a.pk}/updates", {"version": 2, "note": "Crew on Monday"}).status_code == 200


def test_refusals(staff_client, akzhar_head, aiyrtau_head, roads, akzhar_construction):
    report = make_report(roads)
    deadline = (timezone.localdate() + timedelta(days=5)).isoformat()
    body = {"version": 1, "title": "Patch", "deadline": deadline}
    assert _post(staff_client(akzhar_head), f"{report.pk}/accept", body).status_code == 403
    assert _post(staff_client(aiyrtau_head), f"{report.pk}/reject", {"version": 1, "reason": "x"}).status_code == 404
    specialist = make_staff("spec", Role.SPECIALIST, roads.akimat, akzhar_construction)
    assert _post(staff_client(specialist), f"{report.pk}/reject", {"version": 1, "reason": "x"}).status_code == 403
    report.refresh_from_db()
    assert report.status == Status.OPEN and report.version == 1
