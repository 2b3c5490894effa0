from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from conftest import make_staff
from openakimat.accounts.models import Role
from openakimat.budget.models import Budget, BudgetLine, MonthlyRollup, Payment, Rollup
from openakimat.budget.services import LineData, budget_replace, classification_load
from openakimat.common.actor import SystemActor

SYSTEM = SystemActor("tests")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


D = Decimal


@pytest.fixture
def classification(db):
    classification_load(
        actor=SYSTEM,
        rows=[
            ("07", "ТКШ", "ЖКХ", "Housing and communal services"),
            ("07.3", "Елді мекендерді абаттандыру", "Благоустройство", "Improvement of settlements"),
            ("07.3.123", "Әкім аппараты", "Аппарат акима", "Akim's office"),
            ("07.3.123.008", "Көшелерді жарықтандыру", "Освещение улиц", "Street lighting"),
            ("07.3.123.011", "Абаттандыру", "Благоустройство", "Improvement"),
            ("12", "Көлік", "Транспорт", "Transport"),
            ("12.1", "Автомобиль көлігі", "Автомобильный транспорт", "Road transport"),
            ("12.1.123", "Әкім аппараты", "Аппарат акима", "Akim's office"),
            ("12.1.123.013", "Жолдар", "Дороги", "Roads"),
        ],
    )


def lines():
    return [
        LineData(
            "07.3.123.008", approved=D(5000), adjusted=D(5200), contracted=D(5100), monthly={1: D(400), 2: D(600)}
        ),
        LineData("07.3.123.011", approved=D(1000), adjusted=D(1000), paid=D(300), monthly={3: D(300)}),
        LineData("12.1.123.013", approved=D(20000), adjusted=D(18000), contracted=D(17000), paid=D(0)),
    ]


def test_a_budget_loads_with_rollups_at_every_level(classification, talshik_okrug):
    budget = budget_replace(actor=SYSTEM, territory=talshik_okrug, year=2026, version=0, lines=lines())
    assert budget.is_current and budget.lines.count() == 3 and Payment.objects.count() == 3
    totals = {(r.level, r.code): (r.approved, r.adjusted, r.contracted, r.paid) for r in Rollup.objects.all()}
    assert totals[(0, "")] == (D(26000), D(24200), D(22100), D(1300))
    assert totals[(1, "07")] == (D(6000), D(6200), D(5100), D(1300))
    assert totals[(3, "07.3.123")] == (D(6000), D(6200), D(5100), D(1300))
    assert totals[(4, "12.1.123.013")] == (D(20000), D(18000), D(17000), D(0))
    months = {(m.code, m.month): m.paid for m in MonthlyRollup.objects.all()}
    assert months == {
        ("", 1): D(400),
        ("07", 1): D(400),
        ("", 2): D(600),
        ("07", 2): D(600),
        ("", 3): D(300),
        ("07", 3): D(300),
    }


def test_reloading_a_version_replaces_it_and_the_latest_version_is_current(classification, talshik_okrug):
    budget_replace(actor=SYSTEM, territory=talshik_okrug, year=2026, version=0, lines=lines())
    budget_replace(actor=SYSTEM, territory=talshik_okrug, year=2026, version=0, lines=lines()[:1])
    assert BudgetLine.objects.count() == 1
    adjusted = budget_replace(actor=SYSTEM, territory=talshik_okrug, year=2026, version=1, lines=lines())
    assert list(Budget.objects.filter(is_current=True)) == [adjusted]
    assert Rollup.objects.get(level=0).approved == D(26000)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (LineData("07.9.999.999"), "unknown classification code"),
        (LineData("07.3.123.008", approved=D(-1)), "can't be negative"),
        (LineData("07.3.123.008", paid=D(5), monthly={1: D(4)}), "not the sum"),
        (LineData("07.3.123.008", monthly={13: D(4)}), "months are 1 to 12"),
    ],
)
def test_bad_lines_change_nothing(classification, talshik_okrug, line, message):
    with pytest.raises(ValidationError, match=message):
        budget_replace(actor=SYSTEM, territory=talshik_okrug, year=2026, version=0, lines=[*lines(), line])
    assert not Budget.objects.exists() and not Rollup.objects.exists()


