"""The open-budget pages residents read: a territory's budget with its map, charts and tables; the
same data as a table page that needs no JavaScript; and a page per project.

The state of a view (territory, year, phase, per resident) lives in the URL, so any view can be
shared; the selectors and the map read the same state.
"""

import csv
import io
import mimetypes
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from csp.decorators import csp_replace
from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from openakimat.territory import selectors as territory_selectors
from openakimat.territory.models import Territory

from . import charts, selectors
from .models import Classification, ClassLevel, Phase, ProjectFile, ProjectStatus

DEFAULT_PHASE = Phase.ADJUSTED.value
TRUE_VALUES = {"1", "on", "true", "yes"}
FALSE_VALUES = {"", "0", "off", "false", "no"}
STATUS_LABELS = {
    "on_plan": gettext_lazy("On plan"),
    "caution": gettext_lazy("Caution: spending behind plan"),
    "overrun": gettext_lazy("Overrun: paid above plan"),
    "none": gettext_lazy("No data"),
}
# Columns of the children table that the table page sorts by, server-side.
SORTS = ("name", "amount", "per_capita", "execution")
FILE_CACHE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class ViewState:
    """What the URL asks for, checked: the year (None when the territory has no budget data),
    the phase and whether amounts are per resident."""

    years: list[int]
    year: int | None
    phase: str
    per_capita: bool

    def query(self, **changes: Any) -> str:
        values = {"year": self.year, "phase": self.phase, "per_capita": "1" if self.per_capita else ""}
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


class BadParameter(Exception):
    pass


def _state(request: HttpRequest, territory) -> ViewState:
    # A village without a budget of its own still answers for the years its projects are funded.
    years = sorted(selectors.budget_years(territory) or selectors.project_years(territory), reverse=True)
    raw_year = request.GET.get("year", "").strip()
    if raw_year:
        if not raw_year.isdigit() or len(raw_year) != 4:
            raise BadParameter(_("The year must be four digits, like 2025."))
        year: int | None = int(raw_year)
        if year not in years:
            raise Http404(_("There is no budget for this year."))
    else:
        year = years[0] if years else None
    phase = request.GET.get("phase", "").strip() or DEFAULT_PHASE
    if phase not in Phase.values:
        raise BadParameter(_("Unknown budget phase. Choose approved, adjusted, contracted or paid."))
    raw_per_capita = request.GET.get("per_capita", "").strip().lower()
    if raw_per_capita not in TRUE_VALUES | FALSE_VALUES:
        raise BadParameter(_("“Per resident” is either on or off."))
    return ViewState(years=years, year=year, phase=phase, per_capita=raw_per_capita in TRUE_VALUES)


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "budget/bad_request.html", {"message": message}, status=400)


def _money(value: Decimal | int | float | None) -> str:
    """Whole tenge, grouped the way the page's language groups digits."""
    if value is None:
        return "—"
    return formats.number_format(Decimal(value).quantize(Decimal(1)), decimal_pos=0, use_l10n=True, force_grouping=True)


def _percent(ratio: Decimal | float | None) -> str:
    if ratio is None:
        return "—"
    return formats.number_format(Decimal(ratio) * 100, decimal_pos=1, use_l10n=True) + "\u00a0%"


def _tile_csp(response: HttpResponse) -> HttpResponse:
    """Let the page load map tiles from the tile server when one is configured (read per request,
    so the policy follows the setting)."""
    if settings.MAP_TILE_URL:
        parts = urlsplit(settings.MAP_TILE_URL.replace("{s}", "a"))
        origin = f"{parts.scheme}://{parts.netloc}".replace("://a.", "://*.")
        response._csp_update = {"img-src": [origin]}  # read by django-csp's middleware
    return response


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    region = territory_selectors.region_list().first()
    if region is None:
        raise Http404(_("No region has been loaded yet."))
    return redirect("budget:territory", kato=region.kato)


