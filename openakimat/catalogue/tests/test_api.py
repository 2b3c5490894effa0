import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_department
from openakimat.catalogue.services import service_offer

from .conftest import SYSTEM, make_service


@pytest.fixture
def offered(birth, marriage, apz, akzhar_akimat):
    service_offer(actor=SYSTEM, service=birth, department=make_department(akzhar_akimat, "civil_registry"))


def codes(client, **params):
    response = client.get("/api/v1/services", params)
    assert response.status_code == 200
    return [s["code"] for s in response.json()["items"]]


def test_the_api_lists_and_filters_services(client, offered):
    assert codes(client) == ["ZAGS-01", "ZAGS-02", "CONS-01"]
    assert codes(client, q="Регистрация раждения") == ["ZAGS-01"]
    assert codes(client, department_kind="construction") == ["CONS-01"]
    assert codes(client, akimat="593400000") == ["ZAGS-01"]
    assert codes(client, akimat="593200000") == []


def test_a_service_in_the_api_has_its_term_fee_documents_and_places(client, offered, apz):
    body = client.get("/api/v1/services/ZAGS-01").json()
    assert body["term"] == {"value": 1, "unit": "working_days"}
    assert body["extended_term"] is None
    assert body["fee"] == "0.00"
    assert body["name"]["kk"] == "Баланың тууын мемлекеттік тіркеу"
    assert [d["mandatory"] for d in body["documents"]] == [True, False]
    assert body["documents"][0]["file_types"] == ["pdf"]
    assert body["offered_at"][0]["akimat"] == "593400000"
    ext = client.get("/api/v1/services/CONS-01").json()["extended_term"]
    assert ext["value"] == 15 and ext["condition"]["en"] == "for technically complex objects"


def test_an_unknown_service_or_kind_is_a_clear_error(client, db):
    assert client.get("/api/v1/services/NOPE").status_code == 404
    assert client.get("/api/v1/services", {"department_kind": "nonsense"}).status_code == 422


def test_the_service_list_reads_a_fixed_number_of_queries(client, offered):
    with CaptureQueriesContext(connection) as before:
        client.get("/api/v1/services", {"q": "registration"})
    for i in range(10):
        make_service(f"ZAGS-{i + 10}", en=f"Registration {i}")
    with CaptureQueriesContext(connection) as after:
        response = client.get("/api/v1/services", {"q": "registration"})
    assert response.json()["count"] == 12
    assert len(after) == len(before) <= 3


def test_a_service_reads_a_fixed_number_of_queries(client, offered, django_assert_max_num_queries):
    # The service, its documents, its offerings and its life situations.
    with django_assert_max_num_queries(4):
        client.get("/api/v1/services/ZAGS-01")