def test_finance_staff_load_budgets_of_their_territory_only(classification, talshik_okrug, akzhar_akimat, aiyrtau):
    finance = make_staff("dina.finance", Role.FINANCE, akzhar_akimat)
    budget_replace(actor=finance, territory=talshik_okrug, year=2026, version=0, lines=lines())
    with pytest.raises(PermissionDenied):
        budget_replace(actor=finance, territory=aiyrtau, year=2026, version=0, lines=lines())
    operator = make_staff("dana.operator", Role.OPERATOR, akzhar_akimat)
    with pytest.raises(PermissionDenied):
        budget_replace(actor=operator, territory=talshik_okrug, year=2026, version=0, lines=lines())


def test_the_fifteen_functional_groups_load_once(db):
    from io import StringIO

    from django.core.management import call_command

    from openakimat.budget.models import Classification

    out = StringIO()
    call_command("load_classification", stdout=out)
    assert "15 added" in out.getvalue()
    assert Classification.objects.get(code="07").name_ru == "Жилищно-коммунальное хозяйство"
    call_command("load_classification", stdout=out)
    assert out.getvalue().endswith("15 codes read, 0 added or renamed\n")


def rollup_rows():
    return sorted(
        Rollup.objects.values_list(
            "territory__kato", "year", "level", "code", "approved", "adjusted", "contracted", "paid"
        )
    )


def budget_rows():
    return sorted(Budget.objects.values_list("territory__kato", "year", "version", "is_current"))


def monthly_rows():
    return sorted(MonthlyRollup.objects.values_list("territory__kato", "year", "code", "month", "paid"))


def test_a_files_budgets_load_together_as_they_would_one_by_one(classification, talshik_okrug, akzhar):
    from openakimat.budget.services import BudgetLoad, budgets_replace

    budget_replace(actor=SYSTEM, territory=talshik_okrug, year=2026, version=1, lines=lines()[:1])
    budget_replace(actor=SYSTEM, territory=akzhar, year=2025, version=0, lines=lines()[1:])
    loads = [
        BudgetLoad(talshik_okrug, 2026, 0, lines()),  # older than the version 1 already there
        BudgetLoad(akzhar, 2025, 0, lines()),  # replaces
        BudgetLoad(akzhar, 2025, 1, lines()[:2]),  # becomes current
        BudgetLoad(akzhar, 2026, 0, lines()[2:]),
    ]
    budgets_replace(actor=SYSTEM, loads=loads)
    together = (rollup_rows(), monthly_rows(), budget_rows())
    # Lines: Talshik v1 1 and v0 3; Akzhar 2025 v0 3 and v1 2; Akzhar 2026 1. Payments: 2, 3, 3, 3, 0.
    assert BudgetLine.objects.count() == 10 and Payment.objects.count() == 11
    for load in loads:
        budget_replace(actor=SYSTEM, territory=load.territory, year=load.year, version=load.version, lines=load.lines)
    one_by_one = (rollup_rows(), monthly_rows(), budget_rows())
    assert together == one_by_one
    assert ("593430000", 2026, 1, True) in together[2] and ("593400000", 2025, 1, True) in together[2]


def test_a_file_with_one_bad_budget_changes_nothing(classification, talshik_okrug, akzhar):
    from openakimat.budget.services import BudgetLoad, budgets_replace

    with pytest.raises(ValidationError, match=r"unknown classification code 99\.9\.999\.999"):
        budgets_replace(
            actor=SYSTEM,
            loads=[
                BudgetLoad(talshik_okrug, 2026, 0, lines()),
                BudgetLoad(akzhar, 2026, 0, [LineData("99.9.999.999")]),
            ],
        )
    assert not Budget.objects.exists() and not Rollup.objects.exists()
