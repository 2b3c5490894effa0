from decimal import Decimal

import pytest
from django.db.models import Sum

from openakimat.budget.models import (
    Budget,
    BudgetLine,
    MonthlyRollup,
    Payment,
    Project,
    ProjectFunding,
    ProjectStatus,
    Rollup,
)
from openakimat.common.actor import SystemActor
from openakimat.common.iin import bin_validate
from openakimat.demo import budget as demo
from openakimat.demo.projects import demo_bin
from openakimat.demo.tests import load_demo
from openakimat.integrity.models import AuditEntry
from openakimat.territory.models import Akimat

ZERO = Decimal(0)


@pytest.fixture
def demo_data(db):
    load_demo()


def test_the_district_and_its_twelve_okrugs_have_budgets_for_two_years(demo_data):
    current = Budget.objects.filter(is_current=True)
    assert set(current.values_list("year", flat=True)) == {2025, 2026}
    katos = set(current.values_list("territory__kato", flat=True))
    assert katos == {demo.AKZHAR, *demo.OKRUG_WEIGHTS} and len(katos) == 13
    # 2025: the approved version 0 and the adjustment 1 (current); 2026: the approved version only.
    assert set(Budget.objects.filter(year=2025).values_list("version", "is_current")) == {(0, False), (1, True)}
    assert set(Budget.objects.filter(year=2026).values_list("version", "is_current")) == {(0, True)}
    assert Budget.objects.count() == 13 * 3
    assert all(b.source_name.startswith("ДЕМО") and b.decision_en.startswith("DEMO") for b in Budget.objects.all())


def test_amounts_are_plausible_for_a_district_of_thirteen_thousand_people(demo_data):
    totals = {(r.territory.kato, r.year): r for r in Rollup.objects.filter(level=0).select_related("territory")}
    for year in (2025, 2026):
        assert 3_000_000_000 < totals[(demo.AKZHAR, year)].adjusted < 9_000_000_000
        for kato in demo.OKRUG_WEIGHTS:
            assert 10_000_000 < totals[(kato, year)].adjusted < 600_000_000, (kato, year)


def test_2025_is_executed_through_december_and_2026_through_october(demo_data):
    months_2025 = set(Payment.objects.filter(line__budget__year=2025).values_list("month", flat=True))
    months_2026 = set(Payment.objects.filter(line__budget__year=2026).values_list("month", flat=True))
    assert months_2025 == set(range(1, 13)) and months_2026 == set(range(1, 11))
    # The approved 2025 version is a plan only.
    assert not Payment.objects.filter(line__budget__year=2025, line__budget__version=0).exists()
    execution = [
        (line.budget.territory.kato, line.classification.code, line.paid / line.adjusted)
        for line in BudgetLine.objects.filter(
            budget__year=2025, budget__is_current=True, adjusted__gt=0
        ).select_related("budget__territory", "classification")
    ]
    under = {(k, c) for k, c, share in execution if share < Decimal("0.8")}
    over = {(k, c) for k, c, share in execution if share > 1}
    assert under == {(demo.AKZHAR, "07.2.467.058"), ("593439000", "12.1.124.045")}
    assert over == {("593438000", "07.3.124.008")}


def test_rollups_match_the_sums_of_the_lines_and_payments(demo_data):
    for budget in Budget.objects.filter(is_current=True).select_related("territory"):
        sums = budget.lines.aggregate(*(Sum(p) for p in ("approved", "adjusted", "contracted", "paid")))
        total = Rollup.objects.get(territory=budget.territory, year=budget.year, level=0)
        assert (total.approved, total.adjusted, total.contracted, total.paid) == tuple(sums.values())
        education = budget.lines.filter(classification__code__startswith="04").aggregate(s=Sum("paid"))["s"] or ZERO
        group = Rollup.objects.filter(territory=budget.territory, year=budget.year, code="04").first()
        assert (group.paid if group else ZERO) == education
        paid = Payment.objects.filter(line__budget=budget).aggregate(s=Sum("amount"))["s"]
        monthly = MonthlyRollup.objects.filter(territory=budget.territory, year=budget.year, code="")
        assert paid == total.paid == monthly.aggregate(s=Sum("paid"))["s"]


def test_about_forty_projects_with_valid_bins_and_funding_lines(demo_data):
    projects = Project.objects.prefetch_related("funding", "reports").select_related("territory")
    assert len(projects) == 40
    assert {p.status for p in projects} == set(ProjectStatus.values)
    assert {p.territory.level for p in projects} == {"village"}
    assert len({p.territory.parent_id for p in projects}) == 12
    for project in projects:
        assert abs(project.lat - project.territory.centre_lat) < Decimal("0.02")
        funding = project.funding.get()
        line = BudgetLine.objects.get(
            budget__territory=funding.territory,
            budget__year=funding.year,
            budget__is_current=True,
            classification=funding.classification,
        )
        assert funding.territory.kato in (demo.AKZHAR, project.territory.parent.kato)
        assert funding.amount <= line.adjusted
        if project.status in (ProjectStatus.PLANNED, ProjectStatus.PROCUREMENT):
            assert not project.contractor_bin and not project.reports.exists()
            continue
        assert "Демо" in project.contractor_name
        assert bin_validate(project.contractor_bin).value == project.contractor_bin
        assert project.contract_amount == funding.amount
        reports = list(project.reports.all())
        assert 2 <= len(reports) <= 4
        assert [r.progress for r in reports] == sorted(r.progress for r in reports)
        assert reports[-1].progress == project.progress
        assert project.status != ProjectStatus.COMPLETED or (project.progress == 100 and project.actual_end)


def test_the_funded_lines_cover_their_projects(demo_data):
    for (kato, year, code), thousands in demo.project_fundings().items():
        funded = ProjectFunding.objects.filter(territory__kato=kato, year=year, classification__code=code).aggregate(
            s=Sum("amount")
        )["s"]
        assert funded == thousands * 1000


def test_loading_the_budget_demo_again_writes_nothing(demo_data):
    lines = dict(BudgetLine.objects.values_list("pk", "paid"))
    audits = AuditEntry.objects.count()
    akimats = {a.territory.kato: a for a in Akimat.objects.select_related("territory")}
    assert demo.load(SystemActor("tests"), akimats) == {"budgets": 0, "projects": 0}
    assert dict(BudgetLine.objects.values_list("pk", "paid")) == lines
    assert AuditEntry.objects.count() == audits


def test_a_changed_demo_budget_is_written_again(demo_data):
    line = BudgetLine.objects.get(
        budget__territory__kato=demo.AKZHAR, budget__year=2026, classification__code="13.9.452.012"
    )
    line.adjusted += 1000
    line.save(update_fields=["adjusted"])
    akimats = {a.territory.kato: a for a in Akimat.objects.select_related("territory")}
    assert demo.load(SystemActor("tests"), akimats) == {"budgets": 1, "projects": 0}
    line = BudgetLine.objects.get(
        budget__territory__kato=demo.AKZHAR, budget__year=2026, classification__code="13.9.452.012"
    )
    assert line.adjusted == line.approved


def test_demo_bins_pass_the_check_digit():
    for n in range(50):
        assert bin_validate(demo_bin(n)).entity_type == "resident"
