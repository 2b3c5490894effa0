"""Open311 GeoReport v2: every resource in JSON and XML, the filters, submission by key, and never a
word about the resident."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache

from openakimat.applications.models import Application
from openakimat.applications.services import application_move
from openakimat.applications.tests.conftest import IIN, SYSTEM
from openakimat.catalogue.models import ServiceOffering
from openakimat.catalogue.services import public_service_create
from openakimat.open311.models import ApiKey
from openakimat.open311.services import api_key_deactivate

BASE = "/open311/v2"
PERSONAL = (IIN, "Айгерім", "Сәтбаева", "+77011234567", "7011234567", "aigerim@example.kz")


def parse(content: bytes) -> ET.Element:
    """Our own answer, parsed strictly: raises if it is not well-formed."""
    return ET.fromstring(content)  # noqa: S314 (the test's own server, not untrusted input)


def get_json(client, path, **params):
    response = client.get(f"{BASE}/{path}.json", params)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response, response.json()


def get_xml(client, path, **params):
    response = client.get(f"{BASE}/{path}.xml", params)
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return response, parse(response.content)


def both(client, path, **params):
    """The JSON and the XML answer, both with status 200."""
    json_response, body = get_json(client, path, **params)
    xml_response, root = get_xml(client, path, **params)
    assert json_response.status_code == xml_response.status_code == 200
    for response in (json_response, xml_response):
        text = response.content.decode()
        assert not any(p in text for p in PERSONAL), "personal data in an Open311 answer"
    return body, root


# Discovery and services


def test_discovery_names_the_endpoint_in_both_formats(client, db):
    body, root = both(client, "discovery")
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["formats"] == ["application/json", "text/xml"]
    assert body["changeset"].endswith("+05:00") and body["contact"] and body["key_service"]
    assert root.tag == "discovery"
    assert root.findtext("endpoints/endpoint/specification") == "http://wiki.open311.org/GeoReport_v2"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == ["application/json", "text/xml"]


def test_services_are_the_offered_services_of_the_register(client, offering, address_reference):
    public_service_create(
        actor=SYSTEM,
        code="ZAGS-01",
        department_kind="civil_registry",
        name_en="Birth",
        name_ru="Рождение",
        name_kk="Туу",
        term_value=1,
        term_unit="working_days",
    )
    body, root = both(client, "services")
    assert [s["service_code"] for s in body] == ["CONS-01", "CONS-09"]  # ZAGS-01 is offered nowhere
    apz = body[0]
    assert apz["service_name"] == "Сәулет-жоспарлау тапсырмасын беру"  # Kazakh by default
    assert apz["metadata"] is True and body[1]["metadata"] is False
    assert apz["type"] == "batch"
    assert "construction" in apz["keywords"].split(",")
    assert apz["group"]
    assert root.tag == "services"
    assert [s.findtext("service_code") for s in root.findall("service")] == ["CONS-01", "CONS-09"]
    assert root.findtext("service/metadata") == "true"


@pytest.mark.parametrize(
    ("param", "value", "name"),
    [
        ("locale", "ru", "Выдача архитектурно-планировочного задания"),
        ("lang", "en", "Architectural-planning assignment"),
        ("locale", "ru_RU", "Выдача архитектурно-планировочного задания"),
        ("locale", "xx", "Сәулет-жоспарлау тапсырмасын беру"),
    ],
)
def test_service_names_follow_the_requested_language(client, offering, param, value, name):
    body, root = both(client, "services", **{param: value})
    assert body[0]["service_name"] == name
    assert root.findtext("service/service_name") == name


def test_a_service_definition_lists_its_documents_as_attributes(client, offering, apz):
    body, root = both(client, "services/CONS-01", locale="en")
    documents = list(apz.documents.all())
    assert body["service_code"] == "CONS-01"
    assert [a["code"] for a in body["attributes"]] == [str(d.pk) for d in documents]
    assert [a["required"] for a in body["attributes"]] == [True, False]
    assert [a["order"] for a in body["attributes"]] == [1, 2]
    assert body["attributes"][0]["description"] == "Application"
    assert {a["datatype"] for a in body["attributes"]} == {"string"}
    assert root.tag == "service_definition"
    assert [a.findtext("required") for a in root.findall("attributes/attribute")] == ["true", "false"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_is_a_404_in_the_error_format(client, db, fmt):
    response = client.get(f"{BASE}/services/NOPE-1.{fmt}")
    assert response.status_code == 404
    if fmt == "json":
        assert response.json()[0]["code"] == 404 and response.json()[0]["description"]
    else:
        root = parse(response.content)
        assert root.tag == "errors" and root.findtext("error/code") == "404"


def test_an_unknown_format_is_not_found(client, db):
    assert client.get(f"{BASE}/services.csv").status_code == 404


# Requests


def test_applications_are_not_listed_in_either_format(client, register, specialist, operator):
    """An application for a personal service is about one resident: service, akimat and time to the
    second would point at them. The list is valid Open311, and empty, whatever the filters."""
    cases = [register(), register(), register()]
    application_move(actor=specialist, application=cases[0], move="accept")
    for params in ({}, {"status": "open"}, {"status": "closed"}, {"service_code": "CONS-01"}):
        body, root = both(client, "requests", **params)
        assert body == [] and root.tag == "service_requests" and root.findall("request") == []
    body, _root = both(client, "requests", service_request_id=",".join(c.number for c in cases))
    assert body == []
    text = client.get(f"{BASE}/requests.json").content.decode() + client.get(f"{BASE}/requests.xml").content.decode()
    assert not any(c.number in text for c in cases)


def test_a_single_application_is_not_found_as_a_request(client, case):
    for number in (case.number, "AKZ-2026-999999"):  # existing or not, the same answer
        response = client.get(f"{BASE}/requests/{number}.json", {"locale": "en"})
        assert response.status_code == 404
        assert "not published" in response.json()[0]["description"]
        assert case.number not in response.content.decode()
        assert parse(client.get(f"{BASE}/requests/{number}.xml").content).tag == "errors"


@pytest.mark.parametrize("params", [{"start_date": "yesterday"}, {"end_date": "2026-13-01"}, {"status": "pending"}])
def test_bad_filters_are_a_400(client, db, params):
    response = client.get(f"{BASE}/requests.json", params)
    assert response.status_code == 400 and response.json()[0]["code"] == 400
    assert parse(client.get(f"{BASE}/requests.xml", params).content).findtext("error/code") == "400"


def test_the_request_list_reads_nothing_from_the_database(client, register, django_assert_max_num_queries):
    register()
    with django_assert_max_num_queries(0):
        assert client.get(f"{BASE}/requests.json").json() == []


def test_the_service_list_reads_a_fixed_number_of_queries(
    client, offering, address_reference, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        client.get(f"{BASE}/services.json")


# Submission


def post(client, fmt="json", **fields):
    data = {
        "service_code": "CONS-09",
        "first_name": "Айгерім",
        "last_name": "Сәтбаева",
        "phone": "+7 701 123 4567",
        "email": "aigerim@example.kz",
        "attribute[iin]": IIN,
        "attribute[consent]": "true",
    } | fields
    return client.post(f"{BASE}/requests.{fmt}", {k: v for k, v in data.items() if v is not None})


def test_a_client_with_a_key_submits_a_request(client, address_reference, akzhar_key):
    response = post(client, api_key=akzhar_key)
    assert response.status_code == 201
    body = response.json()
    assert list(body[0]) == ["service_request_id", "service_notice", "account_id"]
    assert body[0]["account_id"] is None
    application = Application.objects.get(number=body[0]["service_request_id"])
    assert application.channel == "online"
    assert application.applicant_name == "Айгерім Сәтбаева"
    assert application.tracking_code in body[0]["service_notice"]
    assert not any(p in response.content.decode() for p in PERSONAL)
    assert ApiKey.objects.get().last_used_at is not None
    # and it is not published as a request
    assert both(client, "requests")[0] == []


def test_a_submission_answers_in_xml_too(client, address_reference, akzhar_key):
    response = post(client, "xml", api_key=akzhar_key)
    assert response.status_code == 201
    root = parse(response.content)
    assert root.tag == "service_requests"
    assert root.findtext("request/service_request_id") == Application.objects.get().number
    assert root.findtext("request/account_id") == ""


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_missing_or_bad_key_is_403(client, address_reference, akzhar_key, superuser, fmt):
    assert post(client, fmt).status_code == 403
    assert post(client, fmt, api_key="x" * 43).status_code == 403
    api_key_deactivate(actor=superuser, key=ApiKey.objects.get())
    response = post(client, fmt, api_key=akzhar_key)
    assert response.status_code == 403
    if fmt == "xml":
        assert parse(response.content).findtext("error/code") == "403"
    assert not Application.objects.exists()


def test_a_key_submits_only_to_its_own_akimats_services(client, address_reference, aiyrtau_key):
    response = post(client, api_key=aiyrtau_key)
    assert response.status_code == 403
    assert not Application.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_department_outside_the_keys_reach_is_403_not_400(
    client, address_reference, akzhar_key, aiyrtau_construction, fmt
):
    """Aiyrtau's department renders the service too, but Akzhar's key does not reach it: that is
    the key's reach (403, as documented), not an invalid field."""
    ServiceOffering.objects.create(service=address_reference, department=aiyrtau_construction)
    response = post(client, fmt, api_key=akzhar_key, **{"attribute[department]": str(aiyrtau_construction.pk)})
    assert response.status_code == 403
    if fmt == "xml":
        assert parse(response.content).findtext("error/code") == "403"
    else:
        assert response.json()[0]["code"] == 403
    assert not Application.objects.exists()


