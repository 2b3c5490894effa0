"""The resident's pages: write an appeal, read the receipt (the tracking code shown this once),
track it by number and code, and the public register of published, anonymised appeals.

Nothing personal goes into a URL: the receipt is found through the session, the tracking form posts
the number and code. Pages that show a code or an answer to its author are never cached."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from openakimat.common.errors import TemporarilyUnavailable
from openakimat.common.forms import add_service_errors
from openakimat.common.ratelimit import (
    RateLimited,
    check_submission_rate,
    check_tracking_failures,
    record_tracking_failure,
)

from . import selectors, services
from .forms import SearchForm, TrackForm, WriteForm
from .models import Appeal, Topic
from .tracking import group_code

RECEIPT_KEY = "appeals_receipt"
PAGE_SIZE = 20
SERVICE_FIELDS = {"attachments": "attachments", "territory": "territory"}


def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = render(request, "appeals/public/rate_limited.html", {"minutes": exc.retry_after_minutes}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def _write_page(request: HttpRequest, form: WriteForm, status: int = 200, problem: str = "") -> HttpResponse:
    form.annotate()
    return render(request, "appeals/public/write.html", {"form": form, "problem": problem}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def write(request: HttpRequest) -> HttpResponse:
    akimats = selectors.writable_akimats()
    villages = selectors.villages_by_akimat(akimats)
    if request.method != "POST":
        return _write_page(request, WriteForm(akimats=akimats, villages=villages))
    form = WriteForm(request.POST, request.FILES, akimats=akimats, villages=villages)
    if not form.is_valid():
        return _write_page(request, form, status=400)
    try:
        check_submission_rate(request)
    except RateLimited as exc:
        return _rate_limited(request, exc)
    except TemporarilyUnavailable as exc:
        return _write_page(request, form, status=503, problem=str(exc))
    data = form.cleaned_data
    try:
        appeal, code = services.appeal_submit(
            akimat=form.chosen_akimat(),
            territory=form.chosen_territory(),
            topic=data["topic"],
            text=data["text"],
            author=services.Author(
                name=data["name"], phone=data["phone"], email=data["email"], language=data["language"]
            ),
            consent=data["consent"],
            consent_to_publish=data["consent_to_publish"],
            attachments=[services.Upload(file=f, name=f.name) for f in data["attachments"]],
        )
    except ValidationError as exc:
        add_service_errors(form, exc, SERVICE_FIELDS)
        return _write_page(request, form, status=400)
    except TemporarilyUnavailable as exc:
        return _write_page(request, form, status=503, problem=str(exc))
    request.session[RECEIPT_KEY] = {"pk": appeal.pk, "code": code}
    return redirect("appeals:receipt")


@never_cache
@require_GET
def receipt(request: HttpRequest) -> HttpResponse:
    """The number and, the first time only, the tracking code: the session forgets the code as soon
    as the page has shown it."""
    held = request.session.get(RECEIPT_KEY) or {}
    appeal = Appeal.objects.filter(pk=held.get("pk")).select_related("akimat").first() if held else None
    if appeal is None:
        return redirect("appeals:write")
    code = held.get("code", "")
    if code:
        request.session[RECEIPT_KEY] = {"pk": appeal.pk}
    return render(request, "appeals/public/receipt.html", {"appeal": appeal, "code": group_code(code) if code else ""})


def _track_page(request: HttpRequest, form: TrackForm, status: int = 200, **context: object) -> HttpResponse:
    form.annotate()
    return render(request, "appeals/public/track.html", {"form": form, **context}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Look an appeal up by its number and code. Wrong pairs are counted per address, as for
    applications, so nobody can guess codes."""
    if request.method != "POST":
        return _track_page(request, TrackForm())
    try:
        check_tracking_failures(request)
    except RateLimited as exc:
        return _rate_limited(request, exc)
    form = TrackForm(request.POST)
    if not form.is_valid():
        return _track_page(request, form, status=400)
    appeal = selectors.track(form.cleaned_data["number"], form.cleaned_data["code"])
    if appeal is None:
        record_tracking_failure(request)
        return _track_page(request, form, status=404, not_found=True)
    return _track_page(request, TrackForm(), appeal=appeal)


@require_GET
def published_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    q, topic = "", ""
    if form.is_bound and form.is_valid():
        q, topic = form.cleaned_data["q"], form.cleaned_data["topic"]
    paginator = Paginator(selectors.published(q=q, topic=topic), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    keep = urlencode({k: v for k, v in (("q", q), ("topic", topic)) if v})
    return render(
        request,
        "appeals/public/list.html",
        {
            "form": form,
            "q": q,
            "topic": topic,
            "topics": Topic.choices,
            "page": page,
            "keep": keep,
            "figures": selectors.figures(),
        },
    )


@require_GET
def published_detail(request: HttpRequest, number: str) -> HttpResponse:
    appeal = selectors.published_appeal(number=number)
    return render(request, "appeals/public/detail.html", {"appeal": appeal})
