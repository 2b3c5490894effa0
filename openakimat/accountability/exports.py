"""The datasets of the registry (openakimat/common/datasets.py) in open formats, streamed: rows are
read from the dataset's `rows()` iterator and written out in batches, so that no export holds its
table in memory, however large.

- CSV: UTF-8 without a byte-order mark, RFC 4180 ("," delimiter, CRLF line ends, quotes where
  needed), one header row with the field names; an empty cell is a missing value; booleans are
  `true`/`false`, dates `YYYY-MM-DD`, times ISO 8601 in UTC (`2026-03-01T09:30:00Z`), numbers with a
  "." decimal mark.
- JSON: one JSON array of objects (keys are the field names, a missing value is `null`), streamed
  element by element; the same value formats as the CSV, but numbers and booleans as JSON ones.
- Data Package (Frictionless): `datapackage.json` whose one resource is the CSV (by its URL), with a
  Table Schema giving each field's type, title and description (English, and `titleKk`/`titleRu`
  /`titleEn` for all three), the licence CC-BY-4.0; and a ZIP of `datapackage.json` with
  `data/<slug>.csv`, whose resource path is the file beside it.
"""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from openakimat.common.datasets import LICENCE, Dataset

BATCH = 500  # rows per chunk written to the response
ATTRIBUTION = "Open Akimat"


def cell(value: Any) -> str:
    """A value as a CSV cell (and as the string form of the JSON's dates and times)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def json_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return cell(value)


class _Lines:
    """A file-like sink for csv.writer that hands back what was written."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        return text


def csv_chunks(dataset: Dataset, rows: Iterable[dict[str, Any]] | None = None) -> Iterator[str]:
    names = dataset.field_names
    sink = _Lines()
    writer = csv.writer(sink, lineterminator="\r\n")
    writer.writerow(names)
    for count, row in enumerate(dataset.rows() if rows is None else rows, start=1):
        writer.writerow([cell(row[name]) for name in names])
        if count % BATCH == 0:
            yield sink.take()
    yield sink.take()


def json_chunks(dataset: Dataset) -> Iterator[str]:
    names = dataset.field_names
    parts = ["["]
    for count, row in enumerate(dataset.rows()):
        prefix = "\n" if count == 0 else ",\n"
        parts.append(prefix + json.dumps({n: json_value(row[n]) for n in names}, ensure_ascii=False))
        if len(parts) >= BATCH:
            yield "".join(parts)
            parts.clear()
    parts.append("\n]\n")
    yield "".join(parts)


def schema(dataset: Dataset) -> dict[str, Any]:
    fields = []
    for f in dataset.fields:
        described: dict[str, Any] = {
            "name": f.name,
            "type": f.type,
            "title": f.title.en,
            "description": f.description.en,
        }
        described |= f.title.as_names("title") | f.description.as_names("description")
        fields.append(described)
    return {"fields": fields, "missingValues": [""]}


def descriptor(dataset: Dataset, csv_path: str) -> dict[str, Any]:
    """The Data Package of one dataset; `csv_path` is the CSV's URL, or its path inside the ZIP."""
    updated = dataset.updated_at()
    package: dict[str, Any] = {
        "name": dataset.slug,
        "title": dataset.title.en,
        "description": dataset.description.en,
        **dataset.title.as_names("name"),
        **dataset.description.as_names("description"),
        "licenses": [LICENCE],
        "sources": [{"title": ATTRIBUTION}],
        "resources": [
            {
                "name": dataset.slug,
                "path": csv_path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "header": True},
                "schema": schema(dataset),
            }
        ],
    }
    if updated is not None:
        package["modified"] = cell(updated)
    return package


class _ZipSink:
    """A write-only, unseekable file for ZipFile: what is written is taken out in pieces."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.offset = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self.offset

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def zip_chunks(dataset: Dataset) -> Iterator[bytes]:
    """`datapackage.json` and `data/<slug>.csv`, deflated, streamed as they are written."""
    sink = _ZipSink()
    csv_name = f"data/{dataset.slug}.csv"
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[arg-type]
        archive.writestr("datapackage.json", json.dumps(descriptor(dataset, csv_name), ensure_ascii=False, indent=2))
        yield sink.take()
        with archive.open(csv_name, "w", force_zip64=True) as member:
            for chunk in csv_chunks(dataset):
                member.write(chunk.encode())
                yield sink.take()
    yield sink.take()
