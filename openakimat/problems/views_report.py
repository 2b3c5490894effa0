"""The resident's side of problem reports: report one (without JavaScript but for the map), see
first whether it is already reported nearby, read a report's public page, and, through the private
link, confirm the fix or say it is not fixed; follow someone else's report and stop following.

Secrets never travel in a URL's path or query: the private link and the confirmation link keep them
in the fragment, which a page's script moves into a form it posts (without scripts the resident
pastes it), so they reach neither the server's logs nor a Referer header."""

import contextlib
import re
import secrets
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from openakimat.common.cache import CACHE_ERRORS
from openakimat.common.errors import ConflictError, TemporarilyUnavailable
from openakimat.common.forms import add_service_errors
from openakimat.common.photos import CleanPhoto, Point
from openakimat.common.ratelimit import (
    RateLimited,
    check_submission_rate,
    check_tracking_failures,
    record_tracking_failure,
)
from openakimat.territory.models import Akimat

from .forms import CARRIED, SERVICE_FIELDS, FollowForm, ReopenForm, ReportForm, TokenForm
from .models import Category, Report
from .nearby import nearby_open
from .report_page import public_context
from .services import following, reporting

THANKS_SESSION_KEY = "problems_thanks"
DRAFT_SECONDS = 3600
DRAFT_KEY = re.compile(r"[A-Za-z0-9_-]{24}")


def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = render(request, "problems/report_limited.html", {"minutes": exc.retry_after_minutes}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def report_start(request: HttpRequest) -> HttpResponse:
    """Which akimat the problem is for: those that take reports."""
    akimats = (
        Akimat.objects.filter(problem_categories__is_active=True)
        .annotate(n=Count("problem_categories", filter=Q(problem_categories__is_active=True)))
        .select_related("territory")
        .defer("territory__boundary")  # a district's polygon: large, and not needed for a name
        .order_by("territory__path")
    )
    return render(request, "problems/report_start.html", {"akimats": akimats})


def _akimat(kato: str) -> Akimat:
    akimat = Akimat.objects.select_related("territory").filter(territory__kato=kato).first()
    if akimat is None or not Category.objects.filter(akimat=akimat, is_active=True).exists():
        raise Http404
    return akimat


# -- the "is it one of these?" step keeps the checked photos in the cache for an hour --


def _keep_photos(photos: list[CleanPhoto]) -> str:
    key = secrets.token_urlsafe(18)
    rows = [
        (p.data, p.width, p.height, str(p.gps.lat) if p.gps else "", str(p.gps.lon) if p.gps else "") for p in photos
    ]
    cache.set(f"problems:draft:{key}", rows, timeout=DRAFT_SECONDS)
    return key


def _kept_photos(key: str) -> list[CleanPhoto]:
    if not DRAFT_KEY.fullmatch(key or ""):
        return []
    try:
        rows = cache.get(f"problems:draft:{key}") or []
    except CACHE_ERRORS:
        return []
    return [CleanPhoto(data, w, h, Point(Decimal(lat), Decimal(lon)) if lat else None) for data, w, h, lat, lon in rows]


def _drop_photos(key: str) -> None:
    if key:
        with contextlib.suppress(*CACHE_ERRORS):
            cache.delete(f"problems:draft:{key}")


@never_cache
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest, kato: str) -> HttpResponse:
    akimat = _akimat(kato)
    if request.method != "POST":
        return _form_page(request, ReportForm(akimat=akimat))
    form = ReportForm(request.POST, request.FILES, akimat=akimat)
    # Every send counts, before its photos are decoded: a flood of sends is stopped, whichever step.
    try:
        check_submission_rate(request)
    except RateLimited as exc:
        return _rate_limited(request, exc)
    except TemporarilyUnavailable as exc:
        form.add_error(None, str(exc))
        return _form_page(request, form, status=503)
    if not form.is_valid():
        return _mistake(request, form)
    data = form.cleaned_data
    photos = (_kept_photos(data["draft"]) + form.photos)[: reporting.MAX_PHOTOS]
    if request.POST.get("step") != "submit":
        lat, lon = data["lat"], data["lon"]
        point = next((p.gps for p in photos if p.gps is not None), None)
        if lat is None and point is not None:  # the photo's place, as the report will take it
            lat, lon = point.lat, point.lon
        similar = nearby_open(data["category"], lat, lon, data["territory"])
        if similar:
            return _check_page(request, form, akimat, similar, photos)
    new = reporting.NewReport(
        category=data["category"],
        description=data["description"],
        lat=data["lat"],
        lon=data["lon"],
        territory=data["territory"],
        address=data["address"],
        name=data["name"],
        phone=data["phone"],
        email=data["email"],
        anonymous=data["anonymous"],
        language=translation.get_language() or "kk",
        idempotency_key=f"web:{data['idempotency_key']}" if data["idempotency_key"] else None,
        photos=tuple(photos),
    )
    try:
        created = reporting.report_create(new)
    except ValidationError as exc:
        add_service_errors(form, exc, SERVICE_FIELDS)
        return _mistake(request, form, photos)
    _drop_photos(data["draft"])
    if created.existed:  # sent twice: the report is there; its private link was shown the first time
        return redirect("problems:report", pk=created.report.pk)
    request.session[THANKS_SESSION_KEY] = {"pk": created.report.pk, "token": created.token}
    return redirect("problems:thanks", pk=created.report.pk)


