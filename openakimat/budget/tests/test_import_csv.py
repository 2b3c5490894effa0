"""The CSV template importer: the template itself, every messy-file rule, errors with their row
and column, and all or nothing."""

import io
from decimal import Decimal

import pytest
from django.utils import translation

from conftest import make_staff
from openakimat.accounts.models import Role
from openakimat.budget import services
from openakimat.budget.importers import ImportFailed, import_budget, read_csv
from openakimat.budget.importers.common import MAX_ERRORS
from openakimat.budget.importers.numbers import CellError, amount_in_tenge, parse_amount
from openakimat.budget.models import Budget, BudgetLine, MonthlyRollup, Payment, Rollup
from openakimat.budget.services import classification_load, stream
from openakimat.common.actor import SystemActor

from .budget_cast import CLASSIFICATION

D = Decimal
SYSTEM = SystemActor("tests")
DATA = __import__("pathlib").Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English (the default language is Kazakh)."""
    with translation.override("en"):
        yield


@pytest.fixture
def setting(db, akzhar, talshik_okrug, aiyrtau):
    classification_load(actor=SYSTEM, rows=CLASSIFICATION)


def load(text: str, *, encoding="utf-8", actor=SYSTEM, **options):
    return import_budget(
        io.BytesIO(text.encode(encoding)), actor=actor, source_name="test.csv", format="csv", **options
    )


def errors_of(text: str, **options) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        load(text, **options)
    return caught.value.errors


def amounts(kato="593400000", year=2026, version=0) -> dict[str, tuple]:
    budget = Budget.objects.get(territory__kato=kato, year=year, version=version)
    return {
        line.classification.code + (f"/{line.economic_code}" if line.economic_code else ""): (
            line.approved,
            line.adjusted,
            line.contracted,
            line.paid,
        )
        for line in budget.lines.select_related("classification")
    }


def test_the_english_template_loads_two_budgets_with_rollups(setting):
    result = import_budget(DATA / "template_en.csv", actor=SYSTEM, source_name="template_en.csv")
    assert (result.budgets, result.lines, result.payments, result.rows) == (2, 3, 2, 3)
    # The header says "(tenge)": no conversion.
    assert amounts()["07.3.123.008"] == (D(5000000), D(5200000), D(5100000), D(1000000))
    assert amounts("593430000")["07.3.123.008"] == (D("1234567.50"), D(1300000), D(0), D(0))
    akzhar = Budget.objects.get(territory__kato="593400000")
    assert akzhar.source_unit == 1 and akzhar.source_name == "template_en.csv" and akzhar.is_current
    total = Rollup.objects.get(territory__kato="593400000", level=0)
    assert (total.approved, total.paid) == (D(25000000), D(1000000))
    assert dict(MonthlyRollup.objects.filter(territory__kato="593400000", code="").values_list("month", "paid")) == {
        1: D(400000),
        2: D(600000),
    }


def test_a_messy_russian_file_is_read_by_its_rules(setting):
    """BOM, semicolons, a title and a unit row above the header, Cyrillic headers, every kind of
    thousands separator, decimal commas, markers, blank and total rows, lost leading zeros."""
    result = import_budget(DATA / "messy_ru.csv", actor=SYSTEM, source_name="messy_ru.csv")
    assert (result.budgets, result.lines, result.payments) == (1, 3, 2)
    budget = Budget.objects.get()
    assert (budget.version, budget.source_unit) == (1, 1000)
    assert amounts(version=1) == {
        # 1 234,5 (no-break space) thousand; 1'100,25 (apostrophe); paid 300,5 = 100 + 200,5
        "07.3.123.008": (D(1234500), D(1300000), D(1100250), D(300500)),
        # 20 000 (narrow no-break space); "nfp", "-", "—", "–", "х" are nothing
        "12.1.123.013": (D(20000000), D(18000000), D(0), D(0)),
        "04.2.464.003.011": (D(900000), D(900000), D(0), D(0)),  # "н/д", "x"
    }
    assert sorted(Payment.objects.values_list("month", "amount")) == [(1, D(100000)), (2, D(200500))]


def test_kazakh_headers_level_columns_and_tabs(setting):
    import_budget(DATA / "levels_kk.tsv", actor=SYSTEM, source_name="levels_kk.tsv", format="csv")
    assert amounts("593430000") == {
        "07.3.123.008": (D(250000), D(260000), D(0), D(20000)),
        "04.2.464.003.011/151": (D(1000000), D(1000000), D(0), D(0)),
    }


@pytest.mark.parametrize(
    ("cell", "delimiter", "expected"),
    [
        ("1 234,5", ";", "1234500"),
        ("1\u00a0234\u00a0567,25", ";", "1234567250"),
        ("1\u202f234", ";", "1234000"),
        ("1'234.5", ";", "1234500"),
        ("1.234,5", ";", "1234500"),
        ("1,234.5", ";", "1234500"),
        ('"1,234"', ",", "1234000"),  # comma-separated file: the decimal mark is "."
        ("1,234", ";", "1234"),  # semicolons: the decimal mark is ","
        ('"1,5"', ",", "1500"),  # a comma that can't group thousands is a decimal comma
        ('"1,234,567"', ",", "1234567000"),
        ("0,00001", ";", "0.01"),
        ("7.0", ";", "7000"),
    ],
)
def test_numbers_in_every_locale(setting, cell, delimiter, expected):
    d = delimiter
    load(f"kato{d}year{d}code{d}approved\n593400000{d}2026{d}07.3.123.008{d}{cell}\n")
    assert BudgetLine.objects.get().approved == D(expected)


def test_the_unit_comes_from_the_option_a_header_a_row_or_a_column(setting):
    load("kato,year,code,approved\n593400000,2026,07.3.123.008,5\n")
    assert BudgetLine.objects.get().approved == D(5000)  # default: thousand tenge
    load("kato,year,code,approved\n593400000,2026,07.3.123.008,5\n", unit=1)
    assert BudgetLine.objects.get().approved == D(5)
    load("kato;year;code;approved, тенге\n593400000;2026;07.3.123.008;5\n")
    assert BudgetLine.objects.get().approved == D(5) and Budget.objects.get().source_unit == 1
    load("в тенге\nkato;year;code;approved\n593400000;2026;07.3.123.008;5\n")
    assert BudgetLine.objects.get().approved == D(5)
    load(
        "kato;year;code;approved;ед. изм.\n593400000;2026;07.3.123.008;5;тыс. тенге\n"
        "593430000;2026;07.3.123.008;5;тенге\n"
    )
    assert amounts()["07.3.123.008"][0] == D(5000) and amounts("593430000")["07.3.123.008"][0] == D(5)


def test_a_unit_the_file_states_differently_from_the_option_is_an_error(setting):
    errors = errors_of("kato;year;code;Утверждено (тыс. тенге)\n593400000;2026;07.3.123.008;5\n", unit=1)
    assert errors == ["line 1, column D: the file states amounts in thousand tenge but the import was asked for tenge"]
    errors = errors_of("kato;year;code;approved, thousand;paid, tenge\n593400000;2026;07.3.123.008;5;1\n")
    assert "states two units" in errors[0]


def test_every_problem_is_reported_with_its_row_and_column(setting):
    text = (
        "КАТО;Год;Код;Утверждено;Оплачено;Январь;Февраль\n"
        "59340000;2026;07.3.123.008;1;;;\n"  # row 2: KATO of 8 digits
        "593400000;1999;07.3.123.008;1;;;\n"  # row 3: year out of range
        "593400000;2026;07.9.999.999;1;;;\n"  # row 4: unknown code
        "593400000;2026;12.1.123.013;-5;;;\n"  # row 5: negative
        "593400000;2026;07.3.123.008;abc;;;\n"  # row 6: not a number
        "593400000;2026;07.3.123.008;1;10;4;5\n"  # row 7: paid 10 ≠ 4 + 5 (beyond 0.5)
        "593400000;2026;07.3.1234.008;1;;;\n"  # row 8: four digits for an administrator
        "593400000;2026;12.1.123.013;1;;;\n"  # row 9: also on row 5? no: row 5 failed; fine
        "593400000;2026;12.1.123.013;2;;;\n"  # row 10: duplicate of row 9
        "599999999;2026;12.1.123.013;2;;;\n"  # row 11: no such territory
    )
    errors = errors_of(text)
    assert errors == [
        # in the order of the rows: the database is asked as each row is read
        "row 2, column “КАТО” (A): '59340000' has 8 digits; a KATO code has 9",
        "row 3, column “Год” (B): 1999 is not between 2000 and 2100",
        "row 4, column “Код” (C): unknown classification code 07.9.999.999",
        "row 5, column “Утверждено” (D): '-5' is negative; amounts can't be negative",
        "row 6, column “Утверждено” (D): 'abc' is not a number",
        "row 7, column “Оплачено” (E): paid is 10000 tenge but the months add up to 9000 tenge (a difference of "
        "1000); they may differ by rounding only, up to 0.5 thousand tenge",
        "row 8, column “Код” (C): '07.3.1234.008' is not a classification code like 07.1.451.015.011",
        "row 10: the line 12.1.123.013 of budget 593400000 2026 version 0 is also on row 9",
        "row 11: no territory has the KATO code 599999999",
    ]
    assert not Budget.objects.exists()


def test_paid_within_half_a_unit_of_its_months_takes_their_sum(setting):
    load("kato;year;code;paid;m01;m02\n593400000;2026;07.3.123.008;10;4,6;5,6\n")  # 10.2 vs 10
    assert BudgetLine.objects.get().paid == D(10200) and Payment.objects.count() == 2


@pytest.mark.parametrize(
    ("columns", "cells", "code"),
    [
        ("code", "7.3.123.8", "07.3.123.008"),
        ("code", "07 3 123 008", "07.3.123.008"),
        ("code", "073123008", "07.3.123.008"),
        ("code", "4.2.464.3.11", "04.2.464.003.011"),
        ("group;subgroup;administrator;program;subprogram", "4;2;464;3;11", "04.2.464.003.011"),
        ("group;subgroup;administrator;program;subprogram", "7.0;3;123;8;", "07.3.123.008"),
    ],
)
def test_codes_with_lost_leading_zeros_are_padded_by_level(setting, columns, cells, code):
    load(f"kato;year;{columns};approved\n593400000;2026;{cells};1\n")
    assert BudgetLine.objects.get().classification.code == code


def test_a_level_after_an_empty_one_and_a_line_with_its_parent_are_errors(setting):
    errors = errors_of("kato;year;group;subgroup;administrator;program;approved\n593400000;2026;7;;123;8;1\n")
    assert errors == ["row 2, column “administrator” (E): a administrator is given but the subgroup is empty"]
    errors = errors_of("kato;year;code;approved\n593400000;2026;04.2.464.003;1\n593400000;2026;04.2.464.003.011;1\n")
    assert errors == [
        "row 3: the code 04.2.464.003.011 is under 04.2.464.003, which is also a line of budget "
        "593400000 2026 version 0 (row 2); give either the total or its parts"
    ]


def test_header_problems_are_reported_before_the_rows(setting):
    assert "no header found" in errors_of("foo;bar\n1;2\n")[0]
    errors = errors_of("kato;year;approved\n593400000;2026;1\n")
    assert errors == [
        "line 1: no classification column: give “code” (07.1.451.015.011) or the level columns group, "
        "subgroup, administrator, program, subprogram"
    ]
    assert "both mean" in errors_of("kato;КАТО;year;code;approved\n")[0]


def test_encodings_other_than_utf8_are_refused_with_advice(setting):
    text = "КАТО;Год;Код;Утверждено\n593400000;2026;07.3.123.008;1\n"
    assert "UTF-16" in errors_of(text, encoding="utf-16")[0]
    assert "not UTF-8" in errors_of(text, encoding="cp1251")[0]


def test_errors_stop_at_the_cap(setting):
    rows = "".join(f"593400000;2026;07.3.123.008;bad{i}\n" for i in range(MAX_ERRORS + 50))
    errors = errors_of("kato;year;code;approved\n" + rows)
    assert len(errors) == MAX_ERRORS + 1 and errors[-1].startswith("… stopped after 100 errors")


def test_one_bad_row_in_the_last_budget_changes_nothing(setting):
    load("kato;year;code;approved\n593400000;2026;07.3.123.008;1\n")
    before = amounts()
    errors = errors_of(
        "kato;year;code;approved\n593400000;2026;07.3.123.008;2\n593430000;2026;07.3.123.008;3\n"
        "593200000;2026;07.3.123.008;4\n593200000;2026;12.1.123.013;x5\n"
    )
    assert errors == ["row 5, column “approved” (D): 'x5' is not a number"]
    assert amounts() == before and Budget.objects.count() == 1


def test_a_failure_while_loading_the_last_budget_rolls_back_the_others(setting, monkeypatch):
    """The transaction, not only the checks: writing fails once every budget's lines are in (the
    audit entry of the file's akimats, the last thing written)."""
    real = stream.audit_record

    def failing(**kwargs):
        if "593200000" in str(kwargs.get("data")):
            raise RuntimeError("the database went away")
        return real(**kwargs)

    monkeypatch.setattr("openakimat.budget.services.stream.audit_record", failing)
    with pytest.raises(RuntimeError, match="went away"):
        load(
            "kato;year;code;approved\n593400000;2026;07.3.123.008;2\n593430000;2026;07.3.123.008;3\n"
            "593200000;2026;07.3.123.008;4\n"
        )
    assert not Budget.objects.exists() and not BudgetLine.objects.exists() and not Rollup.objects.exists()


