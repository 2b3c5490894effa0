"""The residents' pages: the schedule, a reception's page (sign-up form before, results after), and
the resident's own sign-up page, reached by the unguessable link of the sign-up: confirm the phone
with the SMS code, see the time or the place on the waiting list, cancel. No script is needed."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openakimat.common.client_address import client_ip
from openakimat.common.errors import ConflictError, TemporarilyUnavailable
from openakimat.common.forms import add_service_errors
from openakimat.common.ratelimit import RateLimited, hit
from openakimat.territory.models import Akimat, Territory

from . import selectors, services
from .forms import CodeForm, ScheduleFilterForm, SignUpForm
from .models import Reception, SignUpStatus, Status
from .services._common import VILLAGE_LEVELS

CODE_TRIES_PER_HOUR = 30


def _villages(reception: Reception):
    return Territory.objects.filter(
        path__startswith=reception.akimat.territory.path, level__in=VILLAGE_LEVELS
    ).order_by(f"name_{(get_language() or 'kk')[:2]}", "pk")


@require_GET
def schedule(request: HttpRequest) -> HttpResponse:
    akimats = Akimat.objects.filter(receptions__status=Status.SCHEDULED).distinct().select_related("territory")
    form = ScheduleFilterForm(request.GET or None, akimats=akimats)
    akimat = kind = None
    if form.is_bound and form.is_valid():
        akimat = form.cleaned_data["akimat"] or None
        kind = form.cleaned_data["kind"] or None
    elif form.is_bound:
        return render(request, "receptions/schedule.html", {"form": form, "upcoming": [], "held": []}, status=400)
    context = {
        "form": form,
        "upcoming": list(selectors.public_schedule(akimat=akimat, kind=kind)[:100]),
        "held": selectors.public_held(akimat=akimat),
    }
    return render(request, "receptions/schedule.html", context)


def _reception_page(request: HttpRequest, reception: Reception, form=None, status: int = 200, **extra) -> HttpResponse:
    open_for_signup = reception.status == Status.SCHEDULED and reception.starts_at > timezone.now()
    if open_for_signup and form is None:
        form = SignUpForm(villages=_villages(reception))
    context = {
        "reception": reception,
        "open_for_signup": open_for_signup,
        "form": form if open_for_signup else None,
        "results": selectors.reception_results(reception) if reception.status == Status.HELD else None,
        **extra,
    }
    return render(request, "receptions/detail.html", context, status=status)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _reception_page(request, selectors.public_reception(pk))


def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = render(request, "receptions/rate_limited.html", {"minutes": exc.retry_after_minutes}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def _unavailable(request: HttpRequest, exc: TemporarilyUnavailable) -> HttpResponse:
    response = render(request, "receptions/rate_limited.html", {"unavailable": True}, status=503)
    response["Retry-After"] = str(exc.retry_after)
    return response


@never_cache
@require_POST
def signup(request: HttpRequest, pk: int) -> HttpResponse:
    reception = selectors.public_reception(pk)
    form = SignUpForm(request.POST, villages=_villages(reception))
    if not form.is_valid():
        return _reception_page(request, reception, form, status=400)
    data = form.cleaned_data
    try:
        _signup, token = services.signup_start(
            reception=reception,
            name=data["name"],
            phone=data["phone"],
            village=data["village"],
            problem=data["problem"],
            language=(get_language() or "kk")[:2],
            client=client_ip(request) or "unknown",
        )
    except RateLimited as exc:
        return _rate_limited(request, exc)
    except TemporarilyUnavailable as exc:
        return _unavailable(request, exc)
    except ConflictError as exc:
        return _reception_page(request, reception, None, status=409, problem=str(exc))
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _reception_page(request, reception, form, status=400)
    return redirect("receptions:mine", token=token)


def _mine_page(request: HttpRequest, signup, status: int = 200, **extra) -> HttpResponse:
    context = {
        "signup": signup,
        "reception": signup.reception,
        "code_form": CodeForm() if signup.status == SignUpStatus.PENDING else None,
        "can_cancel": signup.status in (SignUpStatus.PENDING, SignUpStatus.CONFIRMED, SignUpStatus.WAITING),
        "position": _waiting_position(signup),
        **extra,
    }
    return render(request, "receptions/mine.html", context, status=status)


def _waiting_position(signup) -> int | None:
    if signup.status != SignUpStatus.WAITING:
        return None
    ahead = signup.reception.signups.filter(status=SignUpStatus.WAITING, confirmed_at__lt=signup.confirmed_at)
    return ahead.count() + 1


@never_cache
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest, token: str) -> HttpResponse:
    """The resident's sign-up. POST `action`: "confirm" (with the code), "resend", "cancel"."""
    signup = services.signup_by_token(token)
    if signup is None:
        raise Http404
    if request.method != "POST":
        return _mine_page(request, signup)
    action = request.POST.get("action", "")
    try:
        if action == "confirm":
            return _confirm(request, signup)
        if action == "resend":
            services.signup_code_resend(signup=signup)
            return _mine_page(request, services.signup_by_token(token), code_sent=True)
        if action == "cancel":
            services.signup_cancel(signup=signup)
            return _mine_page(request, services.signup_by_token(token), cancelled=True)
    except RateLimited as exc:
        return _rate_limited(request, exc)
    except TemporarilyUnavailable as exc:
        return _unavailable(request, exc)
    except ConflictError as exc:
        return _mine_page(request, services.signup_by_token(token), status=409, problem=str(exc))
    return _mine_page(request, signup, status=400, problem=_("Choose what to do."))


def _confirm(request: HttpRequest, signup) -> HttpResponse:
    hit("reception-code-try", request, limit=CODE_TRIES_PER_HOUR, fail_open=True)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            signup = services.signup_confirm(signup=signup, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        signup.refresh_from_db()
        return _mine_page(request, signup, status=400, code_form=form)
    return _mine_page(request, services.signup_by_token(signup.token), just_confirmed=True)
