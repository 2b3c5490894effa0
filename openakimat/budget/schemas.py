"""Shapes of the budget API's answers. Amounts are tenge as JSON numbers (two decimals at most);
the exact decimal values are in the CSV and Fiscal Data Package exports. Names come in the three
languages, so one answer serves every page language."""

from datetime import date
from typing import Any, Literal

from ninja import Field, Schema

from openakimat.territory.schemas import Names, names

Status = Literal["on_plan", "caution", "overrun"]


def money(value: Any) -> float | None:
    return None if value is None else float(value)


class TerritoryRef(Schema):
    kato: str
    level: str
    name: Names


def territory_ref(t: Any) -> dict[str, Any]:
    return {"kato": t.kato, "level": t.level, "name": names(t)}


class Amounts(Schema):
    approved: float
    adjusted: float
    contracted: float
    paid: float


class TotalsOut(Amounts):
    execution: float | None = Field(description="paid ÷ adjusted plan; null without a plan")
    status: Status | None = Field(description="execution compared with the share of the year gone by")
    source: Literal["own", "children"] | None = Field(
        description="own: the territory's own budget; children: the sum of the budgets below it (no budget of its "
        "own); null: nothing loaded"
    )


class Centre(Schema):
    lat: float
    lon: float


class ChildOut(Amounts):
    kato: str
    level: str
    name: Names
    population: int | None
    amount: float = Field(description="the amount of the selected phase")
    per_capita: float | None = Field(description="amount per resident; null without a population")
    value: float | None = Field(description="what a map sizes by: per_capita when asked per capita, else amount")
    execution: float | None
    status: Status | None
    centre: Centre | None
    has_boundary: bool
    own_budget: bool = Field(description="false when the amounts sum budgets further down")


class GroupOut(Amounts):
    code: str
    name: Names | None
    amount: float
    share: float | None = Field(description="part of the total of the selected phase, 0 to 1")
    execution: float | None


class MonthOut(Schema):
    month: int
    paid: float
    cumulative: float


class ProjectOut(Schema):
    slug: str
    name: Names
    territory: TerritoryRef
    lat: float | None
    lon: float | None
    status: str
    progress: int
    contract_amount: float | None
    year_amount: float | None = Field(None, description="funding in the year asked for (all years without one)")


def project_out(p: Any) -> dict[str, Any]:
    return {
        "slug": p.slug,
        "name": names(p),
        "territory": territory_ref(p.territory),
        "lat": money(p.lat),
        "lon": money(p.lon),
        "status": p.status,
        "progress": p.progress,
        "contract_amount": money(p.contract_amount),
        "year_amount": money(getattr(p, "year_amount", None)),
    }


class ProjectRow(ProjectOut):
    """ProjectOut read from a Project (the paginated list returns a queryset)."""

    @staticmethod
    def resolve_name(obj: Any) -> dict[str, str]:
        return names(obj)

    @staticmethod
    def resolve_territory(obj: Any) -> dict[str, Any]:
        return territory_ref(obj.territory)

    @staticmethod
    def resolve_lat(obj: Any) -> float | None:
        return money(obj.lat)

    @staticmethod
    def resolve_lon(obj: Any) -> float | None:
        return money(obj.lon)

    @staticmethod
    def resolve_contract_amount(obj: Any) -> float | None:
        return money(obj.contract_amount)

    @staticmethod
    def resolve_year_amount(obj: Any) -> float | None:
        return money(getattr(obj, "year_amount", None))


class TerritoryBudgetOut(Schema):
    territory: TerritoryRef
    population: int | None
    ancestors: list[TerritoryRef]
    year: int
    phase: str
    per_capita: bool
    years: list[int]
    totals: TotalsOut
    amount: float
    amount_per_capita: float | None
    children: list[ChildOut]
    groups: list[GroupOut]
    monthly: list[MonthOut]
    projects: list[ProjectOut]


class GroupMonthsOut(Schema):
    code: str
    name: Names | None
    months: list[MonthOut]


class MonthlyOut(Schema):
    territory: TerritoryRef
    year: int
    total: list[MonthOut]
    groups: list[GroupMonthsOut]


class YearsOut(Schema):
    territory: TerritoryRef
    years: list[int]


class FundingOut(Schema):
    territory: TerritoryRef
    year: int
    code: str
    name: Names
    amount: float | None


class ReportOut(Schema):
    on: date
    progress: int
    note: Names


class FileOut(Schema):
    kind: str
    url: str
    taken_on: date
    caption: Names


class ProjectDetailOut(ProjectOut):
    description: Names
    contractor_name: str
    contractor_bin: str
    contract_date: date | None
    procurement_ref: str
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    funding: list[FundingOut]
    reports: list[ReportOut]
    files: list[FileOut]
