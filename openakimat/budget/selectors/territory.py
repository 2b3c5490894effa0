"""A territory's budget as the map, the table view and the API show it: totals, children, groups and
months, read from the rollups in a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from django.db.models import (
    Count,
    Max,
    Sum,
)
from django.utils.translation import gettext as _

from openakimat.territory.models import Territory

from ..models import (
    Budget,
    Classification,
    MonthlyRollup,
    Project,
    Rollup,
)
from ._base import CENT, HAS_BOUNDARY, PHASES, ZERO
from .execution import execution_ratio, execution_status
from .projects import project_list

# ---------------------------------------------------------------------------------------------
# Results


@dataclass
class Totals:
    """The four phase amounts of a budget (tenge), with execution and status."""

    approved: Decimal = ZERO
    adjusted: Decimal = ZERO
    contracted: Decimal = ZERO
    paid: Decimal = ZERO
    execution: float | None = None
    status: str | None = None

    def amount(self, phase: str) -> Decimal:
        return getattr(self, phase)

    def add(self, other: Totals) -> None:
        for p in PHASES:
            setattr(self, p, getattr(self, p) + getattr(other, p))

    def finish(self, year: int, today: date | None = None) -> Totals:
        self.execution = execution_ratio(self.paid, self.adjusted)
        self.status = execution_status(self.execution, year, today)
        return self


@dataclass
class ChildSummary:
    """One territory a level down, as the map draws it (a symbol or polygon) and the table lists it.

    `amount` is the selected phase's amount; `per_capita` that amount per resident (None without
    a population); `value` is what the map should size by (per_capita when the view was asked
    per capita, else amount). `has_own_budget` is False when the amounts are the sum of the budgets
    further down (see the module docstring)."""

    territory: Territory
    totals: Totals
    amount: Decimal
    per_capita: Decimal | None
    value: Decimal | None
    execution: float | None
    status: str | None
    lat: float | None
    lon: float | None
    has_boundary: bool
    has_own_budget: bool

    @property
    def kato(self) -> str:
        return self.territory.kato

    @property
    def name(self) -> str:
        return self.territory.name


@dataclass
class GroupSummary:
    """A functional group (classification level 1) of the territory's totals. `share` is the
    group's part of the total of the view's phase (0..1, None when the total is zero)."""

    code: str
    classification: Classification | None
    approved: Decimal
    adjusted: Decimal
    contracted: Decimal
    paid: Decimal
    amount: Decimal
    share: float | None
    execution: float | None

    @property
    def name(self) -> str:
        return self.classification.name if self.classification else self.code


class MonthPaid(NamedTuple):
    month: int
    paid: Decimal
    cumulative: Decimal


@dataclass
class TerritoryView:
    """The drill-down of one territory in one year and phase. Names come from the territories'
    and classifications' localized `name` properties, so render it under the page's language."""

    territory: Territory
    ancestors: list[Territory]  # breadcrumb, root first, without the territory itself
    year: int
    phase: str
    per_capita: bool
    years: list[int]  # years with data in the subtree, newest first
    totals: Totals
    totals_source: str | None  # "own", "children" or None (nothing loaded)
    total_amount: Decimal  # totals in the selected phase
    total_per_capita: Decimal | None
    children: list[ChildSummary]
    groups: list[GroupSummary]
    monthly: list[MonthPaid]
    projects: list[Project]  # with .territory; annotated .year_amount (funding in the year)

    @property
    def has_data(self) -> bool:
        return self.totals_source is not None

    @property
    def max_value(self) -> Decimal:
        """The largest child value, for scaling proportional symbols."""
        return max((c.value or ZERO for c in self.children), default=ZERO)


# ---------------------------------------------------------------------------------------------
# Selectors


def check_phase(phase: str) -> str:
    if phase not in PHASES:
        raise ValueError(
            _("Unknown phase %(phase)s; use one of: %(phases)s.") % {"phase": phase, "phases": ", ".join(PHASES)}
        )
    return phase


def budget_years(territory: Territory) -> list[int]:
    """Years with a current budget anywhere in the territory's subtree (itself included), newest
    first. One query."""
    qs = Budget.objects.filter(is_current=True, territory__path__startswith=territory.path)
    return list(qs.order_by("-year").values_list("year", flat=True).distinct())


def _per_capita(amount: Decimal, population: int | None) -> Decimal | None:
    if not population:
        return None
    return (amount / population).quantize(CENT)


def subtree_totals(territory: Territory, year: int) -> tuple[dict[str, Totals], dict[str, set[int]]]:
    """Totals of the territory and of each descendant with data, by the rule of the module
    docstring, keyed by path; and for each, the ids of the territories whose budgets make it up
    (just its own id when it has a budget of its own). One query."""
    rows = (
        Rollup.objects.filter(year=year, level=0, territory__path__startswith=territory.path)
        .values_list("territory_id", "territory__path", *PHASES)
        .order_by()
    )
    totals: dict[str, Totals] = {}
    sources: dict[str, set[int]] = {}
    for territory_id, path, *amounts in rows:
        totals[path] = Totals(*amounts)
        sources[path] = {territory_id}
    # Each path with a budget is a child of its parent path, and so on up to the territory; a
    # path without a budget of its own sums its children, deepest first.
    base_depth = territory.path.count("/")
    children_of: dict[str, set[str]] = defaultdict(set)
    for path in list(totals):
        parts = path.rstrip("/").split("/")
        for depth in range(len(parts) - 1, base_depth - 1, -1):
            children_of["/".join(parts[:depth]) + "/"].add("/".join(parts[: depth + 1]) + "/")
    for path in sorted(children_of, key=lambda p: -p.count("/")):
        if path in sources:
            continue  # a budget of its own: the budgets below are separate
        t, ids = Totals(), set()
        for child in children_of[path]:
            t.add(totals[child])
            ids |= sources[child]
        totals[path], sources[path] = t, ids
    return totals, sources


def territory_view(
    territory: Territory,
    year: int,
    phase: str,
    per_capita: bool = False,
    *,
    today: date | None = None,
    years: list[int] | None = None,
    with_payers: bool = False,
) -> TerritoryView:
    """The drill-down of a territory: totals, children a level down, functional groups, monthly
    payments and projects (see the module docstring for how totals are made). Children are the
    territories one level down with a budget in the year, of their own or further down; a
    district's own budget is its totals and its rural okrugs are its children. Eight queries (seven
    when `years`, the territory's `budget_years`, is passed in; one fewer for a region, which has no
    ancestors). With `with_payers` the projects carry their payers (one query more)."""
    check_phase(phase)
    if years is None:
        years = budget_years(territory)
    ancestors = _ancestors(territory)
    all_totals, sources = subtree_totals(territory, year)

    own_path = territory.path
    if own_path in all_totals:
        totals = all_totals[own_path].finish(year, today)
        own_ids = sources[own_path]
        totals_source = "own" if own_ids == {territory.pk} else "children"
    else:
        totals, own_ids, totals_source = Totals(), set(), None

    child_paths = {p: t for p, t in all_totals.items() if p != own_path and p.count("/") == own_path.count("/") + 1}
    children: list[ChildSummary] = []
    if child_paths:
        child_rows = (
            Territory.objects.filter(path__in=list(child_paths))
            .defer("boundary", "search_text")
            .annotate(has_boundary=HAS_BOUNDARY)
            .order_by("kato")
        )
        for child in child_rows:
            t = child_paths[child.path].finish(year, today)
            amount = t.amount(phase)
            pc = _per_capita(amount, child.population)
            children.append(
                ChildSummary(
                    territory=child,
                    totals=t,
                    amount=amount,
                    per_capita=pc,
                    value=pc if per_capita else amount,
                    execution=t.execution,
                    status=t.status,
                    lat=float(child.centre_lat) if child.centre_lat is not None else None,
                    lon=float(child.centre_lon) if child.centre_lon is not None else None,
                    has_boundary=child.has_boundary,
                    has_own_budget=sources[child.path] == {child.pk},
                )
            )

    total_amount = totals.amount(phase)
    return TerritoryView(
        territory=territory,
        ancestors=ancestors,
        year=year,
        phase=phase,
        per_capita=per_capita,
        years=years,
        totals=totals,
        totals_source=totals_source,
        total_amount=total_amount,
        total_per_capita=_per_capita(total_amount, territory.population),
        children=children,
        groups=_groups(own_ids, year, phase, total_amount) if own_ids else [],
        monthly=_monthly(own_ids, year) if own_ids else [],
        projects=list(project_list(territory=territory, year=year, with_payers=with_payers)),
    )


def _ancestors(territory: Territory) -> list[Territory]:
    codes = [c for c in territory.path.split("/") if c and c != territory.kato]
    if not codes:
        return []
    by_code = {t.kato: t for t in Territory.objects.filter(kato__in=codes).defer("boundary", "search_text")}
    return [by_code[c] for c in codes if c in by_code]


def _groups(territory_ids: set[int], year: int, phase: str, total: Decimal) -> list[GroupSummary]:
    rows = list(
        Rollup.objects.filter(territory_id__in=territory_ids, year=year, level=1)
        .values("code")
        .annotate(**{f"s_{p}": Sum(p) for p in PHASES})
        .order_by("code")
    )
    classes = {c.code: c for c in Classification.objects.filter(level=1, code__in=[r["code"] for r in rows])}
    groups = []
    for r in rows:
        amounts = {p: r[f"s_{p}"] for p in PHASES}
        amount = amounts[phase]
        groups.append(
            GroupSummary(
                code=r["code"],
                classification=classes.get(r["code"]),
                amount=amount,
                share=float(amount / total) if total else None,
                execution=execution_ratio(amounts["paid"], amounts["adjusted"]),
                **amounts,
            )
        )
    return groups


def _monthly(territory_ids: set[int], year: int, code: str = "") -> list[MonthPaid]:
    rows = (
        MonthlyRollup.objects.filter(territory_id__in=territory_ids, year=year, code=code)
        .values("month")
        .annotate(s=Sum("paid"))
        .order_by("month")
    )
    out, running = [], ZERO
    for r in rows:
        running += r["s"]
        out.append(MonthPaid(r["month"], r["s"], running))
    return out


@dataclass
class MonthlyView:
    """Paid per month of a territory's totals (same rule as `territory_view`): the total and per
    functional group. `groups` maps a group code to its months."""

    territory: Territory
    year: int
    total: list[MonthPaid]
    groups: dict[str, list[MonthPaid]] = field(default_factory=dict)
    classifications: dict[str, Classification] = field(default_factory=dict)


def territory_monthly(territory: Territory, year: int) -> MonthlyView:
    """Monthly payments of a territory in a year, in total and per functional group. Three queries."""
    _totals, sources = subtree_totals(territory, year)
    ids = sources.get(territory.path, set())
    view = MonthlyView(territory=territory, year=year, total=[])
    if not ids:
        return view
    rows = (
        MonthlyRollup.objects.filter(territory_id__in=ids, year=year)
        .values("code", "month")
        .annotate(s=Sum("paid"))
        .order_by("code", "month")
    )
    by_code: dict[str, list[MonthPaid]] = defaultdict(list)
    for r in rows:
        months = by_code[r["code"]]
        running = (months[-1].cumulative if months else ZERO) + r["s"]
        months.append(MonthPaid(r["month"], r["s"], running))
    view.total = by_code.pop("", [])
    view.groups = dict(by_code)
    view.classifications = {c.code: c for c in Classification.objects.filter(level=1, code__in=list(view.groups))}
    return view


@dataclass(frozen=True)
class BudgetSource:
    """Where a territory's figures for a year come from: its own current budget (with the
    decision, version and source file) or, when it has none, how many budgets within it are summed;
    and when the newest of them was loaded."""

    own: Budget | None
    count: int
    loaded_at: datetime | None


def budget_source(territory: Territory, year: int, totals_source: str | None) -> BudgetSource:
    """One query: the own budget when the totals are the territory's own, the count and newest
    load of the budgets within it otherwise."""
    if totals_source == "own":
        own = Budget.objects.filter(territory=territory, year=year, is_current=True).first()
        return BudgetSource(own=own, count=1 if own else 0, loaded_at=own.updated_at if own else None)
    summary = Budget.objects.filter(territory__path__startswith=territory.path, year=year, is_current=True).aggregate(
        count=Count("pk"), loaded_at=Max("updated_at")
    )
    return BudgetSource(own=None, count=summary["count"], loaded_at=summary["loaded_at"])