def test_a_file_replaces_the_same_versions_and_the_latest_is_current(setting):
    load("kato;year;version;code;approved\n593400000;2026;0;07.3.123.008;1\n593400000;2026;0;12.1.123.013;1\n")
    load("kato;year;version;code;approved\n593400000;2026;0;07.3.123.008;7\n593400000;2026;1;07.3.123.008;9\n")
    assert amounts(version=0) == {"07.3.123.008": (D(7000), D(0), D(0), D(0))}
    assert Budget.objects.get(is_current=True).version == 1
    assert Rollup.objects.get(level=0).approved == D(9000)


def test_a_dry_run_checks_everything_and_saves_nothing(setting):
    result = load("kato;year;code;approved\n593400000;2026;07.3.123.008;1\n", dry_run=True)
    assert result.dry_run and result.budgets == 1 and "nothing was saved" in result.summary()
    assert not Budget.objects.exists()


def test_finance_staff_load_their_territories_only(setting, akzhar_akimat):
    finance = make_staff("dina.finance", Role.FINANCE, akzhar_akimat)
    text = "kato;year;code;approved\n593430000;2026;07.3.123.008;1\n593200000;2026;07.3.123.008;1\n"
    with translation.override("en"):
        assert errors_of(text, actor=finance) == ["row 3: you may not load budgets of Aiyrtau district (593200000)"]
    load("kato;year;code;approved\n593430000;2026;07.3.123.008;1\n", actor=finance)
    assert Budget.objects.get().territory.kato == "593430000"


