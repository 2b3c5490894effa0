"""The public calendar: a month of every akimat's (or one akimat's) public events as a table, the
upcoming events as a list, and the same events as iCalendar feeds to subscribe to. No script, no
form that posts: every page is a GET the page cache keeps (REGISTER_PAGE_VIEWS)."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from openakimat.territory.models import Akimat, heavy_fields
from openakimat.territory.selectors import akimat_by_kato

from . import ical, selectors, sources

VIEWS = ("month", "list")
FEED_MAX_AGE = 900  # seconds a calendar application may keep a feed before asking again


def _akimat_choices() -> list[Akimat]:
    return sorted(
        Akimat.objects.select_related("territory").defer(*heavy_fields("territory")),
        key=lambda a: (a.name.casefold(), a.pk),
    )


def _query(month=None, view="", kinds=()) -> str:
    pairs = []
    if month:
        pairs.append(("month", f"{month:%Y-%m}"))
    if view and view != "month":
        pairs.append(("view", view))
    pairs.extend(("kind", k) for k in kinds)
    return "?" + urlencode(pairs) if pairs else ""


def _feed_links(akimat: Akimat | None) -> list[dict]:
    """The feeds of the page: all of its events, then one per kind."""
    kato = akimat.territory.kato if akimat else "all"
    links = [{"label": _("All events"), "path": reverse("agenda:feed", kwargs={"kato": kato})}]
    for kind in sources.kinds():
        links.append(
            {"label": kind.label, "path": reverse("agenda:kind-feed", kwargs={"kato": kato, "kind": kind.name})}
        )
    for link in links:
        link["url"] = settings.SITE_URL + link["path"]
        link["webcal"] = "webcal://" + link["url"].split("://", 1)[1]
    return links


def _refuse(request: HttpRequest, context: dict, message: str) -> HttpResponse:
    context.update({"problem": message, "month": None, "days": None})
    return render(request, "agenda/calendar.html", context, status=400)


def _calendar(request: HttpRequest, akimat: Akimat | None) -> HttpResponse:
    all_kinds = sources.kinds()
    chosen = request.GET.getlist("kind")
    view = request.GET.get("view") or "month"
    context = {
        "akimat": akimat,
        "akimats": _akimat_choices(),
        "kinds": all_kinds,
        "chosen_kinds": chosen,
        "view": view if view in VIEWS else "month",
        "feeds": _feed_links(akimat),
    }
    known = {k.name for k in all_kinds}
    if any(name not in known for name in chosen):
        return _refuse(request, context, _("There is no such kind of event. Choose kinds from the list."))
    if view not in VIEWS:
        return _refuse(request, context, _("Choose the month or the list view."))
    try:
        first = selectors.parse_month(request.GET.get("month"))
    except selectors.BadMonth:
        earliest, latest = selectors.month_bounds()
        return _refuse(
            request,
            context,
            _("Give a month as year and month, like %(example)s, between %(earliest)s and %(latest)s.")
            % {"example": f"{latest:%Y-%m}", "earliest": f"{earliest:%Y-%m}", "latest": f"{latest:%Y-%m}"},
        )
    akimat_ids = [akimat.pk] if akimat else None
    kinds_query = list(dict.fromkeys(chosen))
    kind_names = kinds_query or None
    context["list_query"] = _query(view="list", kinds=kinds_query)
    if view == "list" and not request.GET.get("month"):
        context["days"] = selectors.upcoming(akimat_ids, kind_names)
        context["month"] = None
        context["month_query"] = _query(kinds=kinds_query)
    else:
        shown = selectors.month(first, akimat_ids, kind_names)
        context["month"] = shown
        context["days"] = shown.days_with_events
        context["previous_query"] = _query(shown.previous, view, kinds_query) if shown.previous else ""
        context["next_query"] = _query(shown.next, view, kinds_query) if shown.next else ""
        context["month_query"] = _query(first, kinds=kinds_query)
    context["weekdays"] = [(WEEKDAYS[i], WEEKDAYS_ABBR[i]) for i in range(7)]
    context["akimat_names"] = {a.pk: a.name for a in context["akimats"]}
    context["selected_month"] = f"{first:%Y-%m}"
    return render(request, "agenda/calendar.html", context)


@require_safe
def calendar_all(request: HttpRequest) -> HttpResponse:
    """Every akimat's events; `?akimat=<KATO>` (the form that chooses one) goes to that akimat's."""
    kato = request.GET.get("akimat", "")
    if kato:
        if Akimat.objects.filter(territory__kato=kato).exists():
            return redirect("agenda:akimat", kato=kato)
        return _refuse(
            request,
            {"akimat": None, "akimats": _akimat_choices(), "kinds": sources.kinds(), "feeds": _feed_links(None)},
            _("There is no such akimat. Choose one from the list."),
        )
    return _calendar(request, None)


@require_safe
def calendar_akimat(request: HttpRequest, kato: str) -> HttpResponse:
    return _calendar(request, akimat_by_kato(kato))


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _feed(request: HttpRequest, akimat: Akimat | None, kind: sources.EventKind | None) -> HttpResponse:
    akimat_ids = [akimat.pk] if akimat else None
    events = selectors.feed_events(akimat_ids, [kind.name] if kind else None)
    place = akimat.name if akimat else _("all akimats")
    name = f"{_('Open Akimat')}: {place}" + (f" — {kind.label}" if kind else "")
    body = ical.calendar(
        events,
        name=name,
        description=_("Public events of %(place)s: open receptions, meetings, public hearings.") % {"place": place},
        host=_host(),
        base_url=settings.SITE_URL,
        kind_labels={k.name: str(k.label) for k in sources.kinds()},
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = "-".join(filter(None, ["openakimat", akimat.territory.kato if akimat else "all", kind and kind.name]))
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    response["Cache-Control"] = f"max-age={FEED_MAX_AGE}"
    return response


def _feed_scope(kato: str, kind_name: str | None) -> tuple[Akimat | None, sources.EventKind | None]:
    akimat = None if kato == "all" else akimat_by_kato(kato)
    kind = None
    if kind_name is not None:
        kind = sources.kind(kind_name)
        if kind is None:
            raise Http404
    return akimat, kind


@require_safe
def feed(request: HttpRequest, kato: str) -> HttpResponse:
    return _feed(request, *_feed_scope(kato, None))


@require_safe
def kind_feed(request: HttpRequest, kato: str, kind: str) -> HttpResponse:
    return _feed(request, *_feed_scope(kato, kind))
