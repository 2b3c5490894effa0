"""The open-data catalogue as JSON: `GET /api/v1/data/datasets`, the same metadata as the catalogue
page, in all three languages at once (data.egov.kz's `nameKk`/`nameRu`/`nameEn`), with the download
addresses. Public, read-only."""

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from openakimat.common import datasets
from openakimat.common.datasets import LICENCE, Dataset

router = Router(tags=["open data"])


class FieldOut(Schema):
    name: str
    type: str
    titleKk: str
    titleRu: str
    titleEn: str
    descriptionKk: str
    descriptionRu: str
    descriptionEn: str


class LicenceOut(Schema):
    name: str
    title: str
    path: str


class DatasetOut(Schema):
    slug: str
    nameKk: str
    nameRu: str
    nameEn: str
    descriptionKk: str
    descriptionRu: str
    descriptionEn: str
    updated_at: datetime | None
    license: LicenceOut
    fields: list[FieldOut]
    links: dict[str, str]


def _links(request: HttpRequest, slug: str) -> dict[str, str]:
    def url(name: str) -> str:
        return request.build_absolute_uri(reverse(f"data:{name}", kwargs={"slug": slug}))

    return {
        "page": url("dataset"),
        "csv": url("csv"),
        "json": url("json"),
        "datapackage": url("datapackage"),
        "zip": url("zip"),
    }


def _out(request: HttpRequest, dataset: Dataset) -> dict:
    return {
        "slug": dataset.slug,
        **dataset.title.as_names("name"),
        **dataset.description.as_names("description"),
        "updated_at": dataset.updated_at(),
        "license": LICENCE,
        "fields": [
            {"name": f.name, "type": f.type, **f.title.as_names("title"), **f.description.as_names("description")}
            for f in dataset.fields
        ],
        "links": _links(request, dataset.slug),
    }


@router.get("/data/datasets", response=list[DatasetOut], summary="The open datasets", url_name="data_datasets")
def list_datasets(request: HttpRequest) -> list[dict]:
    """Every public dataset with its title and description in Kazakh, Russian and English, the time
    of its last change, its licence (CC BY 4.0), its fields (Table Schema types) and where to download
    it: CSV, JSON (an array of objects), the Frictionless Data Package descriptor and a ZIP of it with
    the CSV."""
    return [_out(request, d) for d in datasets.registered()]
