"""Submitting a problem report with an API key: what is kept, the same submission twice is one
report, errors in Open311's format, and the key never in a log."""

import logging

import pytest
from django.core.cache import cache

from openakimat.open311.models import ApiKey, SubmittedMedia
from openakimat.open311.services import api_key_deactivate
from openakimat.problems.models import Channel, Report

from .conftest import AIYRTAU, AKZHAR, BASE, REPORTER, get_json, parse
from .schemas import check

FIELDS = {
    "jurisdiction_id": AKZHAR,
    "service_code": "roads",
    "lat": "53.2931234",
    "long": "68.105",
    "address_string": "Abay street 5, by the school",
    "description": "A deep pothole",
    "media_url": "https://photos.example.org/p/1.jpg",
    "first_name": REPORTER[0],
    "last_name": REPORTER[1],
    "phone": "8 701 123 4567",
    "email": REPORTER[4],
}


def post(client, fmt="json", headers=None, **fields):
    return client.post(f"{BASE}/requests.{fmt}", fields, headers=headers or {})


def test_a_submission_keeps_everything_a_client_sends(client, roads, akzhar_key):
    response = post(client, **FIELDS, api_key=akzhar_key)
    assert response.status_code == 201, response.content
    body = response.json()
    check("created", body)
    report = Report.objects.get(pk=int(body[0]["service_request_id"]))
    assert (report.description, report.address) == ("A deep pothole", "Abay street 5, by the school")
    assert (str(report.lat), str(report.lon)) == ("53.293123", "68.105000")
    assert (report.reporter_name, report.reporter_phone) == ("Айгерім Сәтбаева", "+77011234567")
    assert report.channel == Channel.OPEN311 and report.category == roads
    assert SubmittedMedia.objects.get(report=report).url == FIELDS["media_url"]
    listed, _ = get_json(client, f"requests/{report.pk}")
    check("requests", listed.json())
    assert listed.json()[0]["media_url"] == FIELDS["media_url"]
    assert listed.json()[0]["address"] == FIELDS["address_string"]


def test_the_key_may_come_in_a_header_and_the_answer_in_xml(client, roads, akzhar_key):
    response = post(client, "xml", headers={"X-Api-Key": akzhar_key}, **FIELDS)
    assert response.status_code == 201
    root = parse(response.content)
    assert root.tag == "service_requests" and root.findtext("request/service_request_id").isdigit()