def test_reading_is_independent_of_the_database(db):
    parsed = read_csv(io.BytesIO(b"kato,year,code,approved\n593400000,2026,7.3.123.8,1\n"))
    assert [line.code for line in parsed.budgets[("593400000", 2026, 0)].lines] == ["07.3.123.008"]


def rollup_snapshot() -> tuple[set, set]:
    return (
        set(
            Rollup.objects.values_list(
                "territory__kato", "year", "level", "code", "approved", "adjusted", "contracted", "paid"
            )
        ),
        set(MonthlyRollup.objects.values_list("territory__kato", "year", "code", "month", "paid")),
    )


def test_the_rollups_written_on_import_equal_a_rebuild_from_the_database(setting, akzhar):
    import_budget(DATA / "messy_ru.csv", actor=SYSTEM, source_name="messy_ru.csv")
    load("kato;year;version;code;approved;paid;m03\n593400000;2026;0;07.3.123.008;1,001;0,003;0,003\n")  # older
    written = rollup_snapshot()
    assert len(written[0]) == 14 and len(written[1]) == 4
    services.rollups_rebuild(akzhar, 2026)
    assert rollup_snapshot() == written


@pytest.mark.parametrize("cell", ["-5", "(5)", "−5", "– 5"])
def test_negative_amounts_in_every_notation_are_refused(cell):
    with pytest.raises(CellError, match="negative"):
        parse_amount(cell)


@pytest.mark.parametrize("cell", ["", "  ", "nfp", "NFP", "-", "--", "—", "–", "x", "X", "х", "н/д", "n/a"])
def test_markers_mean_nothing(cell):
    assert parse_amount(cell) is None


@pytest.mark.parametrize("cell", ["1.234.5", "1,23,4", "12a", "1e5", "1 2 3,4,5", "..", "0x10"])
def test_malformed_numbers_are_refused(cell):
    with pytest.raises(CellError, match="not a number"):
        parse_amount(cell)


@pytest.mark.parametrize(
    ("raw", "unit", "tenge"),
    [("1,23456", 1000, "1234.56"), ("1,234567", 1000, "1234.57"), ("0,005", 1, "0.01"), ("12", 1000, "12000")],
)
def test_conversion_to_tenge_is_exact_to_the_tiyn(raw, unit, tenge):
    assert amount_in_tenge(raw, unit) == D(tenge)
