"""The exports stream: rows are pulled lazily in batches and a large table never sits in memory;
the formats are what docs/open-data.md says."""

import csv
import io
import json
import tracemalloc
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import frictionless
import pytest

from openakimat.accountability import exports
from openakimat.common import datasets
from openakimat.common.datasets import Dataset, Field, Text

T = Text("к", "р", "e")
FIELDS = (
    Field("id", "integer", T, T),
    Field("name", "string", T, T),
    Field("amount", "number", T, T),
    Field("ok", "boolean", T, T),
    Field("day", "date", T, T),
    Field("at", "datetime", T, T),
    Field("month", "yearmonth", T, T),
)


def make(count: int, pulled: list[int] | None = None) -> Dataset:
    def rows():
        for i in range(count):
            if pulled is not None:
                pulled.append(i)
            yield {
                "id": i,
                "name": f'Row "{i}", with a comma\nand a line' if i % 7 == 0 else f"row {i}",
                "amount": Decimal("1234.50") if i % 2 else None,
                "ok": i % 3 == 0,
                "day": date(2026, 3, 1 + i % 28),
                "at": datetime(2026, 3, 1, 4, 30, tzinfo=UTC),
                "month": "2026-03",
            }

    return Dataset("generated", T, T, FIELDS, rows, lambda: None, owner="tests")


def test_the_csv_pulls_rows_in_batches_not_all_at_once():
    pulled: list[int] = []
    chunks = exports.csv_chunks(make(100_000, pulled))
    next(chunks)
    assert len(pulled) <= exports.BATCH
    next(chunks)
    assert len(pulled) <= 2 * exports.BATCH


@pytest.mark.parametrize("write", [exports.csv_chunks, exports.json_chunks, exports.zip_chunks])
def test_a_large_export_streams_in_bounded_memory(write):
    dataset = make(60_000)
    tracemalloc.start()
    size = 0
    try:
        for chunk in write(dataset):
            size += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size > 3_000_000 if write is not exports.zip_chunks else size > 50_000
    assert peak < 1_000_000, peak  # the CSV or JSON itself is three times larger


def test_the_csv_is_rfc_4180_utf8_without_a_bom():
    text = "".join(exports.csv_chunks(make(8)))
    assert not text.startswith("\ufeff")
    assert text.startswith("id,name,amount,ok,day,at,month\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0]["name"] == 'Row "0", with a comma\nand a line'
    assert rows[0]["amount"] == ""
    assert rows[1] == {
        "id": "1", "name": "row 1", "amount": "1234.50", "ok": "false", "day": "2026-03-02",
        "at": "2026-03-01T04:30:00Z", "month": "2026-03",
    }  # fmt: skip


def test_the_json_is_one_array_with_json_numbers_and_nulls():
    rows = json.loads("".join(exports.json_chunks(make(3))))
    assert rows[0]["amount"] is None
    assert rows[1]["amount"] == 1234.5
    assert rows[0]["ok"] is True
    assert rows[1]["at"] == "2026-03-01T04:30:00Z"
    assert json.loads("".join(exports.json_chunks(make(0)))) == []


def test_the_zip_is_a_valid_data_package_of_every_field_type(tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(b"".join(exports.zip_chunks(make(50)))))
    archive.extractall(tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["resources"][0]["path"] == "data/generated.csv"
    assert [f["titleKk"] for f in descriptor["resources"][0]["schema"]["fields"]] == ["к"] * len(FIELDS)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_the_registry_refuses_an_unknown_type_and_another_apps_slug():
    with pytest.raises(ValueError, match="unknown field type"):
        datasets.register(Dataset("x-bad", T, T, (Field("a", "blob", T, T),), list, lambda: None, owner="tests"))
    taken = datasets.registered()[0]
    with pytest.raises(ValueError, match="already registered"):
        datasets.register(Dataset(taken.slug, T, T, (), list, lambda: None, owner="someone-else"))
