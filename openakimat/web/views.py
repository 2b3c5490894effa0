from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from openakimat.accounts.views import staff_required
from openakimat.common import publish
from openakimat.common.datageneration import keep_page_until
from openakimat.common.unavailable import error_format, unavailable_or_none
from openakimat.meetings import live as meetings_live
from openakimat.queueing import selectors as queueing_selectors
from openakimat.territory import selectors

from . import display
from . import selectors as web_selectors

# An akimat's page with an open queue hall shows its current wait, kept no longer than this.
QUEUE_NOW_SECONDS = 60


def home(request: HttpRequest) -> HttpResponse:
    # The meetings live now; the page is kept no longer than until the next one goes live or ends.
    live, changes = meetings_live.snapshot()
    response = render(request, "web/home.html", {"regions": selectors.region_list(), "live_meetings": live})
    return meetings_live.cap_page_cache(response, changes)


def service_akimats(request: HttpRequest) -> HttpResponse:
    regions = list(selectors.region_list())
    if len(regions) == 1:
        return redirect("region-service-akimats", kato=regions[0].kato)
    return render(request, "web/regions.html", {"regions": regions})


def region_service_akimats(request: HttpRequest, kato: str) -> HttpResponse:
    rollout = selectors.rollout_for_region(kato=kato)
    # The API has no language prefix: the map asks for the page's language by name.
    api_url = reverse("api:region_rollout_geojson", kwargs={"kato": kato})
    map_data_url = f"{api_url}?{urlencode({'lang': get_language()})}"
    return render(
        request,
        "web/rollout.html",
        {
            "rollout": rollout,
            "map_data_url": map_data_url,
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


def akimat_detail(request: HttpRequest, kato: str) -> HttpResponse:
    page = web_selectors.akimat_page(kato=kato)
    live, changes = meetings_live.snapshot(akimat_ids=[page.akimat.pk])
    queue_now = queueing_selectors.current_wait_of_akimat(page.akimat.pk)
    response = render(
        request,
        "web/akimat.html",
        {
            "page": page,
            "akimat": page.akimat,
            "map_point": page.point.as_json() if page.point else None,
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "live_meetings": live,
            "queue_now": queue_now,
            # Published by the apps above (the residents' ratings): common.publish.
            "published": publish.collect("territory.akimat", page.akimat),
        },
    )
    if queue_now:
        # The queue changes with every ticket, without a write the page cache watches: an open
        # hall's wait is kept a minute at most.
        keep_page_until(response, QUEUE_NOW_SECONDS)
    return meetings_live.cap_page_cache(response, changes)


# No CSRF check, on purpose: this endpoint only sets the reader's own display cookie (text size,
# colours, images), and a forged post could do no more than change how the site looks to the victim
# until they change it back, which they can do in one step from any page. It reads no session,
# changes nothing in the database and returns nothing secret. Dropping the token is what lets every
# public page be the same for every anonymous reader, and so be cached (openakimat/web/pagecache.py,
# docs/security.md). The redirect target is still checked: the post cannot send anyone off the site.
@csrf_exempt
@require_POST
def display_settings(request: HttpRequest) -> HttpResponse:
    """Store the display settings in their cookie. A plain form post returns to the page it came
    from, so it works without JavaScript; the page's script posts the same form with
    ``Accept: application/json`` and applies the change in place (no reload, nothing typed is lost)."""
    target = request.POST.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseBadRequest(gettext("That address is not on this site."), content_type="text/plain")
    chosen = display.from_choices(request.POST.get("text"), request.POST.get("scheme"), request.POST.get("images"))
    if chosen is None:
        return HttpResponseBadRequest(gettext("Choose one of the display settings offered."), content_type="text/plain")
    if "application/json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse({"classes": chosen.html_classes, "value": chosen.cookie_value})
    else:
        response = redirect(target)
    if chosen.is_default:
        response.delete_cookie(display.DISPLAY_COOKIE, samesite="Lax")
    else:
        response.set_cookie(
            display.DISPLAY_COOKIE,
            chosen.cookie_value,
            max_age=display.DISPLAY_COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    # The new settings replace the old single switch for good.
    if display.LEGACY_LOW_VISION_COOKIE in request.COOKIES:
        response.delete_cookie(display.LEGACY_LOW_VISION_COOKIE, samesite="Lax")
    return response


def _design_page(request: HttpRequest) -> HttpResponse:
    return render(request, "web/design.html", {"sample": design_sample()})


_staff_design_page = staff_required(_design_page)


def design(request: HttpRequest) -> HttpResponse:
    """Every component in the current language, for the people who build and review pages: open to
    staff, and to anyone while DEBUG is on (a developer's machine)."""
    if settings.DEBUG:
        return _design_page(request)
    return _staff_design_page(request)


def design_sample() -> dict[str, object]:
    """The made-up data the design page shows the components with."""
    return {
        "summary_rows": [
            {"key": gettext("Application number"), "value": "AKZ-2026-000123"},
            {"key": gettext("Service"), "value": gettext("Registration of birth")},
            {"key": gettext("Status"), "value": gettext("In progress")},
        ],
        "errors": [
            {"text": gettext("Enter your IIN: 12 digits"), "href": "#design-iin"},
            {
                "text": gettext("Tick the box to agree to the processing of your personal data"),
                "href": "#design-consent",
            },
        ],
        "table_head": [
            {"text": gettext("District or city"), "num": False},
            {"text": gettext("Amount, tenge"), "num": True},
            {"text": gettext("Execution"), "num": True},
        ],
        "table_rows": [
            [gettext("Akzhar district"), "1 254 000 000", "87.5 %"],
            [gettext("Petropavl"), "9 870 500 000", "91.2 %"],
        ],
        "page": Paginator(range(60), 10).page(2),
    }


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The answer to an uncaught exception: 503 "try again" when the database is away, else the
    500 of the request's interface (JSON under /api/, Open311's format) or the page."""
    unavailable = unavailable_or_none(request)
    if unavailable is not None:
        return unavailable
    renderer = error_format(request)
    if renderer is not None:
        return renderer(
            request, 500, gettext_lazy("Something went wrong on our side. The error has been recorded."), {}
        )
    # Rendered with a plain context: whatever failed may be in a context processor.
    template = loader.get_template("500.html")
    return HttpResponse(template.render({"request_path": request.path}), status=500)
