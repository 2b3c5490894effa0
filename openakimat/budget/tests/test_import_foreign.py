"""Files as they are published elsewhere, loaded without editing: the territory, year and currency
given to `import_budget`, the delimiter sniffed, total rows left out, corrections (negative adjusted
and paid amounts) kept, a publication date not taken for a payment month, an undecodable byte
reported on its line, Open Akimat's own CSV export read back, and messages in the chosen language.
The files under data/foreign are made for these tests with the traits of real ones."""

import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import load_command_class
from django.utils import translation

from openakimat.budget import exports
from openakimat.budget.importers import ImportFailed, Overrides, import_budget
from openakimat.budget.models import Budget, BudgetLine, MonthlyRollup, Payment, Rollup
from openakimat.budget.services import classification_load
from openakimat.common.actor import SystemActor

from .budget_cast import CLASSIFICATION, budget_cast_fixture  # noqa: F401

D = Decimal
SYSTEM = SystemActor("tests")
FOREIGN = Path(__file__).parent / "data" / "foreign"
MK_LIKE = FOREIGN / "semicolon_eur"
AS_PUBLISHED = Overrides(territory="593400000", year=2026, currency="EUR", rate=D("500"))


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def setting(db, akzhar, talshik_okrug):
    classification_load(actor=SYSTEM, rows=CLASSIFICATION)


def run(monkeypatch, *argv) -> tuple[int, str, str]:
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)  # keep the test's transaction
    command = load_command_class("openakimat.budget", "import_budget")
    command.stdout._out, command.stderr._out = io.StringIO(), io.StringIO()
    try:
        command.run_from_argv(["manage.py", "import_budget", *map(str, argv)])
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, command.stdout._out.getvalue(), command.stderr._out.getvalue()


def amounts(kato: str = "593400000") -> dict[str, tuple[Decimal, Decimal, Decimal]]:
    budget = Budget.objects.get(territory__kato=kato, is_current=True)
    return {
        line.classification.code: (line.approved, line.adjusted, line.paid)
        for line in budget.lines.select_related("classification")
    }


def test_a_foreign_package_as_published_needs_its_territory_year_and_currency(setting):
    with pytest.raises(ImportFailed) as caught:
        import_budget(MK_LIKE, actor=SYSTEM, source_name="mk", format="fdp")
    assert "datapackage.json, measure “planned”: the currency is EUR" in caught.value.errors[0]
    assert "the model has no location dimension (KATO codes)" in caught.value.errors[-1]
    assert not Budget.objects.exists()


def test_a_foreign_package_loads_with_the_options_converted_to_tenge(setting):
    result = import_budget(MK_LIKE, actor=SYSTEM, source_name="mk.zip", format="fdp", overrides=AS_PUBLISHED)
    assert (result.budgets, result.lines, result.rows) == (1, 3, 3)
    # The two total rows are left out (EU funds are not counted twice), and said so.
    assert result.warnings == [
        "2 total rows (first: budget.csv, row 4) were left out: the totals are computed from the lines"
    ]
    assert amounts() == {
        "07.3.123.008": (D(500000), D(550000), D(400250)),
        "12.1.123.013": (D(1000000), D(950000), D(-25000)),  # a correction of what was paid
        "04.2.464.003.011": (D(250000), D(-10000), D(250000)),  # a correction of the plan
    }
    budget = Budget.objects.get()
    assert (budget.year, budget.source_unit) == (2026, 1)
    assert budget.source_name == "mk.zip (converted from EUR at 500 tenge)"
    # The publication date gives no payment month: nothing "paid in January".
    assert not Payment.objects.exists() and not MonthlyRollup.objects.exists()
    assert Rollup.objects.get(territory__kato="593400000", level=0).paid == D(625250)


def test_a_date_the_model_says_dates_payments_gives_the_month(setting, tmp_path):
    package = tmp_path / "package"
    shutil.copytree(MK_LIKE, package)
    descriptor = json.loads((package / "datapackage.json").read_text())
    descriptor["model"]["dimensions"]["published"]["attributes"]["date"]["columnType"] = "date:fiscal-period"
    (package / "datapackage.json").write_text(json.dumps(descriptor))
    import_budget(package, actor=SYSTEM, source_name="mk", format="fdp", overrides=AS_PUBLISHED)
    assert sorted(Payment.objects.values_list("line__classification__code", "month", "amount")) == [
        ("04.2.464.003.011", 1, D(250000)),
        ("07.3.123.008", 1, D(400250)),
        ("12.1.123.013", 1, D(-25000)),
    ]


