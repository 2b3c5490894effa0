"""The resident's side of the front office: apply online, read the receipt, track an application
without signing in, and withdraw it.

Nothing personal goes into a URL: the receipt is found through the session (which holds the case's
primary key only), and the tracking form posts the number and code instead of putting them in a
query string. Pages that show a tracking code are never cached.
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from openakimat.catalogue.models import PublicService, ServiceOffering
from openakimat.common import panels
from openakimat.common.client_address import client_ip
from openakimat.common.errors import ConflictError, TemporarilyUnavailable
from openakimat.common.forms import add_service_errors
from openakimat.common.iin import iin_hash
from openakimat.common.ratelimit import (
    RateLimited,
    check_submission_rate,
    check_tracking_failures,
    record_tracking_failure,
)

from . import services
from .drafts import Draft
from .forms_public import ApplyForm, TrackForm
from .models import Application, Channel
from .tracking import TrackedCase, group_code, normalise_number, track_by_id
from .tracking import track as track_case

logger = logging.getLogger("openakimat.applications")

RECEIPT_SESSION_KEY = "frontoffice_receipt"


def _online_service(code: str) -> tuple[PublicService, list[ServiceOffering]]:
    """An active online service and the active departments that offer it, or 404."""
    service = PublicService.objects.filter(is_active=True, online=True, code=code).prefetch_related("documents").first()
    if service is None:
        raise Http404
    offerings = list(
        ServiceOffering.objects.filter(service=service, department__is_active=True)
        .select_related("department__akimat")
        .order_by("department__akimat__territory__kato", "department__name_en")
    )
    if not offerings:
        raise Http404
    return service, offerings


def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = render(
        request, "applications/public/rate_limited.html", {"minutes": exc.retry_after_minutes}, status=429
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str) -> HttpResponse:
    service, offerings = _online_service(code)
    draft = Draft(request.session, service.code)
    if request.method != "POST":
        form = ApplyForm(service=service, offerings=offerings, draft=draft)
        return _apply_page(request, service, form)
    form = ApplyForm(request.POST, request.FILES, service=service, offerings=offerings, draft=draft)
    try:
        check_submission_rate(request)
    except RateLimited as exc:
        return _rate_limited(request, exc)
    except TemporarilyUnavailable as exc:
        return _unavailable(request, service, form, exc)
    sent = _already_sent(request)
    if sent is not None:
        request.session[RECEIPT_SESSION_KEY] = sent.pk
        return redirect("frontoffice:receipt")
    if not form.is_valid():
        return _mistake(request, service, form, draft)
    data = form.cleaned_data
    uploads = form.uploads()
    try:
        application = services.application_register(
            actor=None,
            offering=data["offering"],
            applicant=services.Applicant(
                iin=data["iin"],
                name=data["full_name"],
                phone=data["phone"],
                email=data["email"],
                language=data["language"],
            ),
            consent=data["consent"],
            documents=[services.Upload(file=f, name=f.name, required=d) for f, d in uploads],
            channel=Channel.ONLINE,
            idempotency_key=data["idempotency_key"] or None,
            answers=form.answers(),
        )
    except ValidationError as exc:
        add_service_errors(form, exc, form.service_fields)
        return _mistake(request, service, form, draft)
    except TemporarilyUnavailable as exc:
        return _unavailable(request, service, form, exc)
    finally:
        for file, _document in uploads:
            file.close()
    if application.applicant_iin_hash != iin_hash(data["iin"]):
        # The key of a form that was already sent, with someone else's details: never show that
        # application's receipt to them.
        form.add_error(
            None, _("This form has already been sent. Check your details and send it again as a new application.")
        )
        form.renew_key()
        return _apply_page(request, service, form, status=409)
    # Registered: the kept files are in the case now.
    draft.discard()
    request.session[RECEIPT_SESSION_KEY] = application.pk
    return redirect("frontoffice:receipt")


def _already_sent(request: HttpRequest) -> Application | None:
    """The application this very form registered already (sent twice: a double click, a retry),
    when the same resident sends it. Checked before the form, whose files were moved into the case
    and so are no longer kept for it."""
    key = request.POST.get("idempotency_key", "")
    try:
        key = str(uuid.UUID(key))
    except ValueError:
        return None
    sent = Application.objects.filter(idempotency_key=key).first()
    iin = "".join(request.POST.get("iin", "").split())
    if sent is None or sent.applicant_iin_hash != iin_hash(iin):
        return None
    return sent


def _mistake(request: HttpRequest, service: PublicService, form: ApplyForm, draft: Draft) -> HttpResponse:
    """The form again with its messages (400), keeping the files that passed their check."""
    try:
        form.keep_files(draft)
    except TemporarilyUnavailable as exc:
        return _unavailable(request, service, form, exc)
    return _apply_page(request, service, form, status=400)


def _unavailable(
    request: HttpRequest, service: PublicService, form: ApplyForm, exc: TemporarilyUnavailable
) -> HttpResponse:
    """The form again, with what the resident typed and the reason nothing was registered (503)."""
    form.add_error(None, str(exc))
    response = _apply_page(request, service, form, status=503)
    response["Retry-After"] = str(exc.retry_after)
    return response


def _apply_page(request: HttpRequest, service: PublicService, form: ApplyForm, status: int = 200) -> HttpResponse:
    form.annotate()
    return render(request, "applications/public/apply.html", {"service": service, "form": form}, status=status)


RECEIPT_LIFETIME = timedelta(hours=1)


def _receipt_case(request: HttpRequest) -> Application | None:
    pk = request.session.get(RECEIPT_SESSION_KEY)
    # Shown for an hour after the application: long enough to print or copy it, short enough that
    # the next person at a shared computer doesn't find it.
    fresh = timezone.now() - RECEIPT_LIFETIME
    if not isinstance(pk, int):
        return None
    return (
        Application.objects.select_related("service", "akimat", "department")
        .filter(pk=pk, registered_at__gte=fresh)
        .first()
    )


@never_cache
def statement(request: HttpRequest) -> HttpResponse:
    """The statement generated from the resident's answers, to print, for as long as the receipt."""
    application = _receipt_case(request)
    if application is None:
        return redirect("frontoffice:track")
    if not application.statement:
        raise Http404
    return render(
        request, "applications/public/statement.html", {"case": application, "statement": application.statement}
    )