def _territory_context(request: HttpRequest, kato: str) -> dict[str, Any]:
    territory = territory_selectors.territory_get(kato=kato)
    state = _state(request, territory)
    view = None
    if state.year is not None:
        view = selectors.territory_view(
            territory, state.year, state.phase, per_capita=state.per_capita, with_payers=True
        )
    context: dict[str, Any] = {
        "territory": territory,
        "ancestors": view.ancestors if view else territory_selectors.territory_ancestors(territory),
        "state": state,
        "query": state.query(),
        "view": view,
        "phases": Phase.choices,
        "phase_label": Phase(state.phase).label,
    }
    if view is not None:
        context["totals_status"] = view.totals.status or "none"
        context["totals_status_label"] = STATUS_LABELS[context["totals_status"]]
        context["totals_execution"] = _hundred(view.totals.execution)
        context["groups"] = _group_rows(view)
        context["months"] = _month_rows(view)
        context["projects"] = view.projects
        if view.totals_source:
            context["source"] = selectors.budget_source(territory, view.year, view.totals_source)
            context["downloads"] = _downloads(territory, view.year, state)
        if state.per_capita:
            # Said on the page, never a silent switch to totals: whose population is not known.
            context["population_unknown"] = territory.population is None
            context["children_without_population"] = [
                c.territory.name for c in view.children if c.territory.population is None
            ]
    return context


def _downloads(territory: Territory, year: int, state: ViewState) -> list[dict[str, str]]:
    """The files behind a page: the budget lines, the Fiscal Data Package, the map layers and the
    charts' figures, each with what it is."""
    api = {"kato": territory.kato, "year": year}
    figures = "?" + state.query(per_capita="")
    return [
        {
            "url": reverse("api:budget_export_csv", kwargs=api),
            "label": _("Budget lines (CSV)"),
            "hint": _("every line of the budgets, with its classification code and the four amounts"),
        },
        {
            "url": reverse("api:budget_export_fdp", kwargs=api),
            "label": _("Fiscal Data Package (ZIP)"),
            "hint": _("the same lines with a descriptor, for open budget tools"),
        },
        {
            "url": reverse("budget:territory-figures", kwargs={"kato": territory.kato, "which": "groups"}) + figures,
            "label": _("Amounts by functional group (CSV)"),
            "hint": _("the figures of the chart by group"),
        },
        {
            "url": reverse("budget:territory-figures", kwargs={"kato": territory.kato, "which": "months"}) + figures,
            "label": _("Payments by month (CSV)"),
            "hint": _("the figures of the chart by month"),
        },
        {
            "url": reverse("api:budget_geojson_territories", kwargs=api) + f"?lang={get_language()}",
            "label": _("Territories with their amounts (GeoJSON)"),
            "hint": _("the map's areas and points"),
        },
        {
            "url": reverse("api:budget_geojson_projects", kwargs=api) + f"?lang={get_language()}",
            "label": _("Projects (GeoJSON)"),
            "hint": _("the map's project markers"),
        },
    ]


def _hundred(ratio: float | None) -> Decimal | None:
    """A ratio as a percentage, for templates that print it with one decimal."""
    return None if ratio is None else (Decimal(str(ratio)) * 100).quantize(Decimal("0.1"))


def _child_rows(view, state: ViewState, url_name: str) -> list[dict[str, Any]]:
    rows = []
    for child in view.children:
        status = child.status or "none"
        rows.append(
            {
                "child": child,
                "territory": child.territory,
                "name": child.territory.name,
                "url": reverse(url_name, kwargs={"kato": child.territory.kato}) + f"?{state.query()}",
                "amount": child.amount,
                "per_capita": child.per_capita,
                "execution": _hundred(child.execution),
                "status": status,
                "status_label": STATUS_LABELS.get(status, status),
                "own_budget": child.has_own_budget,
            }
        )
    return rows


