"""The budget API under /api/v1/budget/: the drill-down the map reads, monthly payments, projects,
and the open-format exports (Fiscal Data Package, CSV, GeoJSON). Public; every answer is made once
per data version and kept in the shared cache (openakimat/budget/answers.py), with Cache-Control
public and an ETag of its bytes, so a repeated read with If-None-Match gets a 304 without a query.
docs/budget-data.md has examples."""

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from openakimat.common.pagination import PagePagination
from openakimat.common.schemas import ErrorOut
from openakimat.territory.models import Territory
from openakimat.territory.schemas import names

from . import exports, selectors
from .answers import CACHE_SECONDS
from .models import Phase
from .schemas import (
    MonthlyOut,
    ProjectDetailOut,
    ProjectRow,
    TerritoryBudgetOut,
    YearsOut,
    money,
    project_out,
    territory_ref,
)

router = Router(tags=["budget"])

Language = Literal[tuple(code for code, _name in settings.LANGUAGES)]
YEAR = {"ge": 2000, "le": 2100, "description": "fiscal year, 2000–2100"}
NOT_FOUND = {404: ErrorOut}
PHASE_QUERY = Query(Phase.ADJUSTED, description="the phase that `amount`, `value` and `share` are of")


# ---------------------------------------------------------------------------------------------
# Helpers


def _territory(kato: str) -> Territory:
    try:
        return Territory.objects.defer("boundary", "search_text").get(kato=kato)
    except Territory.DoesNotExist:
        raise HttpError(404, _("No territory has the KATO code %(kato)s.") % {"kato": kato[:20]}) from None


def _year(territory: Territory, year: int | None, years: list[int]) -> int:
    """The year asked for, or the newest with budgets; 404 when the subtree has none that year."""
    if not years:
        raise HttpError(404, _("No budgets are loaded for %(name)s.") % {"name": territory.name})
    if year is None:
        return years[0]
    if year not in years:
        raise HttpError(
            404,
            _("No budget of %(name)s for %(year)s; years with budgets: %(years)s.")
            % {"name": territory.name, "year": year, "years": ", ".join(map(str, years))},
        )
    return year


