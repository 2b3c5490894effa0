"""Fiscal Data Packages: the `model` form (directory or zip), the older `mapping` form, and the
problems of a package reported with their resource, row and column."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation

from openakimat.budget.importers import ImportFailed, import_budget
from openakimat.budget.models import Budget, MonthlyRollup, Payment, Rollup
from openakimat.budget.services import classification_load
from openakimat.common.actor import SystemActor

from .budget_cast import CLASSIFICATION

D = Decimal
SYSTEM = SystemActor("tests")

MODEL = {
    "measures": {
        "plan": {
            "source": "plan",
            "resource": "lines",
            "currency": "KZT",
            "factor": 1000,
            "phase": "approved",
            "direction": "expenditure",
        },
        "revised": {"source": "revised", "resource": "lines", "currency": "KZT", "factor": 1000, "phase": "adjusted"},
        "committed": {
            "source": "committed",
            "resource": "lines",
            "currency": "KZT",
            "factor": 1000,
            "phase": "committed",
        },
        "spent": {"source": "spent", "resource": "cash", "currency": "KZT", "factor": 1000, "phase": "executed"},
    },
    "dimensions": {
        "function": {
            "dimensionType": "classification",
            "classificationType": "functional",
            "attributes": {
                "fg": {"source": "fg"},
                "fpg": {"source": "fpg", "parent": "fg"},
                "abp": {"source": "abp", "parent": "fpg"},
                "bp": {"source": "bp", "parent": "abp"},
                "pp": {"source": "pp", "parent": "bp"},
                "bp_name": {"source": "bp_name", "labelfor": "bp"},
            },
            "primaryKey": ["fg", "fpg", "abp", "bp", "pp"],
        },
        "place": {"dimensionType": "location", "attributes": {"kato": {"source": "kato"}}, "primaryKey": "kato"},
        "when": {
            "dimensionType": "datetime",
            "attributes": {"date": {"source": "date", "columnType": "date:fiscal-period"}},
            "primaryKey": "date",
        },
    },
}
LINES = (
    "kato,date,fg,fpg,abp,bp,pp,bp_name,plan,revised,committed\n"
    "593400000,2026,7,3,123,8,,Street lighting,5000.5,5200,5100\n"
    "593400000,2026,4,2,464,3,11,Schools,900000,900000,\n"
    "593430000,2026,12,1,123,13,,Roads,100,100,0\n"
)
CASH = (
    "kato,date,fg,fpg,abp,bp,pp,spent\n"
    "593400000,2026-01,7,3,123,8,,400\n"
    "593400000,2026-02,7,3,123,8,,600.25\n"
    "593400000,2026-02-15,7,3,123,8,,1\n"
)


def package(model=MODEL, lines=LINES, cash=CASH, key="model") -> dict[str, str]:
    descriptor = {
        "name": "akzhar-2026",
        "title": "Akzhar 2026",
        "profile": "fiscal-data-package",
        "resources": [
            {"name": "lines", "path": "data/lines.csv", "format": "csv"},
            {"name": "cash", "path": "data/cash.csv", "format": "csv"},
        ],
        key: model,
    }
    return {"datapackage.json": json.dumps(descriptor), "data/lines.csv": lines, "data/cash.csv": cash}


def as_dir(files: dict[str, str], tmp_path):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def as_zip(files: dict[str, str], folder: str = "") -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(folder + name, text)
    buffer.seek(0)
    return buffer


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English (the default language is Kazakh)."""
    with translation.override("en"):
        yield


@pytest.fixture
def setting(db, akzhar, talshik_okrug, aiyrtau):
    classification_load(actor=SYSTEM, rows=CLASSIFICATION)


def test_a_model_package_in_a_directory_loads_phases_months_and_levels(setting, tmp_path):
    result = import_budget(as_dir(package(), tmp_path), actor=SYSTEM, source_name="akzhar", format="fdp")
    assert (result.budgets, result.lines, result.payments, result.rows) == (2, 3, 2, 6)
    akzhar = Budget.objects.get(territory__kato="593400000")
    assert akzhar.source_unit == 1000 and akzhar.version == 0
    lines = {line.classification.code: line for line in akzhar.lines.select_related("classification")}
    lighting = lines["07.3.123.008"]
    assert (lighting.approved, lighting.adjusted, lighting.contracted, lighting.paid) == (
        D(5000500),
        D(5200000),
        D(5100000),
        D(1001250),
    )
    # Two rows of February are added up.
    assert sorted(Payment.objects.values_list("month", "amount")) == [(1, D(400000)), (2, D(601250))]
    assert lines["04.2.464.003.011"].approved == D(900000000)
    assert Rollup.objects.get(territory__kato="593430000", level=0).approved == D(100000)
    assert MonthlyRollup.objects.get(territory__kato="593400000", code="07", month=2).paid == D(601250)


def test_a_zipped_package_in_a_folder_loads_from_an_open_file(setting):
    result = import_budget(as_zip(package(), "akzhar-2026/"), actor=SYSTEM, source_name="akzhar.zip")
    assert result.budgets == 2 and Budget.objects.count() == 2


