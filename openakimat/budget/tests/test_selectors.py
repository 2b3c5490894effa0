from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from conftest import make_territory
from openakimat.budget import selectors
from openakimat.budget.models import ProgressReport
from openakimat.budget.services import budget_replace
from openakimat.territory.models import TerritoryLevel

from .budget_cast import SYSTEM, budget_cast_fixture, district_lines, okrug_lines  # noqa: F401

D = Decimal
PHASES = ("approved", "adjusted", "contracted", "paid")
MID_2026 = date(2026, 7, 1)


def sums(lines):
    out = dict.fromkeys(PHASES, D(0))
    for line in lines:
        out["approved"] += line.approved
        out["adjusted"] += line.adjusted
        out["contracted"] += line.contracted
        out["paid"] += sum(line.monthly.values(), D(0)) if line.paid is None else line.paid
    return out


def amounts(totals):
    return {p: getattr(totals, p) for p in PHASES}


def test_years_are_those_with_budgets_in_the_subtree_newest_first(budget_cast):
    c = budget_cast
    assert selectors.budget_years(c.region) == [2026, 2025]
    assert selectors.budget_years(c.kulan) == []


def test_a_district_shows_its_own_budget_and_its_okrugs_as_children(budget_cast):
    c = budget_cast
    view = selectors.territory_view(c.akzhar, 2026, "paid", today=MID_2026)
    # Version 1 is current: 30 % paid, not the 25 % of version 0; okrug budgets are not added in.
    assert amounts(view.totals) == sums(district_lines(1, D("0.3")))
    assert view.totals_source == "own" and view.has_data
    assert [t.kato for t in view.ancestors] == [c.region.kato]
    assert [ch.kato for ch in view.children] == [c.talshik.kato, c.kenes.kato]
    talshik = view.children[0]
    assert amounts(talshik.totals) == sums(okrug_lines(1, D("0.25")))
    assert talshik.amount == talshik.totals.paid and talshik.has_own_budget
    assert talshik.per_capita == (talshik.amount / 2500).quantize(D("0.01"))
    assert view.children[1].per_capita is None  # Kenes has no population
    assert [g.code for g in view.groups] == ["01", "04", "12"]
    assert sum(g.amount for g in view.groups) == view.total_amount
    assert abs(sum(g.share for g in view.groups) - 1) < 1e-9
    with translation.override("en"):
        assert view.groups[1].name == "Education"
    with translation.override("kk"):
        assert view.groups[1].name == "Білім беру"
    assert [m.month for m in view.monthly] == [3, 5, 6, 7, 8, 9]
    assert view.monthly[-1].cumulative == view.totals.paid
    assert [p.slug for p in view.projects] == ["kulan-road-2026"]
    assert view.projects[0].year_amount == D("45000000")


def test_a_region_without_a_budget_sums_its_districts_only(budget_cast):
    c = budget_cast
    view = selectors.territory_view(c.region, 2025, "approved", per_capita=True)
    akzhar, aiyrtau = sums(district_lines(1, D(1))), sums(district_lines(2, D(1)))
    assert view.totals_source == "children"
    assert amounts(view.totals) == {p: akzhar[p] + aiyrtau[p] for p in PHASES}
    assert [ch.kato for ch in view.children] == [c.aiyrtau.kato, c.akzhar.kato]
    assert {ch.kato: ch.amount for ch in view.children} == {
        c.akzhar.kato: akzhar["approved"],
        c.aiyrtau.kato: aiyrtau["approved"],
    }
    # Per capita: the value the map sizes by is the per-resident amount.
    assert view.children[1].value == view.children[1].per_capita == (akzhar["approved"] / 15000).quantize(D("0.01"))
    assert view.children[1].has_boundary and not view.children[0].has_boundary
    # Groups and months are those of the budgets that make up the totals.
    assert {g.code: g.approved for g in view.groups}["04"] == D("1350000.25") * 3
    assert view.monthly[-1].cumulative == view.totals.paid
    assert [p.slug for p in view.projects] == ["kenes-school-roof"]


