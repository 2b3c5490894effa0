"""The open-data catalogue: the list of datasets, one dataset's page with its fields, and its
downloads (CSV, JSON, Data Package descriptor, ZIP), streamed (exports.py)."""

from collections.abc import Iterator
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from openakimat.common import datasets
from openakimat.common.datasets import Dataset

from . import exports


def _dataset(slug: str) -> Dataset:
    found = datasets.get(slug)
    if found is None:
        raise Http404
    return found


def _shown(dataset: Dataset, language: str) -> dict[str, Any]:
    return {
        "slug": dataset.slug,
        "title": dataset.title.get(language),
        "description": dataset.description.get(language),
        "updated_at": dataset.updated_at(),
        "fields": [
            {"name": f.name, "type": f.type, "title": f.title.get(language), "description": f.description.get(language)}
            for f in dataset.fields
        ],
    }


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    language = get_language()
    shown = [_shown(d, language) for d in datasets.registered()]
    return render(request, "accountability/data/index.html", {"datasets": shown})


@require_safe
def dataset(request: HttpRequest, slug: str) -> HttpResponse:
    shown = _shown(_dataset(slug), get_language())
    return render(request, "accountability/data/dataset.html", {"dataset": shown})


def _download(chunks: Iterator[Any], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def download_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    found = _dataset(slug)
    return _download(exports.csv_chunks(found), "text/csv; charset=utf-8", f"{slug}.csv")


@require_safe
def download_json(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    found = _dataset(slug)
    return _download(exports.json_chunks(found), "application/json", f"{slug}.json")


@require_safe
def download_zip(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    found = _dataset(slug)
    return _download(exports.zip_chunks(found), "application/zip", f"{slug}.zip")


@require_safe
def datapackage(request: HttpRequest, slug: str) -> JsonResponse:
    found = _dataset(slug)
    csv_url = request.build_absolute_uri(reverse("data:csv", kwargs={"slug": slug}))
    response = JsonResponse(exports.descriptor(found, csv_url), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response
