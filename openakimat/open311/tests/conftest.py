"""Akzhar takes problem reports in two categories (roads, and street lighting, which may be
reported anonymously); Aiyrtau in one. Keys for Akzhar's city app and Aiyrtau's portal, and the
request/response helpers every Open311 test uses."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.cache import cache

from openakimat.applications.tests.conftest import (  # noqa: F401
    address_reference,
    apz,
    case,
    offering,
    register,
    specialist,
)
from openakimat.open311.services import api_key_create
from openakimat.problems.models import Category, Report
from openakimat.problems.services import NewReport, report_create

BASE = "/open311/v2"
AKZHAR = "593400000"
AIYRTAU = "593200000"
REPORTER = ("Айгерім", "Сәтбаева", "+77011234567", "7011234567", "aigerim@example.kz")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def akzhar_key(superuser, akzhar_akimat) -> str:
    return api_key_create(actor=superuser, akimat=akzhar_akimat, name="Talshik city app").raw


@pytest.fixture
def aiyrtau_key(superuser, aiyrtau_akimat) -> str:
    return api_key_create(actor=superuser, akimat=aiyrtau_akimat, name="Aiyrtau portal").raw


@pytest.fixture
def roads(akzhar_akimat, akzhar_construction, talshik_okrug) -> Category:
    return Category.objects.create(
        akimat=akzhar_akimat,
        code="roads",
        department=akzhar_construction,
        name_kk="Жолдар",
        name_ru="Дороги",
        name_en="Roads",
        description_en="Potholes, broken kerbs.",
        order=1,
    )


@pytest.fixture
def lighting(akzhar_akimat, akzhar_construction) -> Category:
    return Category.objects.create(
        akimat=akzhar_akimat,
        code="lighting",
        department=akzhar_construction,
        name_kk="Көше жарығы",
        name_ru="Уличное освещение",
        name_en="Street lighting",
        anonymous_allowed=True,
        order=2,
    )


@pytest.fixture
def aiyrtau_roads(aiyrtau_akimat, aiyrtau_construction) -> Category:
    return Category.objects.create(
        akimat=aiyrtau_akimat, code="roads", department=aiyrtau_construction, name_kk="Жол", name_ru="Дороги"
    )


def make_report(category: Category, description: str = "Pothole by the school", **extra) -> Report:
    fields = {
        "lat": Decimal("53.293000"),
        "lon": Decimal("68.105000"),
        "name": f"{REPORTER[0]} {REPORTER[1]}",
        "phone": REPORTER[2],
        "email": REPORTER[4],
    } | extra
    return report_create(NewReport(category=category, description=description, **fields)).report


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
    """The JSON and the XML answer, both 200 and neither with a word about the reporter."""
    json_response, body = get_json(client, path, **params)
    xml_response, root = get_xml(client, path, **params)
    assert json_response.status_code == xml_response.status_code == 200, json_response.content[:300]
    for response in (json_response, xml_response):
        text = response.content.decode()
        assert not any(p in text for p in REPORTER), "personal data in an Open311 answer"
    return body, root
