import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import frictionless
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openakimat.budget import exports
from openakimat.budget.models import Budget, MonthlyRollup, Rollup

from .budget_cast import budget_cast_fixture  # noqa: F401

D = Decimal
FRICTIONLESS = Path(sys.executable).with_name("frictionless")
FDP_PHASES = {"proposed", "approved", "adjusted", "executed"}


def unpack(data: bytes, where: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["datapackage.json", "lines.csv", "payments.csv"]
        archive.extractall(where)
    return where / "datapackage.json"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def check_fiscal_model(descriptor: dict) -> None:
    """What the Fiscal Data Package specification asks of the `model`, and that every attribute
    and measure names a column that exists in its resource."""
    fields = {r["name"]: {f["name"] for f in r["schema"]["fields"]} for r in descriptor["resources"]}
    model = descriptor["model"]
    assert model["measures"] and model["dimensions"]
    for name, measure in model["measures"].items():
        assert re.match(r"^\w+", name)
        assert measure["currency"] == "KZT" and measure["direction"] == "expenditure"
        assert measure.get("phase", "approved") in FDP_PHASES
        assert measure["source"] in fields[measure["resource"]]
    for dimension in model["dimensions"].values():
        attributes = dimension["attributes"]
        keys = [dimension["primaryKey"]] if isinstance(dimension["primaryKey"], str) else dimension["primaryKey"]
        assert set(keys) <= set(attributes)
        for attribute in attributes.values():
            assert attribute["source"] in fields[attribute.get("resource", "lines")]
            assert attribute.get("labelfor", next(iter(attributes))) in attributes
            assert attribute.get("parent", next(iter(attributes))) in attributes


def test_the_fiscal_data_package_is_valid_with_frictionless(budget_cast, tmp_path):
    descriptor_path = unpack(exports.fdp_zip(budget_cast.region, 2026), tmp_path)
    report = frictionless.validate(str(descriptor_path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads(descriptor_path.read_text())
    check_fiscal_model(descriptor)
    assert {m["phase"] for m in descriptor["model"]["measures"].values() if "phase" in m} == {
        "approved",
        "adjusted",
        "executed",
    }
    # Codes are text with a pattern, amounts numbers: leading zeros survive a typed read.
    package = frictionless.Package(str(descriptor_path))
    lines = package.get_resource("lines").read_rows()
    assert {r["kato"] for r in lines} == {"593200000", "593400000", "593430000", "593440000"}
    assert lines[0]["functional_code"] == "01.1.123.001" and lines[0]["group"] == "01"
    assert isinstance(lines[0]["approved"], Decimal)


def test_the_frictionless_command_line_accepts_the_package(budget_cast, tmp_path):
    descriptor_path = unpack(exports.fdp_zip(budget_cast.akzhar, 2025), tmp_path)
    done = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", str(descriptor_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["valid"] is True


def test_validation_catches_a_broken_package(budget_cast, tmp_path):
    # The check above means something: a lost leading zero and a payment of no line both fail.
    descriptor_path = unpack(exports.fdp_zip(budget_cast.akzhar, 2025), tmp_path)
    payments = tmp_path / "payments.csv"
    payments.write_text(payments.read_text().replace(",01.1.123.001,111,", ",1.1.123.001,111,", 1))
    report = frictionless.validate(str(descriptor_path))
    assert not report.valid
    assert {"constraint-error", "foreign-key"} <= {t for (t,) in report.flatten(["type"])}


def test_lines_csv_has_every_current_line_in_tenge_with_a_dot(budget_cast):
    text = exports.lines_csv(budget_cast.akzhar, 2026)
    assert text.splitlines()[0].startswith("kato,territory_kk,territory_ru,territory_en,year,version,month,")
    table = rows(text)
    # Akzhar (version 1 is current) and its two okrugs: 5 + 3 + 3 lines.
    assert len(table) == 11 and {r["version"] for r in table if r["kato"] == "593400000"} == {"1"}
    assert "Ақжар ауданы" in text  # UTF-8, names in all three languages
    assert table[0]["approved"] == "120000.50"
    for kato in ("593400000", "593430000", "593440000"):
        total = Rollup.objects.get(territory__kato=kato, year=2026, level=0)
        for phase in ("approved", "adjusted", "contracted", "paid"):
            assert sum(D(r[phase]) for r in table if r["kato"] == kato) == getattr(total, phase)


def test_payments_add_up_to_the_monthly_rollups(budget_cast):
    table = rows(exports.payments_csv(budget_cast.region, 2025))
    for m in MonthlyRollup.objects.filter(year=2025, code=""):
        got = sum(D(r["paid"]) for r in table if r["kato"] == m.territory.kato and int(r["month"]) == m.month)
        assert got == m.paid


def test_the_package_reads_a_constant_number_of_queries(budget_cast):
    with CaptureQueriesContext(connection) as queries:
        exports.fdp_zip(budget_cast.region, 2026)
    assert len(queries) == 3


def test_an_empty_year_exports_headers_only(budget_cast):
    assert rows(exports.lines_csv(budget_cast.region, 2019)) == []


def test_geojson_exports_are_feature_collections(budget_cast):
    projects = json.loads(exports.projects_geojson(budget_cast.akzhar, 2026))
    assert projects["type"] == "FeatureCollection" and [f["id"] for f in projects["features"]] == ["kulan-road-2026"]
    assert "contractor" not in json.dumps(projects)
    totals = json.loads(exports.territories_geojson(budget_cast.akzhar, 2026))
    assert [f["properties"]["kato"] for f in totals["features"]] == ["593440000"]  # Talshik has no centre
    props = totals["features"][0]["properties"]
    assert set(props) >= {"kato", "name", "approved", "adjusted", "contracted", "paid", "execution", "status"}


def snapshot() -> tuple[set, set]:
    return (
        set(
            Rollup.objects.values_list(
                "territory__kato", "year", "level", "code", "approved", "adjusted", "contracted", "paid"
            )
        ),
        set(MonthlyRollup.objects.values_list("territory__kato", "year", "code", "month", "paid")),
    )


@pytest.mark.parametrize("year", [2025, 2026])
def test_export_then_import_gives_identical_rollups(budget_cast, tmp_path, year):
    package = tmp_path / f"budget-{year}.zip"
    package.write_bytes(exports.fdp_zip(budget_cast.region, year))
    before = snapshot()
    other_year = 2026 if year == 2025 else 2025
    Budget.objects.filter(year=year).delete()
    Rollup.objects.filter(year=year).delete()
    MonthlyRollup.objects.filter(year=year).delete()
    assert snapshot() != before
    call_command("import_budget", str(package), stdout=io.StringIO())
    after = snapshot()
    assert after == before
    assert {r for r in after[0] if r[1] == other_year}  # the other year was left alone


FDP_PROFILE = "https://specs.frictionlessdata.io/schemas/fiscal-data-package.json"


def test_the_descriptor_meets_the_published_fiscal_data_package_profile(budget_cast):
    """The published JSON Schema of the Fiscal Data Package, when the network is there. (It
    includes the Tabular Data Package schema, which requires "profile": "tabular-data-package";
    that is why the package declares that profile rather than "fiscal-data-package".)"""
    import jsonschema
    import requests

    try:
        schema = requests.get(FDP_PROFILE, timeout=5).json()
    except (requests.RequestException, ValueError):
        pytest.skip("the published profile can't be fetched (offline)")
    descriptor = exports.fdp_descriptor(budget_cast.region, 2026)
    validator = jsonschema.validators.validator_for(schema)(schema)
    assert [e.message for e in validator.iter_errors(descriptor)] == []
