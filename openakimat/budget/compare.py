"""Comparisons and search over the open budgets: a territory's year against another year, two
territories side by side, and a search over territories and projects. Read-only, from the same
selectors as the budget pages (rollups, never budget lines)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from openakimat.territory import selectors as territory_selectors
from openakimat.territory.models import Territory, heavy_fields

from . import selectors
from .models import Budget, Phase, Project

DEFAULT_PHASE = Phase.ADJUSTED.value
SEARCH_LIMIT = 20
MAX_QUERY = 100


class BadParameter(Exception):
    pass


def _phase(request: HttpRequest) -> str:
    phase = request.GET.get("phase", "").strip() or DEFAULT_PHASE
    if phase not in Phase.values:
        raise BadParameter(_("Unknown budget phase. Choose approved, adjusted, contracted or paid."))
    return phase


def _year(raw: str, years: list[int], default: int | None) -> int | None:
    raw = raw.strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) != 4:
        raise BadParameter(_("The year must be four digits, like 2025."))
    if int(raw) not in years:
        raise Http404(_("There is no budget for this year."))
    return int(raw)


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "budget/bad_request.html", {"message": message}, status=400)


@dataclass(frozen=True)
class Change:
    """One row of a year-over-year comparison: the amounts of the two years and the change."""

    code: str
    name: str
    before: Decimal
    after: Decimal

    @property
    def difference(self) -> Decimal:
        return self.after - self.before

    @property
    def percent(self) -> Decimal | None:
        if not self.before:
            return None
        return (self.difference / self.before * 100).quantize(Decimal("0.1"))


def year_changes(territory: Territory, year: int, other: int, phase: str) -> tuple[list[Change], Change]:
    """The functional groups of the territory's budget in `other` and in `year` (a group missing in
    one year counts as zero there), and the totals, as Change rows from `other` to `year`."""
    after = selectors.territory_view(territory, year, phase)
    before = selectors.territory_view(territory, other, phase)
    names = {g.code: g.name for g in before.groups} | {g.code: g.name for g in after.groups}
    amounts_before = {g.code: g.amount for g in before.groups}
    amounts_after = {g.code: g.amount for g in after.groups}
    rows = [
        Change(code, str(names[code]), amounts_before.get(code, Decimal(0)), amounts_after.get(code, Decimal(0)))
        for code in sorted(names)
    ]
    total = Change("", _("Total"), before.total_amount, after.total_amount)
    return rows, total


@require_safe
def compare_years(request: HttpRequest, kato: str) -> HttpResponse:
    territory = territory_selectors.territory_get(kato=kato)
    years = selectors.budget_years(territory)
    try:
        phase = _phase(request)
        year = _year(request.GET.get("year", ""), years, years[0] if years else None)
        earlier = [y for y in years if year is not None and y < year]
        other = _year(request.GET.get("with", ""), years, earlier[0] if earlier else None)
    except BadParameter as exc:
        return _bad_request(request, str(exc))
    context: dict[str, Any] = {
        "territory": territory,
        "ancestors": territory_selectors.territory_ancestors(territory),
        "years": years,
        "year": year,
        "other": other,
        "phase": phase,
        "phase_label": Phase(phase).label,
        "phases": Phase.choices,
    }
    if year is not None and other is not None and year != other:
        context["rows"], context["total"] = year_changes(territory, year, other, phase)
    return render(request, "budget/compare_years.html", context)


def _budget_territories() -> list[Territory]:
    """Territories with a current budget of their own, by name: the choices to compare. One query."""
    ids = Budget.objects.filter(is_current=True).values("territory")
    return sorted(
        Territory.objects.filter(pk__in=ids).defer("boundary", "search_text"), key=lambda t: str(t.name).casefold()
    )


@require_safe
def compare_places(request: HttpRequest) -> HttpResponse:
    """Two or more territories side by side in one year and phase: amount, per resident, execution."""
    choices = _budget_territories()
    by_kato = {t.kato: t for t in choices}
    chosen = [k.strip() for k in request.GET.getlist("kato") if k.strip()][:4]
    unknown = [k for k in chosen if k not in by_kato]
    if unknown:
        return _bad_request(request, _("Choose territories from the list: they are the ones with a budget."))
    years = sorted(
        set(Budget.objects.filter(is_current=True, territory__kato__in=chosen).values_list("year", flat=True)),
        reverse=True,
    )
    try:
        phase = _phase(request)
        year = _year(request.GET.get("year", ""), years, years[0] if years else None) if chosen else None
    except BadParameter as exc:
        return _bad_request(request, str(exc))
    rows = []
    if year is not None:
        for kato in chosen:
            territory = by_kato[kato]
            view = selectors.territory_view(territory, year, phase)
            population = territory.population
            rows.append(
                {
                    "territory": territory,
                    "amount": view.total_amount if view.totals_source else None,
                    "per_capita": view.total_per_capita if view.totals_source else None,
                    "population": population,
                    "execution": (Decimal(str(view.totals.execution)) * 100).quantize(Decimal("0.1"))
                    if view.totals.execution is not None
                    else None,
                    "status": view.totals.status,
                }
            )
    context = {
        "choices": choices,
        "chosen": chosen + [""] * max(0, 2 - len(chosen)),
        "years": years,
        "year": year,
        "phase": phase,
        "phase_label": Phase(phase).label,
        "phases": Phase.choices,
        "rows": rows,
    }
    return render(request, "budget/compare_places.html", context)


def _name_holds(word: str) -> Q:
    """A project's name in any language holds the word, whatever its case. SQLite folds the case of
    Latin letters only, so there the usual spellings of a Cyrillic word are asked for as well."""
    if connection.vendor == "postgresql":
        variants = {word}
        lookup = "icontains"
    else:
        variants = {word, word.lower(), word.upper(), word.capitalize()}
        lookup = "contains" if any(ord(c) > 127 for c in word) else "icontains"
    condition = Q()
    for variant in variants:
        for language in ("kk", "ru", "en"):
            condition |= Q(**{f"name_{language}__{lookup}": variant})
    return condition


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Territories and projects whose name (in any of the three languages) holds every word typed."""
    q = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    territories: list[Territory] = []
    projects: list[Project] = []
    if q:
        territories = list(territory_selectors.territory_list(q=q)[:SEARCH_LIMIT])
        condition = Q()
        for word in q.split():
            condition &= _name_holds(word)
        projects = list(
            Project.objects.filter(condition)
            .select_related("territory")
            .defer(*heavy_fields("territory"))
            .order_by("territory__kato", "slug")[:SEARCH_LIMIT]
        )
    return render(request, "budget/search.html", {"q": q, "territories": territories, "projects": projects})
