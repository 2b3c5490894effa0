"""Open311 reads: discovery, services (problem categories), service definitions and service
requests (public problem reports), in JSON and XML, each JSON answer validated against the official
GeoReport v2 schemas with format checking on; the errors in Open311's format."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from openakimat.control.models import Instruction
from openakimat.open311.models import SubmittedMedia
from openakimat.problems.models import Report, ReportPhoto, Status

from .conftest import AIYRTAU, AKZHAR, BASE, both, get_json, make_report, parse
from .schemas import check

# Discovery and services


def test_discovery_lists_the_endpoint_and_the_jurisdictions(client, roads, aiyrtau_roads):
    body, root = both(client, "discovery")
    check("discovery", body)
    endpoint = body["endpoints"][0]
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert "/developers/open311/keys/" in body["key_service"]
    assert [j["jurisdiction_id"] for j in body["jurisdictions"]] == [AIYRTAU, AKZHAR]
    assert [j.findtext("jurisdiction_id") for j in root.findall("jurisdictions/jurisdiction")] == [AIYRTAU, AKZHAR]


def test_services_are_the_active_categories_of_the_jurisdiction(client, roads, lighting, aiyrtau_roads):
    lighting_off = type(lighting).objects.create(
        akimat=lighting.akimat, code="old", department=lighting.department, name_kk="Ескі", is_active=False
    )
    body, root = both(client, "services", jurisdiction_id=AKZHAR)
    check("services", body)
    assert [s["service_code"] for s in body] == ["roads", "lighting"]
    assert lighting_off.code not in str(body)
    assert body[0] | {"group": None} == {
        "service_code": "roads",
        "service_name": "Жолдар",  # Kazakh by default
        "description": "Potholes, broken kerbs.",  # no Kazakh one: the English
        "metadata": True,
        "type": "realtime",
        "keywords": "roads",
        "group": None,
    }
    assert body[1]["description"] is None  # none at all: null, never ""
    assert [s.findtext("service_code") for s in root.findall("service")] == ["roads", "lighting"]
    assert root.find("service/metadata").text == "true"


@pytest.mark.parametrize(("locale", "name"), [("ru", "Дороги"), ("en", "Roads"), ("kk", "Жолдар"), ("xx", "Жолдар")])
def test_names_and_content_language_follow_the_locale(client, roads, locale, name):
    response, body = get_json(client, "services", jurisdiction_id=AKZHAR, locale=locale)
    assert body[0]["service_name"] == name
    assert response["Content-Language"] == (locale if locale != "xx" else "kk")


def test_without_a_jurisdiction_the_only_one_is_used_and_with_two_it_is_required(client, roads, aiyrtau_roads):
    response, body = get_json(client, "services")
    assert response.status_code == 400 and "jurisdiction_id" in body[0]["description"]
    check("errors", body)
    aiyrtau_roads.is_active = False
    aiyrtau_roads.save()
    response, body = get_json(client, "services")
    assert response.status_code == 200 and [s["service_code"] for s in body] == ["roads"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("path", ["services", "services/roads", "requests", "servicerequestupdates"])
@pytest.mark.parametrize("jurisdiction", ["000000000", "x", "5934000001"])
def test_an_unknown_jurisdiction_is_a_404_in_open311_format(client, roads, fmt, path, jurisdiction):
    response = client.get(f"{BASE}/{path}.{fmt}", {"jurisdiction_id": jurisdiction, "locale": "ru"})
    assert response.status_code == 404
    if fmt == "json":
        check("errors", response.json())
        assert response.json()[0]["code"] == 404
    else:
        assert parse(response.content).findtext("error/code") == "404"


def test_a_definition_declares_every_attribute_a_submission_needs(client, roads, lighting):
    body, root = both(client, "services/roads", jurisdiction_id=AKZHAR, locale="en")
    check("service-definition", body)
    codes = {a["code"]: a for a in body["attributes"]}
    assert set(codes) == {"contact", "place", "village"}  # roads takes no anonymous reports
    assert codes["village"]["values"] == [{"key": "593430000", "name": "Talshik rural okrug"}]
    assert codes["contact"]["variable"] is False
    assert [v.findtext("key") for v in root.findall("attributes/attribute/values/value")] == ["593430000"]
    body, _root = both(client, "services/lighting", jurisdiction_id=AKZHAR)
    check("service-definition", body)
    anonymous = next(a for a in body["attributes"] if a["code"] == "anonymous")
    assert [v["key"] for v in anonymous["values"]] == ["true", "false"]


def test_with_no_jurisdiction_at_all_the_services_are_an_empty_list(client, db):
    body, root = both(client, "services")
    assert body == [] and root.tag == "services"
    response, body = get_json(client, "services/roads")
    assert response.status_code == 404


def test_an_unknown_service_is_a_404(client, roads):
    response, body = get_json(client, "services/nothing", jurisdiction_id=AKZHAR)
    assert response.status_code == 404
    check("errors", body)


# Requests


def test_requests_are_the_public_reports_without_their_reporter(client, roads, lighting):
    report = make_report(roads, address="Abay street 5", territory=roads.akimat.territory.children.get())
    closed = make_report(lighting, "Dark street", lat=None, lon=None, address="Near the mosque")
    Report.objects.filter(pk=closed.pk).update(status=Status.REJECTED, public_note="Not ours: KEGOC's line")
    ReportPhoto.objects.create(report=report, file="problems/2026/11/a.jpg")
    ReportPhoto.objects.create(report=report, file="problems/2026/11/hidden.jpg", is_public=False)
    SubmittedMedia.objects.create(report=closed, url="https://photos.example.org/1.jpg")
    deadline = timezone.localdate() + timedelta(days=5)
    # Made directly: what Open311 reads of an instruction is only its deadline.
    Instruction.objects.create(
        number="AKZ-I-1",
        akimat=roads.akimat,
        department=roads.department,
        title="Patch it",
        source_type=ContentType.objects.get_for_model(Report),
        source_id=report.pk,
        source_kind="problems.report",
        deadline=deadline,
        original_deadline=deadline,
    )
    body, root = both(client, "requests", jurisdiction_id=AKZHAR)
    check("requests", body)
    assert [r["service_request_id"] for r in body] == [str(closed.pk), str(report.pk)]
    rejected, first = body
    assert (rejected["status"], rejected["status_notes"]) == ("closed", "Not ours: KEGOC's line")
    assert rejected["media_url"] == "https://photos.example.org/1.jpg"
    assert (rejected["lat"], rejected["long"], rejected["address_id"]) == (None, None, None)
    assert first["status"] == "open" and first["status_notes"] is None
    assert first["media_url"].startswith("http://testserver/") and first["media_url"].endswith("a.jpg")
    assert (first["lat"], first["long"], first["address_id"]) == (53.293, 68.105, "593430000")
    assert first["address"] == "Abay street 5" and first["description"] == "Pothole by the school"
    assert first["agency_responsible"] == roads.department.name_kk
    assert first["expected_datetime"] == f"{deadline.isoformat()}T23:59:59+05:00"
    assert first["updated_datetime"] == first["requested_datetime"]
    assert root.findall("request")[1].findtext("media_url").endswith("a.jpg")
    assert root.findall("request")[0].findtext("lat") == ""


def test_updated_datetime_is_the_last_status_change(client, roads):
    report = make_report(roads)
    changed = timezone.now() + timedelta(hours=3)
    Report.objects.filter(pk=report.pk).update(status_changed_at=changed, status=Status.FIXED)
    body, _root = both(client, "requests", service_request_id=str(report.pk))
    assert body[0]["updated_datetime"] == timezone.localtime(changed).isoformat(timespec="seconds")
    assert body[0]["status"] == "closed"


def test_filters_by_id_code_status_and_dates(client, roads, lighting, aiyrtau_roads):
    a, b, c = make_report(roads), make_report(lighting), make_report(aiyrtau_roads)
    Report.objects.filter(pk=b.pk).update(status=Status.FIXED)
    Report.objects.filter(pk=a.pk).update(created_at=timezone.now() - timedelta(days=120))

    def ids(**params):
        body, _root = both(client, "requests", **params)
        check("requests", body)
        return sorted(int(r["service_request_id"]) for r in body)

    assert ids() == [b.pk, c.pk]  # the last 90 days by default
    assert ids(jurisdiction_id=AKZHAR) == [b.pk]
    assert ids(service_request_id=f"{a.pk},{c.pk}") == [a.pk, c.pk]  # ids override the window
    assert ids(service_request_id=f"{a.pk}", jurisdiction_id=AIYRTAU) == []
    assert ids(service_code="lighting,ROADS") == [b.pk, c.pk]
    assert ids(status="open") == [c.pk] and ids(status="closed") == [b.pk] and ids(status="open,closed") == [b.pk, c.pk]
    old = (timezone.localdate() - timedelta(days=121)).isoformat()
    assert ids(start_date=old, end_date=(timezone.localdate() - timedelta(days=100)).isoformat()) == [a.pk]
    assert ids(page="2") == []


@pytest.mark.parametrize(
    "params",
    [
        {"status": "pending"},
        {"start_date": "2026-13-45"},
        {"end_date": "yesterday"},
        {"start_date": "2026-01-01", "end_date": "2026-06-01"},  # more than 90 days
        {"start_date": "2026-06-01", "end_date": "2026-01-01"},  # backwards
        {"end_date": "9999-12-31"},
        {"start_date": "0001-01-01T00:00:00+14:00"},
        {"service_request_id": "1,abc"},
        {"service_request_id": ",".join(["1"] * 201)},
        {"page": "0"},
        {"page": "x"},
    ],
)
def test_bad_filters_are_a_400_in_both_formats(client, roads, params):
    response, body = get_json(client, "requests", **params)
    assert response.status_code == 400 and body[0]["code"] == 400
    check("errors", body)
    xml = client.get(f"{BASE}/requests.xml", params)
    assert xml.status_code == 400 and parse(xml.content).findtext("error/code") == "400"
    updates = client.get(f"{BASE}/servicerequestupdates.json", params)
    assert updates.status_code in (200, 400)  # updates read only the dates and the page


def test_a_request_by_id_and_an_unknown_one(client, roads, aiyrtau_roads):
    report = make_report(roads)
    body, root = both(client, f"requests/{report.pk}")
    check("requests", body)
    assert body[0]["service_request_id"] == str(report.pk) and root.findtext("request/service_code") == "roads"
    for path in (f"requests/{report.pk + 1}", "requests/AKZ-2026-000001", f"requests/{report.pk}"):
        params = {"jurisdiction_id": AIYRTAU} if path.endswith(str(report.pk)) else {}
        response, body = get_json(client, path, **params)
        assert response.status_code == 404
        check("errors", body)


def test_applications_never_appear(client, register, roads):
    """An application for a personal public service is about one resident: never an Open311 request."""
    cases = [register(), register()]
    report = make_report(roads)
    for params in ({}, {"status": "open"}, {"service_request_id": ",".join(str(c.pk) for c in cases)}):
        for fmt in ("json", "xml"):
            text = client.get(f"{BASE}/requests.{fmt}", params).content.decode()
            assert not any(c.number in text or c.service.code in text for c in cases)
    body, _root = both(client, "requests")
    assert [r["service_request_id"] for r in body] == [str(report.pk)]
    assert client.get(f"{BASE}/requests/{cases[0].number}.json").status_code == 404


def test_the_list_reads_a_fixed_number_of_queries(client, roads, lighting, django_assert_num_queries):
    for _ in range(3):
        make_report(roads)
    make_report(lighting)
    # jurisdiction, content type (cached after the first), reports, photos, instructions
    with django_assert_num_queries(4):
        client.get(f"{BASE}/requests.json", {"jurisdiction_id": AKZHAR})
    for _ in range(5):
        make_report(lighting)
    with django_assert_num_queries(4):
        client.get(f"{BASE}/requests.json", {"jurisdiction_id": AKZHAR})


# Methods, HEAD, CORS


@pytest.mark.parametrize(
    "path",
    ["discovery", "services", "services/roads", "requests/1", "servicerequestupdates"],
)
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_writes_to_read_only_resources_are_405_in_open311_format(client, roads, path, method):
    response = getattr(client, method)(f"{BASE}/{path}.json?jurisdiction_id={AKZHAR}")
    assert response.status_code == 405, response.content[:200]
    assert "GET" in response["Allow"] and "POST" not in response["Allow"]
    check("errors", response.json())
    xml = getattr(client, method)(f"{BASE}/{path}.xml")
    assert xml.status_code == 405 and parse(xml.content).findtext("error/code") == "405"


def test_requests_refuse_put_and_delete(client, roads):
    response = client.put(f"{BASE}/requests.json")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD, POST"


def test_head_answers_like_get(client, roads):
    response = client.head(f"{BASE}/services.json", {"jurisdiction_id": AKZHAR})
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"


def test_reads_are_open_to_any_origin_and_writes_are_not(client, roads, akzhar_key):
    origin = {"HTTP_ORIGIN": "https://civic.example.org"}
    read = client.get(f"{BASE}/requests.json", **origin)
    assert read["Access-Control-Allow-Origin"] == "*" and "Content-Language" in read["Access-Control-Expose-Headers"]
    write = client.post(f"{BASE}/requests.json", {"api_key": akzhar_key}, **origin)
    assert "Access-Control-Allow-Origin" not in write
    preflight = client.options(f"{BASE}/requests.json", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST", **origin)
    assert "Access-Control-Allow-Origin" not in preflight