def _group_rows(view) -> list[dict[str, Any]]:
    return [
        {
            "code": g.code,
            "name": g.name,
            "amount": g.amount,
            "share": _hundred(g.share),
            "execution": _hundred(g.execution),
        }
        for g in view.groups
    ]


def _groups_chart(view, rows: list[dict[str, Any]]) -> str:
    """The amounts by functional group; per resident when asked and the population is known."""
    population = view.territory.population if view.per_capita else None
    if population:
        bars = [
            charts.Bar(f"{r['code']} {r['name']}", r["amount"] / population, _money(r["amount"] / population))
            for r in rows
        ]
        title = _("%(phase)s by functional group in %(year)s, tenge per resident")
    else:
        bars = [charts.Bar(f"{r['code']} {r['name']}", r["amount"], _money(r["amount"])) for r in rows]
        title = _("%(phase)s by functional group in %(year)s, tenge")
    return charts.bar_list(
        bars, chart_id="groups-chart", title=title % {"phase": Phase(view.phase).label, "year": view.year}
    )


def _month_rows(view) -> list[dict[str, Any]]:
    paid = {m.month: m.paid for m in view.monthly}
    rows, running = [], Decimal(0)
    for month in range(1, 13):
        amount = paid.get(month) or Decimal(0)
        running += amount
        rows.append(
            {"month": month, "name": MONTHS[month], "short": MONTHS_3[month], "paid": amount, "cumulative": running}
        )
    return rows


def _monthly_chart(view, rows: list[dict[str, Any]]) -> str:
    bars = [charts.Bar(str(r["name"]).capitalize(), r["paid"], _money(r["paid"])) for r in rows]
    return charts.bar_list(
        bars, chart_id="monthly-chart", title=_("Paid by month in %(year)s, tenge") % {"year": view.year}
    )


MAP_CLASSES = 5
# Level words a map label leaves out, so the labels of a dozen okrugs fit on a phone's map.
_LEVEL_WORDS = re.compile(
    r"\s+(rural okrug|district|сельский округ|ауылдық округі|ауданы|район)$|^(район|district of)\s+", re.IGNORECASE
)


def _map_label(name: str) -> str:
    return _LEVEL_WORDS.sub("", name) or name