def test_the_older_mapping_form_with_fields_and_types(setting):
    mapping = {
        "measures": {
            "amount": {"source": "amount", "currency": "KZT", "factor": 1000, "phase": "approved"},
            "executed": {"source": "executed", "currency": "KZT", "phase": "executed"},
        },
        "dimensions": {
            "functional-classification": {"type": "classification", "fields": {"code": {"source": "func"}}},
            "economic-classification": {"type": "classification", "fields": {"code": {"source": "econ"}}},
            "location": {"type": "location", "fields": {"code": {"source": "kato"}}},
            "date": {"type": "datetime", "fields": {"year": {"constant": 2025}}},
        },
    }
    files = {
        "datapackage.json": json.dumps(
            {"name": "x", "resources": [{"name": "b", "path": "b.csv"}], "mapping": mapping}
        ),
        "b.csv": "kato,func,econ,amount,executed\n593430000,07.3.123.008,151,12.5,7000\n",
    }
    import_budget(as_zip(files), actor=SYSTEM, source_name="old.zip")
    line = Budget.objects.get(year=2025).lines.get()
    assert (line.economic_code, line.approved, line.paid) == ("151", D(12500), D(7000))


def test_package_problems_are_reported_with_resource_row_and_column(setting, tmp_path):
    model = json.loads(json.dumps(MODEL))
    model["measures"]["plan"]["currency"] = "USD"
    model["measures"]["spent"]["phase"] = "guessed"
    with pytest.raises(ImportFailed) as caught:
        import_budget(as_dir(package(model), tmp_path), actor=SYSTEM, source_name="p", format="fdp")
    assert caught.value.errors == [
        "datapackage.json, measure “plan”: the currency is USD; budgets are in tenge (KZT): give the currency and "
        "its rate in tenge (--currency USD --rate …)",
        "datapackage.json, measure “spent”: unknown phase 'guessed'; the phases are actual, adjusted, adopted, "
        "amended, approved, committed, contracted, enacted, executed, obligated, paid, proposed, revised, spent",
    ]
    bad_lines = LINES.replace("5000.5", "-5").replace("593430000", "59343000") + "593400000,2026,7,3,999,8,,X,1,1,1\n"
    bad_cash = CASH.replace("2026-01", "2026-13")
    with pytest.raises(ImportFailed) as caught:
        import_budget(
            as_dir(package(lines=bad_lines, cash=bad_cash), tmp_path), actor=SYSTEM, source_name="p", format="fdp"
        )
    assert caught.value.errors == [
        "data/lines.csv, row 2, column “plan”: '-5' is negative; amounts can't be negative",
        "data/lines.csv, row 4, column “kato”: '59343000' has 8 digits; a KATO code has 9",
        "data/cash.csv, row 2, column “date”: months are 1 to 12",
        "data/lines.csv, row 5, column “pp”: unknown classification code 07.3.999.008",
    ]
    assert not Budget.objects.exists()


def test_paid_must_match_its_months_and_columns_must_exist(setting, tmp_path):
    model = json.loads(json.dumps(MODEL))
    model["measures"]["paid_total"] = {"source": "paid", "resource": "lines", "factor": 1000, "phase": "paid"}
    lines = LINES.replace("committed\n", "committed,paid\n").replace("5100\n", "5100,900\n")
    with pytest.raises(ImportFailed) as caught:
        import_budget(as_dir(package(model, lines=lines), tmp_path), actor=SYSTEM, source_name="p", format="fdp")
    assert caught.value.errors == [
        "data/lines.csv, row 2: paid is 900000 tenge but the monthly payments add up to 1001250.00 tenge (a "
        "difference of 101250.00)"
    ]
    with pytest.raises(ImportFailed) as caught:
        import_budget(as_dir(package(model), tmp_path / "b"), actor=SYSTEM, source_name="p", format="fdp")
    assert caught.value.errors == [
        "data/lines.csv: no column “paid” (the paid_total)",
        "data/lines.csv: read with the delimiter “,”, the header has the columns: “kato”, “date”, “fg”, “fpg”, "
        "“abp”, “bp”, “pp”, “bp_name”, “plan”, “revised”, “committed”",
    ]


def first_error(source) -> str:
    with pytest.raises(ImportFailed) as caught:
        import_budget(source, actor=SYSTEM, source_name="x.zip", format="fdp")
    return caught.value.errors[0]


def test_not_a_package_is_a_clear_error(setting, tmp_path):
    assert "neither a .zip" in first_error(io.BytesIO(b"kato;year"))
    assert "no datapackage.json" in first_error(as_zip({"a.csv": "x"}))
    assert "no “model”" in first_error(as_zip({"datapackage.json": "{}"}))
    assert "not valid JSON" in first_error(as_zip({"datapackage.json": "{"}))
    files = package()
    files["datapackage.json"] = files["datapackage.json"].replace("data/cash.csv", "../../etc/passwd")
    assert "not a file inside the package" in first_error(as_zip(files))
    assert not Budget.objects.exists()


def test_measures_without_a_resource_are_read_where_their_column_is(setting, tmp_path):
    model = json.loads(json.dumps(MODEL))
    for measure in model["measures"].values():
        del measure["resource"]
    import_budget(as_dir(package(model), tmp_path / "a"), actor=SYSTEM, source_name="p", format="fdp")
    assert Payment.objects.count() == 2 and Budget.objects.count() == 2
    model["measures"]["ghost"] = {"source": "ghost", "phase": "approved"}
    with pytest.raises(ImportFailed) as caught:
        import_budget(as_dir(package(model), tmp_path / "b"), actor=SYSTEM, source_name="p", format="fdp")
    assert caught.value.errors == ["datapackage.json: no resource has the column “ghost” of the measure “ghost”"]
