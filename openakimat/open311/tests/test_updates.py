"""FixMyStreet's servicerequestupdates extension: the public steps of reports, polled by window."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openakimat.problems.models import ReportUpdate, Status

from .conftest import AIYRTAU, AKZHAR, both, get_json, make_report
from .schemas import check


def test_updates_list_each_public_step_oldest_first(client, roads, aiyrtau_roads):
    report = make_report(roads)
    other = make_report(aiyrtau_roads)
    ReportUpdate.objects.update(at=timezone.now() - timedelta(minutes=10))
    later = timezone.now() - timedelta(minutes=5)
    fixed = ReportUpdate.objects.create(report=report, at=later, status=Status.FIXED, text="Patched")
    body, root = both(client, "servicerequestupdates")
    check("updates", body)
    assert [(u["service_request_id"], u["status"]) for u in body] == [
        (str(report.pk), "open"),
        (str(other.pk), "open"),
        (str(report.pk), "fixed"),
    ]
    assert body[-1] == {
        "update_id": str(fixed.pk),
        "service_request_id": str(report.pk),
        "status": "fixed",
        "updated_datetime": timezone.localtime(later).isoformat(timespec="seconds"),
        "description": "Patched",
        "media_url": None,
    }
    assert root.tag == "service_request_updates"
    assert [u.findtext("status") for u in root.findall("request_update")] == ["open", "open", "fixed"]
    body, _root = both(client, "servicerequestupdates", jurisdiction_id=AIYRTAU)
    assert [u["service_request_id"] for u in body] == [str(other.pk)]


@pytest.mark.parametrize(
    ("status", "state"),
    [
        (Status.ACCEPTED, "investigating"),
        (Status.IN_PROGRESS, "in_progress"),
        (Status.CLOSED, "closed"),
        (Status.REJECTED, "no_further_action"),
        (Status.DUPLICATE, "duplicate"),
    ],
)
def test_statuses_are_fixmystreets_states(client, roads, status, state):
    report = make_report(roads)
    ReportUpdate.objects.create(report=report, at=timezone.now(), status=status)
    body, _root = both(client, "servicerequestupdates", jurisdiction_id=AKZHAR)
    assert body[-1]["status"] == state


def test_the_window_selects_by_the_time_of_the_update(client, roads):
    report = make_report(roads)
    old = timezone.now() - timedelta(days=40)
    ReportUpdate.objects.filter(report=report).update(at=old)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    body, _root = both(client, "servicerequestupdates", start_date=yesterday)
    assert body == []
    start = (old - timedelta(hours=1)).isoformat()
    end = (old + timedelta(hours=1)).isoformat()
    body, _root = both(client, "servicerequestupdates", start_date=start, end_date=end)
    assert len(body) == 1
    response, errors = get_json(client, "servicerequestupdates", start_date="2026-01-01", end_date="2026-12-01")
    assert response.status_code == 400
    check("errors", errors)


def test_updates_read_a_fixed_number_of_queries(client, roads, django_assert_num_queries):
    for _ in range(5):
        make_report(roads)
    with django_assert_num_queries(2):  # the jurisdiction, the updates
        client.get("/open311/v2/servicerequestupdates.json", {"jurisdiction_id": AKZHAR})
