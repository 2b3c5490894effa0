"""The public register of problem reports: the list (a GET form of filters, works without
JavaScript), the map over it (Leaflet, reading the GeoJSON endpoint: an enhancement, the list holds
the same reports), and residents' alerts for an area.

Only public fields are read and shown: the category, the place, the description, the status and
its public note; never who reported. Pages are bounded: `PAGE_SIZE` rows, pages up to `MAX_PAGE`,
at most `selectors.FEATURES_MAX` features on the map."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from openakimat.common.bounds import bounded_int
from openakimat.common.forms import add_service_errors
from openakimat.common.ratelimit import LimiterUnavailable, RateLimited, hit

from . import selectors
from .forms_public_list import AlertForm, Choices, ReportFilterForm
from .links import report_links
from .models import Status
from .services import alerts

PAGE_SIZE = 25
MAX_PAGE = 400  # 10,000 reports deep: past that, narrow the filters
MAP_MAX_AGE = 60  # seconds a shared cache may keep the map's data
ALERT_REQUESTS_PER_HOUR = 10

# The colour class of each status on the list and the map (its text label is always next to it).
COLOUR = {
    Status.OPEN: "reported",
    Status.ACCEPTED: "working",
    Status.IN_PROGRESS: "working",
    Status.FIXED: "fixed",
    Status.CLOSED: "fixed",
    Status.REJECTED: "other",
    Status.DUPLICATE: "other",
}


def _page_number(request: HttpRequest) -> int:
    return bounded_int(request.GET.get("page", "1"), maximum=MAX_PAGE) or 1


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """The reports, newest first, 25 a page. The pager reads one row more than it shows instead
    of counting, so a page costs one index range whatever the register's size."""
    choices = Choices()
    form = ReportFilterForm(request.GET or None, choices=choices)
    if form.is_bound and not form.is_valid():
        context = {"form": form, "rows": [], "keep": "", "page_number": 1, "legend": _legend()}
        return render(request, "problems/list_reports.html", context, status=400)
    filters = form.filters() if form.is_bound else selectors.Filters()
    query = form.query() if form.is_bound else {}
    number = _page_number(request)
    offset = (number - 1) * PAGE_SIZE
    rows = list(selectors.public_reports(filters)[offset : offset + PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE and number < MAX_PAGE
    rows = rows[:PAGE_SIZE]
    link = report_links()
    for row in rows:
        row.colour = COLOUR.get(row.status, "other")  # type: ignore[attr-defined]
        row.url = link(row.pk)  # type: ignore[attr-defined]
    keep = urlencode(query)
    village = query.get("village", "")
    context: dict[str, Any] = {
        "form": form,
        "rows": rows,
        "page_number": number,
        "has_next": has_next,
        "has_previous": number > 1,
        "keep": keep,
        "legend": _legend(),
        "map_data_url": f"{_map_url()}?{keep}" if keep else _map_url(),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "feed_kato": village,
        "feed_query": urlencode({"category": query["category"]}) if "category" in query else "",
    }
    return render(request, "problems/list_reports.html", context)


def _map_url() -> str:
    from django.urls import reverse

    return reverse("problem_map:geojson")


def _legend() -> list[tuple[str, str]]:
    return [
        ("reported", _("Reported, waiting")),
        ("working", _("Accepted or in progress")),
        ("fixed", _("Fixed or closed")),
        ("other", _("Rejected or duplicate")),
    ]


def feature(row: selectors.MapRow, link: Callable[[int], str], labels: dict[str, str]) -> dict[str, Any]:
    """One report as a GeoJSON feature: its public fields only."""
    return {
        "type": "Feature",
        "id": row.id,
        "geometry": {"type": "Point", "coordinates": [float(row.lon), float(row.lat)]},
        "properties": {
            "id": row.id,
            "category": row.category,
            "status": row.status,
            "status_label": labels.get(row.status, row.status),
            "colour": COLOUR.get(row.status, "other"),  # type: ignore[call-overload]
            "address": row.address,
            "territory": row.territory,
            "created": timezone.localdate(row.created_at).isoformat(),
            "url": link(row.id),
        },
    }


@require_GET
@vary_on_headers("Accept-Language")
def report_geojson(request: HttpRequest) -> HttpResponse:
    """The map's data: the newest reports with a point, in `bbox` (west,south,east,north) and the
    list's filters, at most `FEATURES_MAX`; `truncated` says more matched. Cacheable for a minute."""
    form = ReportFilterForm(request.GET or None, choices=Choices())
    if form.is_bound and not form.is_valid():
        errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
        return JsonResponse({"detail": _("Check the filters."), "errors": errors}, status=400)
    filters = form.filters() if form.is_bound else selectors.Filters()
    found = selectors.map_features(filters, selectors.FEATURES_MAX + 1)
    link, labels = report_links(), {value: str(label) for value, label in Status.choices}
    body = {
        "type": "FeatureCollection",
        "truncated": len(found) > selectors.FEATURES_MAX,
        "language": get_language(),
        "features": [feature(r, link, labels) for r in found[: selectors.FEATURES_MAX]],
    }
    response = JsonResponse(body, content_type="application/geo+json")
    patch_cache_control(response, public=True, max_age=MAP_MAX_AGE)
    return response


# --- area alerts ----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def alert_request(request: HttpRequest) -> HttpResponse:
    choices = Choices()
    if request.method != "POST":
        initial = {k: request.GET[k] for k in ("village", "category") if k in request.GET}
        return render(request, "problems/list_alert_form.html", {"form": AlertForm(initial=initial, choices=choices)})
    form = AlertForm(request.POST, choices=choices)
    if not form.is_valid():
        return render(request, "problems/list_alert_form.html", {"form": form}, status=400)
    try:
        hit("problems-alert", request, limit=ALERT_REQUESTS_PER_HOUR)
    except RateLimited:
        form.add_error(None, _("Too many requests from your connection. Try again in an hour."))
        return render(request, "problems/list_alert_form.html", {"form": form}, status=429)
    except LimiterUnavailable as exc:  # the limiter's cache is away: nothing was saved
        form.add_error(None, str(exc))
        return render(request, "problems/list_alert_form.html", {"form": form}, status=503)
    try:
        alerts.alert_subscribe(
            alerts.AlertRequest(
                territory=form.chosen_territory(),
                category=form.chosen_category(),
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                language=get_language() or "kk",
            )
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return render(request, "problems/list_alert_form.html", {"form": form}, status=400)
    return redirect("problem_map:alert-sent")


@require_GET
def alert_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "problems/list_alert_done.html", {"state": "sent"})


@never_cache
@require_http_methods(["GET", "POST"])
def alert_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; the POST confirms (a mail scanner that follows links confirms nothing)."""
    if request.method != "POST":
        return render(request, "problems/list_alert_done.html", {"state": "confirm", "token": token})
    try:
        alerts.alert_confirm(token)
    except ValidationError as exc:
        return render(
            request, "problems/list_alert_done.html", {"state": "bad", "message": exc.messages[0]}, status=400
        )
    return render(request, "problems/list_alert_done.html", {"state": "confirmed"})


@never_cache
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method != "POST":
        return render(request, "problems/list_alert_done.html", {"state": "unsubscribe", "token": token})
    alerts.alert_unsubscribe(token)
    # The same answer whether or not the link still matched an alert: either way none is left.
    return render(request, "problems/list_alert_done.html", {"state": "unsubscribed"})
