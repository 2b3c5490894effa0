"""The public list and map: filters by status, category, village and akimat; only public fields;
bounded pages and features; query counts that do not grow with the rows; bad filters a 400."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from openakimat.problems.models import Report, Status
from openakimat.problems.services import report_accept, report_merge, report_reject
from openakimat.problems.views_public_list import PAGE_SIZE

from . import triage_fixtures as fx
from .triage_fixtures import make_report

roads, lights, aiyrtau_roads, talshik_village = fx.roads, fx.lights, fx.aiyrtau_roads, fx.talshik_village
pytestmark = pytest.mark.django_db


def _list(client, language="en", **query):
    with translation.override(language):
        url = reverse("problem_map:list")
    return client.get(url, query)


def _geojson(client, **query):
    with translation.override("en"):
        url = reverse("problem_map:geojson")
    return client.get(url, query)


def _ids(response) -> list[int]:
    return [r.pk for r in response.context["rows"]]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_list_renders_in_each_language_without_the_reporter(client, roads, language):
    report = make_report(roads)
    response = _list(client, language)
    assert response.status_code == 200
    body = response.content.decode()
    assert f"report-{report.pk}" in body and "A deep pothole" in body
    assert "Сәтбаева" not in body and "aigerim@example.kz" not in body and "7011234567" not in body
    assert f'lang="{language}"' in body


def test_filters_by_status_category_village_and_akimat(client, roads, lights, aiyrtau_roads, talshik_village, operator):
    new = make_report(roads)
    in_village = make_report(lights, territory=talshik_village, lat=None, lon=None)
    elsewhere = make_report(aiyrtau_roads)
    rejected = make_report(roads)
    report_reject(actor=operator, report=rejected, reason="Not ours")
    duplicate = make_report(roads)
    report_merge(actor=operator, report=duplicate, into=new)
    assert _ids(_list(client)) == [rejected.pk, elsewhere.pk, in_village.pk, new.pk]
    assert _ids(_list(client, status="open")) == [elsewhere.pk, in_village.pk, new.pk]
    assert _ids(_list(client, status="closed")) == [rejected.pk]
    assert _ids(_list(client, status="duplicate")) == [duplicate.pk]
    assert _ids(_list(client, category=lights.pk)) == [in_village.pk]
    assert _ids(_list(client, village=talshik_village.kato)) == [in_village.pk]
    # the district holds the village and the reports with only a point in it
    district = roads.akimat.territory.kato
    assert _ids(_list(client, village=district, status="open")) == [in_village.pk, new.pk]
    assert _ids(_list(client, akimat=aiyrtau_roads.akimat_id)) == [elsewhere.pk]


def test_an_accepted_report_shows_its_status(client, roads, operator):
    from datetime import timedelta

    from django.utils import timezone

    report = make_report(roads)
    report_accept(actor=operator, report=report, title="Patch it", deadline=timezone.localdate() + timedelta(days=3))
    body = _list(client).content.decode()
    assert "report-working" in body and "Accepted" in body


@pytest.mark.parametrize(
    "query",
    [{"status": "nonsense"}, {"category": "999999"}, {"village": "000000000"}, {"akimat": "abc"}, {"bbox": "1,2,3"}],
)
def test_a_bad_filter_is_a_400_with_a_message(client, roads, query):
    make_report(roads)
    response = _list(client, **query)
    assert response.status_code == 400
    assert b"error-summary" in response.content


def test_pages_are_bounded_and_linked(client, roads):
    reports = [make_report(roads, description=f"Pothole {i}") for i in range(PAGE_SIZE + 2)]
    first = _list(client)
    assert len(first.context["rows"]) == PAGE_SIZE and first.context["has_next"]
    second = _list(client, page="2")
    assert _ids(second) == [reports[1].pk, reports[0].pk] and not second.context["has_next"]
    assert _list(client, page="99999999999999999999").status_code == 200


def test_the_list_query_count_does_not_grow_with_the_rows(
    client, roads, lights, aiyrtau_roads, talshik_village, django_assert_num_queries
):
    for i in range(PAGE_SIZE + 5):
        make_report(roads if i % 2 else lights, territory=talshik_village if i % 3 else None)
    # akimats, categories, areas of the filters; the page of reports (one more row than shown)
    with django_assert_num_queries(4):
        response = _list(client, status="open", village=talshik_village.kato, category=roads.pk)
    assert response.status_code == 200 and response.context["rows"]


def test_the_geojson_has_public_fields_only(client, roads):
    report = make_report(roads, address="Abay street by the school")
    make_report(roads, lat=None, lon=None, address="No point here")
    response = _geojson(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection" and not data["truncated"]
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [71.9, 53.6]}
    assert feature["properties"]["id"] == report.pk
    assert feature["properties"]["status"] == Status.OPEN and feature["properties"]["status_label"] == "Reported"
    assert set(feature["properties"]) == {
        "id",
        "category",
        "status",
        "status_label",
        "colour",
        "address",
        "territory",
        "created",
        "url",
    }
    assert "aigerim" not in response.content.decode() and "Сәтбаева" not in response.content.decode()


def test_the_geojson_is_bounded_by_the_box_and_the_limit(client, roads, monkeypatch, django_assert_num_queries):
    inside = make_report(roads, lat="53.60", lon="71.90")
    make_report(roads, lat="50.00", lon="60.00")
    data = json.loads(_geojson(client, bbox="71.0,53.0,72.0,54.0").content)
    assert [f["id"] for f in data["features"]] == [inside.pk]
    monkeypatch.setattr("openakimat.problems.selectors.FEATURES_MAX", 1)
    make_report(roads, lat="53.61", lon="71.91")
    with django_assert_num_queries(4):
        data = json.loads(_geojson(client, bbox="71.0,53.0,72.0,54.0").content)
    assert len(data["features"]) == 1 and data["truncated"]


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "10,0,5,1", "0,-91,1,1", "NaN,0,1,1", "1e999,0,1,1"])
def test_a_bad_box_is_a_400(client, roads, bbox):
    response = _geojson(client, bbox=bbox)
    assert response.status_code == 400
    assert "bbox" in json.loads(response.content)["errors"]


def test_report_rows_read_no_encrypted_column(roads):
    from openakimat.problems import selectors

    make_report(roads)
    sql = str(selectors.public_reports(selectors.Filters()).query)
    assert "reporter" not in sql
    assert Report.objects.count() == 1