def test_a_stated_delimiter_that_does_not_match_is_named_with_the_header(setting, tmp_path):
    package = tmp_path / "package"
    shutil.copytree(MK_LIKE, package)
    descriptor = json.loads((package / "datapackage.json").read_text())
    descriptor["resources"][0]["dialect"] = {"delimiter": ","}
    (package / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(ImportFailed) as caught:
        import_budget(package, actor=SYSTEM, source_name="mk", format="fdp", overrides=AS_PUBLISHED)
    assert caught.value.errors[-1] == (
        "budget.csv: read with the delimiter “,”, the header has the columns: "
        "“program_code;program_name;planned;revised;executed;publication_date”"
    )


def test_a_negative_approved_amount_is_refused_with_its_row(setting, tmp_path):
    package = tmp_path / "package"
    shutil.copytree(MK_LIKE, package)
    data = (package / "budget.csv").read_text().replace(";2000;1900;", ";-2000;1900;")
    (package / "budget.csv").write_text(data)
    with pytest.raises(ImportFailed) as caught:
        import_budget(package, actor=SYSTEM, source_name="mk", format="fdp", overrides=AS_PUBLISHED)
    assert caught.value.errors == [
        "budget.csv, row 3, column “planned”: '-2000' is negative; amounts can't be negative"
    ]
    assert not Budget.objects.exists()


def test_a_byte_the_declared_encoding_lacks_is_reported_on_its_line(setting):
    with pytest.raises(ImportFailed) as caught:
        import_budget(FOREIGN / "cp1251", actor=SYSTEM, source_name="cp", format="fdp", overrides=AS_PUBLISHED)
    assert caught.value.errors == [
        "budget.csv, line 4: the byte 0x98 (character 23 of the line) is not windows-1251; save the file as "
        "UTF-8 (“CSV UTF-8”)"
    ]


def test_a_csv_that_is_not_utf8_names_the_line_in_the_raw_bytes(setting):
    # Line 5 of the file; row 4 (a quoted name spans lines 2 and 3).
    with pytest.raises(ImportFailed) as caught:
        import_budget(FOREIGN / "broken_utf8.csv", actor=SYSTEM, source_name="b.csv", format="csv", unit=1)
    assert caught.value.errors == [
        "line 5: the byte 0xC8 (character 39 of the line) is not UTF-8; save the file as UTF-8 (“CSV UTF-8”)"
    ]
    assert not Budget.objects.exists()


def test_csv_corrections_are_kept_and_a_total_in_the_code_column_left_out(setting):
    result = import_budget(FOREIGN / "corrections.csv", actor=SYSTEM, source_name="c.csv", format="csv", unit=1)
    assert result.warnings == ["1 total row (first: row 4) was left out: the totals are computed from the lines"]
    assert amounts() == {
        "07.3.123.008": (D(1000), D(900), D(-10)),
        "12.1.123.013": (D(2000), D(-5), D(0)),
    }
    assert sorted(Payment.objects.values_list("month", "amount")) == [(1, D(-30)), (2, D(20))]


def test_the_csv_template_takes_territory_and_year_from_the_options(setting, tmp_path):
    path = tmp_path / "no_kato.csv"
    path.write_text("code,approved (tenge)\n07.3.123.008,100\n12.1.123.013,200\n")
    with pytest.raises(ImportFailed) as caught:
        import_budget(path, actor=SYSTEM, source_name="n.csv", format="csv")
    assert "no header found" in caught.value.errors[0]
    assert (
        caught.value.errors[1]
        == "read with the delimiter “,”, the first line has the cells: “code”, “approved (tenge)”"
    )
    import_budget(
        path, actor=SYSTEM, source_name="n.csv", format="csv", overrides=Overrides(territory="593430000", year=2027)
    )
    assert Budget.objects.get().year == 2027
    assert amounts("593430000") == {"07.3.123.008": (D(100), D(0), D(0)), "12.1.123.013": (D(200), D(0), D(0))}


def test_the_csv_export_reimports_with_identical_totals(budget_cast, region, tmp_path):
    totals = sorted(Rollup.objects.filter(year=2026).values_list("territory__kato", "level", "code", *exports.PHASES))
    before = set(BudgetLine.objects.filter(budget__year=2026, budget__is_current=True).values_list("pk", flat=True))
    path = tmp_path / "export.csv"
    path.write_text(exports.lines_csv(region, 2026), encoding="utf-8")
    result = import_budget(path, actor=SYSTEM, source_name="export.csv", format="csv")
    assert result.lines == len(before) and not result.warnings
    # Every line was written anew, from the export…
    assert not before & set(BudgetLine.objects.filter(budget__year=2026).values_list("pk", flat=True))
    assert set(Budget.objects.filter(year=2026, is_current=True).values_list("source_name", flat=True)) == {
        "export.csv"
    }
    # …and adds up to the same totals at every level (in tenge: the export's unit).
    assert (
        sorted(Rollup.objects.filter(year=2026).values_list("territory__kato", "level", "code", *exports.PHASES))
        == totals
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "nothing was imported"),
        ("ru", "ничего не импортировано"),
        ("kk", "ештеңе импортталмады"),
    ],
)
def test_command_messages_come_in_the_chosen_language(setting, monkeypatch, language, expected):
    code, _out, err = run(monkeypatch, MK_LIKE, "--format", "fdp", "--language", language)
    assert code == 1 and expected in err


def test_the_command_loads_a_foreign_package_with_its_options(setting, monkeypatch):
    code, out, err = run(
        monkeypatch,
        *(MK_LIKE, "--territory", "593400000", "--year", "2026", "--currency", "eur", "--rate", "500"),
        *("--language", "en"),
    )
    assert code == 0 and out.startswith("1 budgets, 3 lines")
    assert err.startswith("warning: 2 total rows")
    assert Rollup.objects.get(territory__kato="593400000", level=0).approved == D(1750000)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--currency", "EUR"), "--currency EUR needs --rate"),
        (("--rate", "500"), "--rate needs --currency"),
        (("--currency", "EUR", "--rate", "-1"), "--rate: '-1' is not a positive number"),
        (("--territory", "5934"), "--territory: '5934' has 4 digits"),
        (("--year", "1999"), "--year: 1999 is not between 2000 and 2100"),
    ],
)
def test_bad_options_are_refused_before_reading(setting, monkeypatch, options, message):
    code, _out, err = run(monkeypatch, MK_LIKE, *options, "--language", "en")
    assert code == 1 and message in err
    assert not Budget.objects.exists()


def test_lines_ended_by_a_carriage_return_alone_are_read(setting, tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes(b"kato;year;code;approved\r593400000;2026;07.3.123.008;5\r593400000;2026;12.1.123.013;7\r")
    result = import_budget(path, actor=SYSTEM, source_name="mac.csv", format="csv", unit=1)
    assert result.lines == 2 and amounts()["12.1.123.013"] == (D(7), D(0), D(0))