def _mistake(request: HttpRequest, form: ReportForm, photos: list[CleanPhoto] | None = None) -> HttpResponse:
    """The form again with its messages (400); the photos that passed their check are kept, so the
    resident needn't attach them again."""
    if photos is None:
        photos = (_kept_photos(str(form.data.get("draft", ""))) + form.photos)[: reporting.MAX_PHOTOS]
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
    try:
        data["draft"] = _keep_photos(photos) if photos else ""
    except CACHE_ERRORS:
        data["draft"] = ""
    form.data = data
    form.kept_photos = len(photos)
    return _form_page(request, form, status=400)


def _form_page(request: HttpRequest, form: ReportForm, status: int = 200) -> HttpResponse:
    form.annotate()
    context = {
        "form": form,
        "akimat": form.akimat,
        "categories": form.categories,
        "chosen_category": str(form["category"].value() or ""),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "centre": _centre(form.akimat),
        "places": _places(form),
    }
    return render(request, "problems/report_form.html", context, status=status)


# Territories that are areas, not places one points at: the district and its rural okrugs.
AREAS = ("region", "district", "rural_okrug")


def _places(form: ReportForm) -> list[dict[str, object]]:
    """The villages on the list, as labelled points on the map: without a tile server (the default)
    they are what a resident finds their way by."""
    territories = form.fields["territory"].queryset  # type: ignore[attr-defined]
    return [
        {"name": t.name, "lat": float(t.centre_lat), "lon": float(t.centre_lon)}
        for t in territories
        if t.centre_lat is not None and t.centre_lon is not None and t.level not in AREAS
    ]


def _centre(akimat: Akimat) -> dict[str, float] | None:
    lat, lon = akimat.territory.centre_lat, akimat.territory.centre_lon
    return {"lat": float(lat), "lon": float(lon)} if lat is not None and lon is not None else None


def _check_page(
    request: HttpRequest, form: ReportForm, akimat: Akimat, similar: list[Report], photos: list[CleanPhoto]
) -> HttpResponse:
    """ "Is it one of these?": the open reports nearby, and everything the resident entered carried
    in hidden fields (the checked photos kept for an hour under a key)."""
    try:
        draft = _keep_photos(photos) if photos else ""
    except CACHE_ERRORS:
        draft = ""
    carried = [(name, request.POST.get(name, "")) for name in CARRIED if request.POST.get(name, "") != ""]
    carried += [("idempotency_key", form.cleaned_data["idempotency_key"]), ("draft", draft)]
    context = {
        "akimat": akimat,
        "similar": similar,
        "carried": carried,
        "photo_count": len(photos),
        "lost_photos": bool(photos) and not draft,
        "follow_email": form.cleaned_data["email"],
        "follow_phone": form.cleaned_data["phone"],
    }
    return render(request, "problems/report_check.html", context)


@never_cache
def report_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    held = request.session.get(THANKS_SESSION_KEY) or {}
    if held.get("pk") != pk:
        return redirect("problems:report", pk=pk)
    report = get_object_or_404(Report, pk=pk)
    private = request.build_absolute_uri(f"{_path('problems:mine', pk=pk)}#{held.get('token', '')}")
    public = request.build_absolute_uri(_path("problems:report", pk=pk))
    return render(request, "problems/report_thanks.html", {"report": report, "private": private, "public": public})