def test_an_okrug_without_a_budget_between_has_its_villages_summed(budget_cast):
    c = budget_cast
    # A village budget under an okrug that has none: the okrug shows as the sum of its villages.
    okrug = make_territory("593450000", TerritoryLevel.RURAL_OKRUG, c.akzhar, "Uzynkol okrug")
    village = make_territory("593450100", TerritoryLevel.VILLAGE, okrug, "Uzynkol village")
    budget_replace(actor=SYSTEM, territory=village, year=2025, version=0, lines=okrug_lines(3, D(1)))
    view = selectors.territory_view(c.akzhar, 2025, "adjusted")
    child = {ch.kato: ch for ch in view.children}[okrug.kato]
    assert not child.has_own_budget and child.amount == sums(okrug_lines(3, D(1)))["adjusted"]
    down = selectors.territory_view(okrug, 2025, "adjusted")
    assert down.totals_source == "children" and [ch.kato for ch in down.children] == [village.kato]


@pytest.mark.parametrize(
    ("execution", "today", "expected"),
    [
        (0.5, date(2026, 6, 30), "on_plan"),  # half the year gone, half paid
        (0.3, date(2026, 6, 30), "caution"),  # below 0.8 × 0.5
        (0.79, date(2027, 1, 5), "caution"),  # a past year must be paid at 80 %
        (1.01, date(2026, 3, 1), "overrun"),
        (None, date(2026, 3, 1), None),
    ],
)
def test_execution_status_follows_the_settings_rule(execution, today, expected):
    assert selectors.execution_status(execution, 2026, today) == expected


def test_thresholds_come_from_settings(settings):
    settings.BUDGET_EXECUTION_CAUTION = 0.95
    assert selectors.execution_status(0.9, 2020, date(2026, 1, 1)) == "caution"


def test_an_unknown_phase_is_refused(budget_cast):
    expected = "Unknown phase spent; use one of: approved, adjusted, contracted, paid"
    with translation.override("en"), pytest.raises(ValueError, match=expected):
        selectors.territory_view(budget_cast.akzhar, 2026, "spent")


def test_a_year_without_budgets_is_an_empty_view(budget_cast):
    view = selectors.territory_view(budget_cast.akzhar, 2019, "paid")
    assert not view.has_data and view.children == [] and view.groups == [] and view.totals.execution is None


def test_the_drill_down_reads_a_constant_number_of_queries(budget_cast):
    c = budget_cast
    with CaptureQueriesContext(connection) as small:
        selectors.territory_view(c.akzhar, 2026, "paid")
    for i in range(6):
        okrug = make_territory(f"59346{i}000", TerritoryLevel.RURAL_OKRUG, c.akzhar, f"Okrug {i}")
        budget_replace(actor=SYSTEM, territory=okrug, year=2026, version=0, lines=okrug_lines(1, D(1)))
    with CaptureQueriesContext(connection) as big:
        view = selectors.territory_view(c.akzhar, 2026, "paid")
    assert len(view.children) == 8
    assert len(small) == len(big) == 8


def test_project_detail_prefetches_everything_the_page_shows(budget_cast, django_assert_num_queries):
    ProgressReport.objects.create(project=budget_cast.road, on=date(2026, 6, 1), progress=40)
    with django_assert_num_queries(4):
        p = selectors.project_detail("kulan-road-2026")
        assert p.territory.parent.kato == budget_cast.talshik.kato
        assert {f.classification.code for f in p.funding.all()} == {"12.1.123.013"}
        assert [r.progress for r in p.reports.all()] == [40]
        assert list(p.files.all()) == []
    with pytest.raises(Http404):
        selectors.project_detail("no-such-project")


def test_projects_geojson_has_points_and_no_personal_data(budget_cast):
    data = selectors.projects_geojson(budget_cast.region, 2026)
    assert [f["id"] for f in data["features"]] == ["kulan-road-2026"]
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [71.95, 53.61]}
    props = feature["properties"]
    assert props["progress"] == 40 and props["status"] == "in_progress"
    assert "Zhol" not in str(props) and "123456789012" not in str(props)
    # The roof has no coordinates: no feature, though it is funded in 2025.
    assert selectors.projects_geojson(budget_cast.region, 2025)["features"] == []


def test_territories_geojson_draws_polygons_where_imported_and_points_elsewhere(budget_cast):
    data = selectors.territories_geojson(budget_cast.region, 2025, today=MID_2026)
    by_kato = {f["id"]: f for f in data["features"]}
    assert by_kato[budget_cast.akzhar.kato]["geometry"]["type"] == "Polygon"
    assert by_kato[budget_cast.aiyrtau.kato]["geometry"] == {"type": "Point", "coordinates": [68.105, 53.293]}
    props = by_kato[budget_cast.akzhar.kato]["properties"]
    assert props["approved"] == float(sums(district_lines(1, D(1)))["approved"])
    assert props["status"] == "on_plan" and 0.99 < props["execution"] < 1
