"""Public reads of budgets: what the map, the table view, the JSON API and the exports show.

Everything here reads the rollups (`Rollup`, `MonthlyRollup`), never the budget lines, and each
function makes a constant, small number of queries whatever the number of territories.

Totals of a territory
    A territory with a current budget of its own in a year is shown with that budget's total
    (its level-0 rollup). Budgets of territories below it are separate budgets — a district's
    budget does not contain its rural okrugs' — so they are never added in. A territory *without*
    a budget of its own (typically a region whose budget was not loaded) is shown with the sum of
    its children's totals, recursively by the same rule. `TerritoryView.totals_source` says which
    of the two happened ("own", "children" or None when nothing is loaded).

Execution status
    execution = paid ÷ adjusted plan (None when the plan is zero). It is compared with the share of
    the year gone by (1.0 for past years): below BUDGET_EXECUTION_CAUTION × share is "caution",
    above BUDGET_EXECUTION_OVERRUN (paid more than the plan) is "overrun", otherwise "on_plan".
    See `execution_status`.
"""

from ._base import CAUTION, CENT, HAS_BOUNDARY, ON_PLAN, OVERRUN, PHASES, ZERO
from .execution import execution_ratio, execution_status, year_share
from .maps import latest_update, territories_geojson
from .projects import project_detail, project_list, project_properties, project_years, projects_geojson
from .territory import (
    BudgetSource,
    ChildSummary,
    GroupSummary,
    MonthlyView,
    MonthPaid,
    TerritoryView,
    Totals,
    budget_source,
    budget_years,
    check_phase,
    territory_monthly,
    territory_view,
)

__all__ = [
    "CAUTION",
    "CENT",
    "HAS_BOUNDARY",
    "ON_PLAN",
    "OVERRUN",
    "PHASES",
    "ZERO",
    "BudgetSource",
    "ChildSummary",
    "GroupSummary",
    "MonthPaid",
    "MonthlyView",
    "TerritoryView",
    "Totals",
    "budget_source",
    "budget_years",
    "check_phase",
    "execution_ratio",
    "execution_status",
    "latest_update",
    "project_detail",
    "project_list",
    "project_properties",
    "project_years",
    "projects_geojson",
    "territories_geojson",
    "territory_monthly",
    "territory_view",
    "year_share",
]