def test_an_unknown_service_is_404(client, address_reference, akzhar_key):
    assert post(client, api_key=akzhar_key, service_code="NOPE-1").status_code == 404


@pytest.mark.parametrize(
    "fields",
    [
        {"attribute[iin]": "123456789012"},
        {"attribute[consent]": None},
        {"phone": "12"},
        {"first_name": "", "last_name": ""},
        {"service_code": ""},
        {"attribute[department]": "999999"},
    ],
)
def test_invalid_submissions_are_400_in_the_error_format(client, address_reference, akzhar_key, fields):
    response = post(client, api_key=akzhar_key, **fields)
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400 and response.json()[0]["description"]
    assert not Application.objects.exists()


def test_a_service_with_mandatory_documents_can_not_be_submitted_without_them(client, offering, akzhar_key):
    response = post(client, api_key=akzhar_key, service_code="CONS-01")
    assert response.status_code == 400


def test_too_many_submissions_are_429_with_retry_after(client, address_reference, akzhar_key, settings):
    settings.SUBMISSION_RATE_PER_HOUR = 1
    assert post(client, api_key=akzhar_key).status_code == 201
    response = post(client, "xml", api_key=akzhar_key)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert parse(response.content).findtext("error/code") == "429"
    cache.clear()


def test_other_methods_are_refused_in_the_error_format(client, db):
    response = client.delete(f"{BASE}/requests.json")
    assert response.status_code == 405 and response.json()[0]["code"] == 405


def test_the_command_creates_a_key(akzhar_akimat, capsys):
    from django.core.management import call_command

    from openakimat.open311.services import api_key_authenticate

    call_command("create_open311_key", "593400000", "Talshik city app")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert api_key_authenticate(raw).akimat == akzhar_akimat