def _cached(request: HttpRequest, response: HttpResponse | None, territory: Territory, build: Callable[[], Any]) -> Any:
    """`build()` the answer with its caching headers. The validators (an ETag of the answer's bytes)
    and the 304s are added by answers.AnswerCacheMiddleware, which also keeps the answer until the
    data changes."""
    result = build()
    target = result if isinstance(result, HttpResponse) else response
    if target is not None:
        target["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
        target["Vary"] = "Accept-Language"
    return result


def _file(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------------------------------------
# Drill-down


def _view_json(view: selectors.TerritoryView) -> dict[str, Any]:
    t = view.totals
    return {
        "territory": territory_ref(view.territory),
        "population": view.territory.population,
        "ancestors": [territory_ref(a) for a in view.ancestors],
        "year": view.year,
        "phase": view.phase,
        "per_capita": view.per_capita,
        "years": view.years,
        "totals": {
            **{p: money(getattr(t, p)) for p in selectors.PHASES},
            "execution": t.execution,
            "status": t.status,
            "source": view.totals_source,
        },
        "amount": money(view.total_amount),
        "amount_per_capita": money(view.total_per_capita),
        "children": [
            {
                **territory_ref(c.territory),
                **{p: money(getattr(c.totals, p)) for p in selectors.PHASES},
                "population": c.territory.population,
                "amount": money(c.amount),
                "per_capita": money(c.per_capita),
                "value": money(c.value),
                "execution": c.execution,
                "status": c.status,
                "centre": {"lat": c.lat, "lon": c.lon} if c.lat is not None and c.lon is not None else None,
                "has_boundary": c.has_boundary,
                "own_budget": c.has_own_budget,
            }
            for c in view.children
        ],
        "groups": [
            {
                "code": g.code,
                "name": names(g.classification) if g.classification else None,
                **{p: money(getattr(g, p)) for p in selectors.PHASES},
                "amount": money(g.amount),
                "share": g.share,
                "execution": g.execution,
            }
            for g in view.groups
        ],
        "monthly": [_month(m) for m in view.monthly],
        "projects": [project_out(p) for p in view.projects],
    }


def _month(m: selectors.MonthPaid) -> dict[str, Any]:
    return {"month": m.month, "paid": money(m.paid), "cumulative": money(m.cumulative)}


@router.get(
    "/territories/{kato}",
    response={200: TerritoryBudgetOut, **NOT_FOUND},
    summary="A territory's budget: totals, children, functional groups, months and projects",
    url_name="budget_territory",
)
def territory_budget(
    request: HttpRequest,
    response: HttpResponse,
    kato: str,
    year: int | None = Query(None, **YEAR),
    phase: Phase = PHASE_QUERY,
    per_capita: bool = Query(False, description="size children by the amount per resident"),
):
    """The drill-down of the map. Totals are the territory's own budget; a territory without one
    (a region whose budget was not loaded) shows the sum of the budgets below it
    (`totals.source`). `children` are the territories one level down with budgets. Without `year`,
    the newest year with budgets."""
    territory = _territory(kato)

    def build():
        years = selectors.budget_years(territory)
        chosen = _year(territory, year, years)
        return _view_json(selectors.territory_view(territory, chosen, phase, per_capita, years=years))

    return _cached(request, response, territory, build)


@router.get(
    "/territories/{kato}/monthly",
    response={200: MonthlyOut, **NOT_FOUND},
    summary="Payments by month of a territory's budget, in total and per functional group",
    url_name="budget_monthly",
)
def territory_monthly(request: HttpRequest, response: HttpResponse, kato: str, year: int | None = Query(None, **YEAR)):
    territory = _territory(kato)

    def build():
        chosen = _year(territory, year, selectors.budget_years(territory))
        view = selectors.territory_monthly(territory, chosen)
        return {
            "territory": territory_ref(territory),
            "year": chosen,
            "total": [_month(m) for m in view.total],
            "groups": [
                {
                    "code": code,
                    "name": names(view.classifications[code]) if code in view.classifications else None,
                    "months": [_month(m) for m in months],
                }
                for code, months in sorted(view.groups.items())
            ],
        }

    return _cached(request, response, territory, build)


@router.get(
    "/years/{kato}",
    response={200: YearsOut, **NOT_FOUND},
    summary="Years with budgets in a territory and below it, newest first",
    url_name="budget_years",
)
def budget_years(request: HttpRequest, response: HttpResponse, kato: str):
    territory = _territory(kato)
    return _cached(
        request,
        response,
        territory,
        lambda: {"territory": territory_ref(territory), "years": selectors.budget_years(territory)},
    )


# ---------------------------------------------------------------------------------------------
# Projects


@router.get(
    "/projects",
    response={200: list[ProjectRow], **NOT_FOUND},
    summary="Projects the budgets fund",
    url_name="budget_projects",
)
@paginate(PagePagination)
def project_list(
    request: HttpRequest,
    territory: str | None = Query(None, description="KATO code: projects in this territory and below"),
    year: int | None = Query(None, **YEAR),
):
    """Projects located in a territory's subtree (all without `territory`) with funding in `year`
    (any year without it), by territory and identifier."""
    root = _territory(territory) if territory else Territory(path="")
    return selectors.project_list(territory=root, year=year)


@router.get(
    "/projects/{slug}",
    response={200: ProjectDetailOut, **NOT_FOUND},
    summary="A project with its funding, progress reports, photos and documents",
    url_name="budget_project",
)
def project_detail(request: HttpRequest, response: HttpResponse, slug: str):
    try:
        p = selectors.project_detail(slug)
    except Http404:
        raise HttpError(404, _("No project has the identifier %(slug)s.") % {"slug": slug[:60]}) from None
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return {
        **project_out(p),
        "description": names(p, "description"),
        "contractor_name": p.contractor_name,
        "contractor_bin": p.contractor_bin,
        "contract_date": p.contract_date,
        "procurement_ref": p.procurement_ref,
        "planned_start": p.planned_start,
        "planned_end": p.planned_end,
        "actual_start": p.actual_start,
        "actual_end": p.actual_end,
        "funding": [
            {
                "territory": territory_ref(f.territory),
                "year": f.year,
                "code": f.classification.code,
                "name": names(f.classification),
                "amount": money(f.amount),
            }
            for f in p.funding.all()
        ],
        "reports": [{"on": r.on, "progress": r.progress, "note": names(r, "note")} for r in p.reports.all()],
        "files": [
            {"kind": f.kind, "url": f.file.url, "taken_on": f.taken_on, "caption": names(f, "caption")}
            for f in p.files.all()
        ],
    }


# ---------------------------------------------------------------------------------------------
# Exports

FILE_RESPONSES = {
    "zip": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
    "csv": {"text/csv": {"schema": {"type": "string"}}},
    "geojson": {"application/geo+json": {"schema": {"type": "object"}}},
}


def _export(request: HttpRequest, kato: str, year: int, make: Callable[[Territory, int], HttpResponse]) -> Any:
    territory = _territory(kato)

    def build():
        _year(territory, year, selectors.budget_years(territory))
        return make(territory, year)

    return _cached(request, None, territory, build)


def _openapi(kind: str, description: str) -> dict[str, Any]:
    return {"responses": {200: {"description": description, "content": FILE_RESPONSES[kind]}}}


@router.get(
    "/exports/{kato}/{year}.zip",
    response={404: ErrorOut, 422: ErrorOut},
    summary="Fiscal Data Package (zip: datapackage.json, lines.csv, payments.csv)",
    openapi_extra=_openapi("zip", "the Fiscal Data Package of the territory's subtree"),
    url_name="budget_export_fdp",
)
def export_fdp(request: HttpRequest, kato: str, year: int = Path(..., **YEAR)):
    return _export(
        request,
        kato,
        year,
        lambda t, y: _file(exports.fdp_zip(t, y), "application/zip", f"budget-{t.kato}-{y}.zip"),
    )


@router.get(
    "/exports/{kato}/{year}.csv",
    response={404: ErrorOut, 422: ErrorOut},
    summary="Budget lines as CSV (UTF-8, amounts in tenge with a '.' decimal mark)",
    openapi_extra=_openapi("csv", "the current budget lines of the territory's subtree"),
    url_name="budget_export_csv",
)
def export_csv(request: HttpRequest, kato: str, year: int = Path(..., **YEAR)):
    return _export(
        request,
        kato,
        year,
        lambda t, y: _file(exports.lines_csv(t, y), "text/csv; charset=utf-8", f"budget-{t.kato}-{y}.csv"),
    )


@router.get(
    "/geojson/{kato}/{year}/projects.geojson",
    response={404: ErrorOut, 422: ErrorOut},
    summary="Projects as GeoJSON points (no personal data)",
    openapi_extra=_openapi("geojson", "a FeatureCollection of project points"),
    url_name="budget_geojson_projects",
)
def geojson_projects(request: HttpRequest, kato: str, year: int = Path(..., **YEAR), lang: Language | None = None):
    """Names in `lang`, else in the language the request asks for (Accept-Language)."""
    with translation.override(lang) if lang else nullcontext():
        return _export(
            request,
            kato,
            year,
            lambda t, y: _file(
                exports.projects_geojson(t, y), "application/geo+json", f"projects-{t.kato}-{y}.geojson"
            ),
        )


@router.get(
    "/geojson/{kato}/{year}/territories.geojson",
    response={404: ErrorOut, 422: ErrorOut},
    summary="The territories one level down with their totals, as GeoJSON",
    openapi_extra=_openapi("geojson", "polygons where boundaries were imported, else centre points"),
    url_name="budget_geojson_territories",
)
def geojson_territories(request: HttpRequest, kato: str, year: int = Path(..., **YEAR), lang: Language | None = None):
    """Properties: kato, name, level, the four phase amounts, execution, status, population."""
    with translation.override(lang) if lang else nullcontext():
        return _export(
            request,
            kato,
            year,
            lambda t, y: _file(
                exports.territories_geojson(t, y), "application/geo+json", f"territories-{t.kato}-{y}.geojson"
            ),
        )