def _path(name: str, **kwargs: Any) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs or None)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = {
        **public_context(pk),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    return render(request, "problems/report_detail.html", context)


# -- the reporter's private link --


@never_cache
@require_http_methods(["GET", "POST"])
def report_mine(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form the page's script fills from the fragment. POST: the token with an `action`:
    "view" (default), "confirm", "reopen" or "unsubscribe"; each checks the token again."""
    if request.method != "POST":
        return _mine_page(request, pk, TokenForm(), from_link=True)
    try:
        check_tracking_failures(request)
    except RateLimited as exc:
        return _rate_limited(request, exc)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _mine_page(request, pk, form, status=400)
    token = form.cleaned_data["token"]
    report = reporting.reporter_report(pk, token)
    if report is None:
        record_tracking_failure(request)
        form.add_error("token", _not_valid())
        return _mine_page(request, pk, form, status=404)
    action = request.POST.get("action", "view")
    reopen = ReopenForm(request.POST if action == "reopen" else None)
    done, problem, status = "", "", 200
    try:
        if action == "confirm":
            reporting.report_confirm_fixed(pk=pk, token=token)
            done = "confirmed"
        elif action == "reopen" and reopen.is_valid():
            reporting.report_reopen(pk=pk, token=token, reason=reopen.cleaned_data["reason"])
            done = "reopened"
        elif action == "reopen":
            status = 400
        elif action == "unsubscribe":
            following.reporter_unsubscribe(report=report)
            done = "unsubscribed"
    except ConflictError as exc:
        problem, status = str(exc), 409
    except ValidationError as exc:
        add_service_errors(reopen, exc)
        status = 400
    report = reporting.reporter_report(pk, token) or report
    context = {
        **public_context(pk),
        "token": token,
        "reopen": reopen,
        "done": done,
        "problem": problem,
        "can_answer": reporting.can_answer_fix(report),
        "reopen_days": reporting.REOPEN_DAYS,
        "subscribed": report.subscriptions.filter(is_reporter=True).exists(),
    }
    return render(request, "problems/report_mine.html", context, status=status)


def _not_valid() -> str:
    from django.utils.translation import gettext

    return gettext("This link is not valid: check that you copied all of it.")


def _mine_page(request: HttpRequest, pk: int, form: TokenForm, status: int = 200, **extra: Any) -> HttpResponse:
    form.annotate()
    context = {"form": form, "pk": pk, "action_url": _path("problems:mine", pk=pk), **extra}
    return render(request, "problems/report_token.html", context, status=status)


# -- following someone else's report --


@never_cache
@require_http_methods(["GET", "POST"])
def report_follow(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("category"), pk=pk)
    if request.method != "POST":
        form = FollowForm()
        form.annotate()
        return render(request, "problems/report_follow.html", {"report": report, "form": form})
    form = FollowForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            check_submission_rate(request)
            following.subscription_request(
                report=report,
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                language=translation.get_language() or "kk",
            )
        except RateLimited as exc:
            return _rate_limited(request, exc)
        except TemporarilyUnavailable as exc:
            form.add_error(None, str(exc))
            status = 503
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(request, "problems/report_follow.html", {"report": report, "sent": True})
    form.annotate()
    return render(request, "problems/report_follow.html", {"report": report, "form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def follow_confirm(request: HttpRequest) -> HttpResponse:
    return _token_action(request, "follow-confirm", following.subscription_confirm)


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest) -> HttpResponse:
    return _token_action(request, "unsubscribe", following.subscription_cancel)


def _token_action(request: HttpRequest, name: str, service: Any) -> HttpResponse:
    """A page whose script posts the secret from the fragment (or the resident pastes it)."""
    page = {"action_url": _path(f"problems:{name}"), "purpose": name}
    if request.method != "POST":
        form = TokenForm()
        form.annotate()
        return render(request, "problems/report_token.html", {"form": form, "from_link": True, **page})
    try:
        check_tracking_failures(request)
    except RateLimited as exc:
        return _rate_limited(request, exc)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            service(token=form.cleaned_data["token"])
        except ValidationError as exc:
            record_tracking_failure(request)
            form.add_error("token", exc.messages)
        else:
            return render(request, "problems/report_token.html", {"done": True, **page})
    form.annotate()
    return render(request, "problems/report_token.html", {"form": form, **page}, status=400)


__all__ = [
    "follow_confirm",
    "report_detail",
    "report_follow",
    "report_mine",
    "report_new",
    "report_start",
    "report_thanks",
    "unsubscribe",
]