def test_the_same_submission_twice_is_one_request(client, roads, akzhar_key, aiyrtau_key):
    first = post(client, **FIELDS, api_key=akzhar_key)
    again = post(client, **FIELDS | {"description": "  A deep   pothole "}, api_key=akzhar_key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()[0]["service_request_id"] == again.json()[0]["service_request_id"]
    assert Report.objects.count() == 1 and SubmittedMedia.objects.count() == 1
    other = post(client, **FIELDS | {"description": "Another pothole"}, api_key=akzhar_key)
    assert other.status_code == 201 and Report.objects.count() == 2


def test_a_place_by_village_code_and_an_anonymous_report(client, roads, lighting, akzhar_key, talshik_okrug):
    fields = {"jurisdiction_id": AKZHAR, "service_code": "lighting", "description": "Dark", "api_key": akzhar_key}
    response = post(client, **fields, **{"attribute[village]": talshik_okrug.kato, "attribute[anonymous]": "true"})
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.territory == talshik_okrug and report.reporter_name == ""
    by_address_id = post(client, **fields | {"description": "Dark too"}, address_id=talshik_okrug.kato, first_name="A")
    assert by_address_id.status_code == 400  # not anonymous: a contact is needed
    body = by_address_id.json()
    check("errors", body)
    assert [e["description"].split(":")[0] for e in body] == ["phone"]


@pytest.mark.parametrize(
    ("change", "parameter"),
    [
        ({"description": ""}, "description"),
        ({"lat": "", "long": "", "address_string": ""}, "lat"),
        ({"lat": "95", "long": "10"}, "lat"),
        ({"lat": "NaN"}, "lat"),
        ({"lat": "1e400"}, "lat"),
        ({"long": "east"}, "long"),
        ({"first_name": "", "last_name": ""}, "first_name"),
        ({"phone": "12", "email": ""}, "phone"),
        ({"phone": "", "email": ""}, "phone"),
        ({"email": "not-an-address"}, "email"),
        ({"media_url": "ftp://x/y"}, "media_url"),
        ({"media_url": "javascript:alert(1)"}, "media_url"),
        ({"address_id": "999999999"}, "address_id"),
        ({"attribute[anonymous]": "true"}, "attribute[anonymous]"),
        ({"service_code": ""}, "service_code"),
        ({"jurisdiction_id": ""}, "jurisdiction_id"),
    ],
)
def test_invalid_submissions_are_400_naming_the_parameter(client, roads, aiyrtau_roads, akzhar_key, change, parameter):
    response = post(client, **FIELDS | change, api_key=akzhar_key, locale="en")
    assert response.status_code == 400, response.content
    body = response.json()
    check("errors", body)
    assert any(parameter in e["description"] for e in body), body
    assert not Report.objects.exists()


def test_errors_are_translated(client, roads, akzhar_key):
    response = post(client, **FIELDS | {"media_url": "ftp://x"}, api_key=akzhar_key, locale="ru")
    assert response.status_code == 400 and response["Content-Language"] == "ru"
    assert response.json()[0]["description"] == "media_url — адрес http или https."
    response = post(client, **FIELDS | {"jurisdiction_id": "111111111"}, api_key=akzhar_key, locale="kk")
    assert response.status_code == 404 and "юрисдикция" in response.json()[0]["description"]


def test_an_unknown_service_or_jurisdiction_is_404(client, roads, akzhar_key):
    assert post(client, **FIELDS | {"service_code": "nothing"}, api_key=akzhar_key).status_code == 404
    assert post(client, **FIELDS | {"jurisdiction_id": "111111111"}, api_key=akzhar_key).status_code == 404


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_missing_bad_or_switched_off_key_is_403(client, roads, akzhar_key, superuser, fmt):
    for fields in (FIELDS, FIELDS | {"api_key": "x" * 43}):
        response = post(client, fmt, **fields)
        assert response.status_code == 403
    api_key_deactivate(actor=superuser, key=ApiKey.objects.get())
    assert post(client, fmt, **FIELDS, api_key=akzhar_key).status_code == 403
    assert client.post(f"{BASE}/requests.json?api_key={akzhar_key}", FIELDS).status_code == 403  # not in the URL
    assert not Report.objects.exists()


def test_a_key_submits_only_within_its_akimats_territory(client, roads, aiyrtau_roads, aiyrtau_key, akzhar_key):
    assert post(client, **FIELDS, api_key=aiyrtau_key).status_code == 403
    fields = FIELDS | {"jurisdiction_id": AIYRTAU, "address_string": "Main street"}
    assert post(client, **fields | {"lat": "", "long": ""}, api_key=aiyrtau_key).status_code == 201


def test_too_many_submissions_are_429_with_retry_after(client, roads, akzhar_key, settings):
    settings.SUBMISSION_RATE_PER_HOUR = 1
    assert post(client, **FIELDS, api_key=akzhar_key).status_code == 201
    response = post(client, "xml", **FIELDS, api_key=akzhar_key)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert parse(response.content).findtext("error/code") == "429"
    cache.clear()


def test_the_key_and_the_reporter_are_never_logged(client, roads, akzhar_key, caplog, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    with caplog.at_level(logging.DEBUG):
        post(client, **FIELDS, api_key=akzhar_key)
        post(client, headers={"X-Api-Key": akzhar_key}, **FIELDS | {"phone": "12"})
        post(client, **FIELDS | {"service_code": "nothing"}, api_key=akzhar_key)
        post(client, **FIELDS | {"api_key": akzhar_key[:-1] + "!"})
        client.put(f"{BASE}/requests.json", headers={"X-Api-Key": akzhar_key})
    text = "\n".join(r.getMessage() + str(r.args) + str(getattr(r, "request", "")) for r in caplog.records)
    assert caplog.records, "the 4xx were logged"
    for secret in (akzhar_key, akzhar_key[:-1], REPORTER[0], REPORTER[4], "7011234567"):
        assert secret not in text


def test_the_command_creates_a_key_that_submits(client, roads, akzhar_akimat, capsys):
    from django.core.management import call_command

    call_command("create_open311_key", AKZHAR, "Talshik city app")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert post(client, **FIELDS, api_key=raw).status_code == 201