def _breaks(values: list[Decimal]) -> list[Decimal]:
    """Upper bounds of up to MAP_CLASSES classes holding about as many territories each (quantiles of
    the values), rounded to two significant digits so the legend reads easily; ascending, distinct."""
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return []
    classes = min(MAP_CLASSES, len(ordered))
    bounds = []
    for i in range(1, classes):
        bounds.append(_round_two(ordered[(len(ordered) * i) // classes - 1]))
    bounds.append(ordered[-1])
    return sorted({min(b, ordered[-1]) for b in bounds})


def _round_two(value: Decimal) -> Decimal:
    if value <= 0:
        return Decimal(0)
    digits = len(str(int(value))) - 2
    step = Decimal(10) ** max(digits, 0)
    return (value / step).quantize(Decimal(1), rounding="ROUND_CEILING") * step


def _class_of(value: Decimal | None, breaks: list[Decimal]) -> int | None:
    if value is None:
        return None
    for i, bound in enumerate(breaks):
        if value <= bound:
            return i
    return len(breaks) - 1


def _legend(breaks: list[Decimal], per_capita: bool) -> list[dict[str, Any]]:
    """The classes as the legend states them: "up to 120 000 000", "120 000 001 – 450 000 000"…"""
    unit = _("tenge per resident") if per_capita else _("tenge")
    rows, low = [], None
    for i, high in enumerate(breaks):
        if low is None:
            text = _("up to %(high)s %(unit)s") % {"high": _money(high), "unit": unit}
        else:
            text = _("%(low)s to %(high)s %(unit)s") % {"low": _money(low + 1), "high": _money(high), "unit": unit}
        rows.append({"class": i, "text": text})
        low = high
    return rows


def _map_data(view, child_rows: list[dict[str, Any]], state: ViewState) -> dict[str, Any]:
    """What the map script draws, with every label already in the page's language and format: the
    children with data (their boundary where imported, else a point), filled by class of their
    amount (or amount per resident) and outlined by execution; the other territories a level down
    (grey, "no budget this year") and the territory's own outline, for context; and the projects
    not inside a drawn child."""
    others = list(
        Territory.objects.filter(parent=view.territory)
        .exclude(pk__in=[r["territory"].pk for r in child_rows])
        .defer("boundary", "search_text")
        .order_by("kato")
    )
    boundaries = _boundaries(
        [view.territory] + [r["territory"] for r in child_rows if r["child"].has_boundary] + others
    )
    breaks = _breaks([r["child"].value for r in child_rows if r["child"].value is not None])
    children = []
    for row in child_rows:
        child = row["child"]
        children.append(
            {
                "kato": row["territory"].kato,
                "name": row["name"],
                "label": _map_label(str(row["name"])),
                "url": row["url"],
                "value": float(child.value or 0),
                "class": _class_of(child.value, breaks),
                "amount": _money(child.value),
                "execution": _percent(child.execution),
                "status": row["status"],
                "status_label": str(row["status_label"]),
                "lat": child.lat,
                "lon": child.lon,
                "geometry": boundaries.get(row["territory"].kato),
            }
        )
    context = [
        {
            "kato": t.kato,
            "name": t.name,
            "label": _map_label(str(t.name)),
            "url": reverse("budget:territory", kwargs={"kato": t.kato}),
            "lat": float(t.centre_lat) if t.centre_lat is not None else None,
            "lon": float(t.centre_lon) if t.centre_lon is not None else None,
            "geometry": boundaries.get(t.kato),
        }
        for t in others
        if t.kato in boundaries or t.centre_lat is not None
    ]
    # Projects inside a child drawn on the map are reached by opening that child; marking them
    # here too would cover the child's symbol. The projects table lists them all.
    drawn = tuple(r["territory"].path for r in child_rows if r["child"].has_boundary or r["child"].lat is not None)
    projects = []
    for project in view.projects:
        if project.lat is None or project.lon is None or project.territory.path.startswith(drawn):
            continue
        projects.append(
            {
                "name": project.name,
                "url": reverse("budget:project", kwargs={"slug": project.slug}),
                "lat": float(project.lat),
                "lon": float(project.lon),
                "progress": project.progress,
                "status_label": str(project.get_status_display()),
                "overdue": project.overdue,
            }
        )
    return {
        "children": children,
        "context": context,
        "outline": boundaries.get(view.territory.kato),
        "projects": projects,
        "legend": _legend(breaks, state.per_capita),
    }


def _boundaries(territories: list[Territory]) -> dict[str, Any]:
    """The boundaries of the territories that have one, in one query (the selectors leave them out)."""
    if not territories:
        return {}
    rows = Territory.objects.filter(pk__in=[t.pk for t in territories], boundary__isnull=False).values_list(
        "kato", "boundary"
    )
    return {kato: boundary for kato, boundary in rows if boundary}


def _sorted_rows(rows: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    if key == "name":
        return sorted(rows, key=lambda r: r["name"].casefold(), reverse=descending)
    present = [r for r in rows if r[key] is not None]
    missing = [r for r in rows if r[key] is None]  # rows without the figure go last either way
    return sorted(present, key=lambda r: r[key], reverse=descending) + missing


MAP_PAGE_PROJECTS = 5
_ATTENTION = {"in_progress": 1, "suspended": 2, "procurement": 3, "planned": 4, "completed": 5}


def _project_attention(project) -> tuple[int, int]:
    return (0 if project.overdue else 1, _ATTENTION.get(project.status, 9))


@require_safe
def territory_page(request: HttpRequest, kato: str) -> HttpResponse:
    try:
        context = _territory_context(request, kato)
    except BadParameter as exc:
        return _bad_request(request, str(exc))
    view, state = context["view"], context["state"]
    if view is not None:
        rows = _child_rows(view, state, "budget:territory")
        context["children"] = rows
        context["groups_chart"] = _groups_chart(view, context["groups"])
        context["monthly_chart"] = _monthly_chart(view, context["months"])
        context["map_data"] = _map_data(view, rows, state)
        # The map page lists the projects that most need a reader's eye first (overdue, then works
        # under way, then the rest) up to MAP_PAGE_PROJECTS; the map marks them all and the table
        # page lists them all.
        context["projects_shown"] = sorted(context["projects"], key=_project_attention)[:MAP_PAGE_PROJECTS]
        context["projects_more"] = len(context["projects"]) > MAP_PAGE_PROJECTS
    context["page_url_name"] = "budget:territory"
    context["tile_url"] = settings.MAP_TILE_URL
    context["tile_attribution"] = settings.MAP_TILE_ATTRIBUTION
    return _tile_csp(render(request, "budget/territory.html", context))


@require_safe
def territory_table(request: HttpRequest, kato: str) -> HttpResponse:
    try:
        context = _territory_context(request, kato)
    except BadParameter as exc:
        return _bad_request(request, str(exc))
    sort = request.GET.get("sort", "").strip() or "name"
    if sort.lstrip("-") not in SORTS:
        return _bad_request(request, _("The table can be sorted by name, amount, per resident or execution."))
    view, state = context["view"], context["state"]
    if view is not None:
        context["children"] = _sorted_rows(_child_rows(view, state, "budget:territory-table"), sort)
        try:
            context.update(_project_filters(request, view))
        except BadParameter as exc:
            return _bad_request(request, str(exc))
    context["page_url_name"] = "budget:territory-table"
    context["sort"] = sort
    context["sort_links"] = {
        key: {
            "url": "?" + state.query(sort=f"-{key}" if sort == key else key),
            "aria": "ascending" if sort == key else "descending" if sort == f"-{key}" else "",
        }
        for key in SORTS
    }
    return render(request, "budget/territory_table.html", context)


def _project_filters(request: HttpRequest, view) -> dict[str, Any]:
    """The projects table's filter by village, status and functional group: the choices (from the
    year's projects), the checked choice, and the projects it leaves."""
    projects = view.projects
    places = {p.territory.kato: p.territory for p in projects}
    group_codes = sorted({f.classification.code[:2] for p in projects for f in p.payers})
    groups = {c.code: c.name for c in Classification.objects.filter(level=ClassLevel.GROUP, code__in=group_codes)}
    chosen = {key: request.GET.get(key, "").strip() for key in ("village", "status", "group")}
    if chosen["village"] and chosen["village"] not in places:
        raise BadParameter(_("There is no project in that village or okrug this year."))
    if chosen["status"] and chosen["status"] not in ProjectStatus.values:
        raise BadParameter(_("Unknown project status."))
    if chosen["group"] and chosen["group"] not in groups:
        raise BadParameter(_("No project is funded under that functional group this year."))
    if any(chosen.values()):
        projects = list(
            selectors.project_list(
                territory=view.territory,
                year=view.year,
                located_in=places.get(chosen["village"]),
                status=chosen["status"],
                group=chosen["group"],
                with_payers=True,
            )
        )
    return {
        "projects": projects,
        "project_filter": chosen,
        "project_filter_on": any(chosen.values()),
        "project_places": sorted(places.values(), key=lambda t: str(t.name)),
        "project_statuses": ProjectStatus.choices,
        "project_groups": sorted(groups.items()),
    }


@require_safe
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def territory_embed(request: HttpRequest, kato: str) -> HttpResponse:
    """A territory's budget for other sites to show in a frame: the totals and the chart by group,
    with the source and a link to the full page. The only page any site may frame; every other page
    still refuses frames (X-Frame-Options DENY, frame-ancestors 'none')."""
    try:
        context = _territory_context(request, kato)
    except BadParameter as exc:
        return _bad_request(request, str(exc))
    view = context["view"]
    if view is not None and view.totals_source:
        context["groups_chart"] = _groups_chart(view, context["groups"])
    return render(request, "budget/embed.html", context)


@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    """What the budget pages' words mean, each term with an anchor the figures' labels link to."""
    return render(request, "budget/glossary.html")


@require_safe
def territory_figures(request: HttpRequest, kato: str, which: str) -> HttpResponse:
    """The figures of a chart as CSV, in the page's language: amounts by functional group (code,
    name, amount, share, execution) or payments by month (month, paid, paid since January)."""
    try:
        context = _territory_context(request, kato)
    except BadParameter as exc:
        return _bad_request(request, str(exc))
    view = context["view"]
    if view is None or not view.totals_source:
        raise Http404(_("There is no budget for this year."))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if which == "groups":
        writer.writerow(["code", "name", f"{view.phase}_tenge", "share_percent", "execution_percent"])
        for g in context["groups"]:
            writer.writerow([g["code"], g["name"], g["amount"], _plain(g["share"]), _plain(g["execution"])])
    else:
        writer.writerow(["month", "name", "paid_tenge", "paid_since_january_tenge"])
        for m in context["months"]:
            writer.writerow([m["month"], str(m["name"]), m["paid"], m["cumulative"]])
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{which}-{kato}-{view.year}-{view.phase}.csv"'
    return response


def _plain(value: Decimal | None) -> str:
    return "" if value is None else str(value)


@require_safe
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.project_detail(slug)
    reports = list(project.reports.all())
    files = list(project.files.all())
    photos = [f for f in files if f.kind == ProjectFile.Kind.PHOTO]
    documents = [f for f in files if f.kind == ProjectFile.Kind.DOCUMENT]
    progress_chart = None
    if reports:
        points = [(r.on, r.progress) for r in reports]
        progress_chart = charts.step_chart(
            points,
            chart_id="progress-chart",
            title=_("Progress of the works, %"),
            description=_("Reported progress from %(first)s to %(last)s; the table below gives each report.")
            % {"first": _date(points[0][0]), "last": _date(points[-1][0])},
            date_labels=(_date(points[0][0]), _date(points[-1][0])),
        )
    territory = project.territory
    ancestors = territory_selectors.territory_ancestors(territory)
    return _tile_csp(
        render(
            request,
            "budget/project.html",
            {
                "project": project,
                "ancestors": ancestors,
                "territory": territory,
                "reports": reports,
                "photos": photos,
                "documents": documents,
                "progress_chart": progress_chart,
                "funding": list(project.funding.all()),
                "map_point": (
                    {"name": project.name, "lat": float(project.lat), "lon": float(project.lon)}
                    if project.lat is not None
                    else None
                ),
                "tile_url": settings.MAP_TILE_URL,
                "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            },
        )
    )


def _date(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@require_safe
def project_file(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A project's photo or document. Project files are public, like the project; the app serves
    them itself (MEDIA_ROOT is not published by a web server) with long caching, since a stored file
    never changes under its name."""
    item = get_object_or_404(ProjectFile.objects.select_related("project"), pk=pk, project__slug=slug)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("The file is missing.")) from None
    content_type = mimetypes.guess_type(item.file.name)[0] or "application/octet-stream"
    inline = content_type.startswith("image/") or content_type == "application/pdf"
    response = FileResponse(
        handle, content_type=content_type, as_attachment=not inline, filename=item.file.name.rsplit("/", 1)[-1]
    )
    response["Cache-Control"] = f"public, max-age={FILE_CACHE_SECONDS}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