@never_cache
def receipt(request: HttpRequest) -> HttpResponse:
    application = _receipt_case(request)
    if application is None:
        return redirect("frontoffice:track")
    return render(
        request,
        "applications/public/receipt.html",
        {"application": application, "code": group_code(application.tracking_code)},
    )


# The case a browser tracked, by primary key (never the code) in a signed cookie, so the result
# stays on screen when the resident switches language or reloads: no session row to write on the
# busiest resident page. Forgotten after half an hour, or at once with "Hide".
TRACKED_COOKIE = "oa_tracked"
TRACKED_SALT = "openakimat.applications.tracked"
TRACKED_LIFETIME = timedelta(minutes=30)
# The one-time code of a withdrawal in progress (services.withdrawal.WithdrawalChallenge).
WITHDRAWAL_SESSION_KEY = "frontoffice_withdrawal"


def _remember(response: HttpResponse, case: TrackedCase) -> HttpResponse:
    seconds = int(TRACKED_LIFETIME.total_seconds())
    response.set_signed_cookie(
        TRACKED_COOKIE,
        str(case.pk),
        salt=TRACKED_SALT,
        max_age=seconds,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _remembered(request: HttpRequest) -> TrackedCase | None:
    max_age = int(TRACKED_LIFETIME.total_seconds())
    held = request.get_signed_cookie(TRACKED_COOKIE, default="", salt=TRACKED_SALT, max_age=max_age)
    return track_by_id(int(held)) if held and held.isdigit() else None


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Look an application up by number and tracking code; withdraw it with a code sent by SMS.

    The `action` of the POST: "track" (default), "withdraw" (sends the code and asks for it),
    "withdraw-confirm" (with the code), or "hide" (forget the case in this browser). Each one
    carries the number and code again, and each checks them again. A GET shows the case this
    browser tracked last, if any, in the language of the URL.
    """
    if request.method != "POST":
        case = _remembered(request)
        if case is None:
            return _track_page(request, TrackForm())
        return _track_page(request, TrackForm(), application=case)
    if request.POST.get("action") == "hide":
        request.session.pop(WITHDRAWAL_SESSION_KEY, None)
        response = _track_page(request, TrackForm())
        response.delete_cookie(TRACKED_COOKIE, samesite="Lax")
        return response
    try:
        check_tracking_failures(request)
    except RateLimited as exc:
        return _rate_limited(request, exc)
    form = TrackForm(request.POST)
    if not form.is_valid():
        return _track_page(request, form, status=400)
    number, code = form.cleaned_data["number"], form.cleaned_data["tracking_code"]
    case = track_case(number, code)
    if case is None:
        record_tracking_failure(request)
        return _track_page(request, form, not_found=True, status=404)
    action = request.POST.get("action", "track")
    if action == "withdraw" and case.is_open:
        response = _send_withdrawal_code(request, case)
    elif action == "withdraw-confirm":
        response = _confirm_withdrawal(request, case)
    else:  # the result, then an empty form for another application
        response = _track_page(request, TrackForm(), application=case)
    return _remember(response, case)


def _send_withdrawal_code(request: HttpRequest, case: TrackedCase) -> HttpResponse:
    """Send a one-time code to the resident's phone and show the confirmation with its field."""
    try:
        challenge = services.withdrawal_code_send(
            number=case.number, tracking_code=case.tracking_code, client=client_ip(request) or "unknown"
        )
    except RateLimited as exc:
        return _rate_limited(request, exc)
    except TemporarilyUnavailable as exc:  # the limiter's cache is away: no code without its limit
        problem = _("The code can't be sent just now, and nothing has changed. Please try again in a few minutes.")
        response = _track_page(request, TrackForm(), application=case, problem=problem, status=503)
        response["Retry-After"] = str(exc.retry_after)
        return response
    except ConflictError as exc:
        return _track_page(request, TrackForm(), application=case, problem=str(exc), status=409)
    request.session[WITHDRAWAL_SESSION_KEY] = challenge.as_session()
    return _track_page(request, TrackForm(), application=case, confirm_withdrawal=True, code_sent=True)


def _confirm_withdrawal(request: HttpRequest, case: TrackedCase) -> HttpResponse:
    challenge = services.WithdrawalChallenge.from_session(request.session.get(WITHDRAWAL_SESSION_KEY))
    otp = request.POST.get("otp", "")
    try:
        services.application_withdraw_with_code(
            number=case.number, tracking_code=case.tracking_code, challenge=challenge, otp=otp
        )
    except ConflictError as exc:
        return _track_page(request, TrackForm(), application=case, problem=str(exc), status=409)
    except ValidationError as exc:
        reasons = exc.error_dict.get("otp") if hasattr(exc, "error_dict") else None
        if not reasons:  # gone between the look-up and the withdrawal
            return _track_page(request, TrackForm(), not_found=True, status=404)
        if reasons[0].code == "wrong" and challenge is not None:
            request.session[WITHDRAWAL_SESSION_KEY] = services.counted_wrong(challenge).as_session()
            record_tracking_failure(request)
        else:  # missing, expired or spent: a new code is needed
            request.session.pop(WITHDRAWAL_SESSION_KEY, None)
        otp_error = " ".join(str(m) for e in reasons for m in e.messages)
        return _track_page(
            request,
            TrackForm(),
            application=case,
            confirm_withdrawal=True,
            otp_error=otp_error,
            otp_errors=[{"text": otp_error, "href": "#id_otp" if reasons[0].code == "wrong" else ""}],
            code_expired=reasons[0].code != "wrong",
            status=400,
        )
    request.session.pop(WITHDRAWAL_SESSION_KEY, None)
    return _track_page(
        request, TrackForm(), application=track_case(case.number, case.tracking_code) or case, withdrawn=True
    )


@never_cache
@require_http_methods(["GET"])
def track_from_link(request: HttpRequest, number: str) -> HttpResponse:
    """The page of the SMS link and the receipt's QR code: the form with the number filled in. Its
    script reads the tracking code from the URL's fragment (which no server sees), clears the
    fragment and sends the form; without scripts the resident types the code."""
    form = TrackForm(initial={"number": normalise_number(number)[:40]})
    return _track_page(request, form, from_link=True)


def _track_page(
    request: HttpRequest,
    form: TrackForm,
    *,
    application: TrackedCase | None = None,
    not_found: bool = False,
    status: int = 200,
    **extra: object,
) -> HttpResponse:
    form.annotate()
    context = {
        "form": form,
        "application": application,
        "not_found": not_found,
        "confirm_withdrawal": False,
        "withdrawn": False,
        "problem": "",
        "otp_minutes": settings.WITHDRAWAL_CODE_MINUTES,
        **extra,
    }
    if application is not None:
        # The same read as the tracking API: the public steps, the note of the current step only.
        context.update(steps=application.steps, public_note=application.public_note, overdue=application.overdue)
        # Panels of apps above this one (the rating of an issued case): common.panels.
        context["panels"] = panels.collect("applications.tracking", request, application)
    return render(request, "applications/public/track.html", context, status=status)
