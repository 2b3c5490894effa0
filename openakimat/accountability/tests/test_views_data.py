"""The catalogue pages in three languages with a bounded number of queries, the downloads, the page
cache's registration, and the API listing against its OpenAPI schema."""

import jsonschema
import pytest
from django.conf import settings

from openakimat.common import datasets

FIELD_DESCRIPTION = {
    "kk": "Тапсырманың тізілімдегі нөмірі",
    "ru": "Номер поручения в реестре",
    "en": "number in the register",
}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_catalogue_lists_every_dataset_in_the_pages_language(client, db, lang, django_assert_max_num_queries):
    with django_assert_max_num_queries(len(datasets.registered()) + 2):
        response = client.get(f"/{lang}/data/")
    assert response.status_code == 200
    page = response.content.decode()
    for dataset in datasets.registered():
        assert dataset.title.get(lang) in page
        assert f"/{lang}/data/{dataset.slug}.csv" in page
        assert f"/{lang}/data/{dataset.slug}/datapackage.json" in page
    assert "creativecommons.org/licenses/by/4.0/" in page


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_dataset_page_describes_its_fields_in_the_pages_language(client, db, lang, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(f"/{lang}/data/instructions/")
    assert response.status_code == 200
    page = response.content.decode()
    assert FIELD_DESCRIPTION[lang] in page
    assert "<code>done_on_time</code>" in page


def test_an_unknown_dataset_is_404(client, db):
    assert client.get("/en/data/nothing/").status_code == 404
    assert client.get("/en/data/nothing.csv").status_code == 404
    assert client.post("/en/data/meetings.csv").status_code == 405


def test_the_downloads_stream_with_their_types(client, db):
    for suffix, kind in (
        (".csv", "text/csv; charset=utf-8"),
        (".json", "application/json"),
        (".zip", "application/zip"),
    ):
        response = client.get(f"/en/data/meetings{suffix}")
        assert response.status_code == 200
        assert response.streaming
        assert response["Content-Type"] == kind
        assert response["Content-Disposition"] == f'attachment; filename="meetings{suffix}"'
    descriptor = client.get("/en/data/meetings/datapackage.json").json()
    assert descriptor["resources"][0]["path"] == "http://testserver/en/data/meetings.csv"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"


def test_the_pages_are_kept_in_the_page_cache_with_the_realms_they_read():
    for name in ("data:index", "data:dataset"):
        assert name in settings.PAGE_CACHE_VIEWS
        assert set(settings.PAGE_CACHE_VIEW_REALMS[name]) == {"reference", "register", "meetings"}
    for name in ("data:csv", "data:json", "data:zip"):
        assert name not in settings.PAGE_CACHE_VIEWS


def test_the_api_lists_the_datasets_as_its_openapi_schema_says(client, db, django_assert_max_num_queries):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/data/datasets"]["get"]
    assert "security" not in operation
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    with django_assert_max_num_queries(len(datasets.registered())):
        response = client.get("/api/v1/data/datasets")
    assert response.status_code == 200
    body = response.json()
    jsonschema.validate(body, {**answer, "components": schema["components"]})
    assert [d["slug"] for d in body] == [d.slug for d in datasets.registered()]
    services = next(d for d in body if d["slug"] == "public-services")
    assert services["nameKk"] == "Мемлекеттік қызметтер тізілімі"
    assert services["license"]["name"] == "CC-BY-4.0"
    assert services["links"]["csv"].endswith("/data/public-services.csv")
    assert services["fields"][0] == {
        "name": "code", "type": "string", "titleKk": "Тізілім коды", "titleRu": "Код в реестре",
        "titleEn": "Register code", "descriptionKk": "Мемлекеттік көрсетілетін қызметтер тізіліміндегі коды",
        "descriptionRu": "Код услуги в реестре государственных услуг",
        "descriptionEn": "The service's code in the register of public services",
    }  # fmt: skip
