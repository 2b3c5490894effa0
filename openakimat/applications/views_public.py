"""The resident's side of the front office: apply online, read the receipt, track an application
without signing in, and withdraw it.

Nothing personal goes into a URL: the receipt is found through the session (which holds the case's
primary key only), and the tracking form posts the number and code instead of putting them in a
query string. Pages that show a tracking code are never cached.
"""

import logging
import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from openakimat.catalogue.models import PublicService, ServiceOffering
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
from .tracking import TrackedCase
from .tracking import track as track_case

logger = logging.getLogger("openakimat.applications")

RECEIPT_SESSION_KEY = "frontoffice_receipt"


def group_code(code: str) -> str:
    """XXXX-XXXX-XXXXX: easier to read aloud and to copy; the dashes are ignored when typed back."""
    return "-".join(part for part in (code[:4], code[4:8], code[8:]) if part)


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


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Look an application up by number and tracking code; confirm and make a withdrawal.

    The `action` of the POST: "track" (default), "withdraw" (asks for confirmation) or
    "withdraw-confirm". Each one carries the number and code again, and each checks them again.
    """
    if request.method != "POST":
        return _track_page(request, TrackForm())
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
    context = {"confirm_withdrawal": False, "withdrawn": False, "problem": ""}
    status = 200
    if action == "withdraw" and case.is_open:
        context["confirm_withdrawal"] = True
    elif action == "withdraw-confirm":
        try:
            services.application_withdraw_by_resident(number=number, tracking_code=code)
            case = track_case(number, code) or case
            context["withdrawn"] = True
        except ConflictError as exc:
            context["problem"] = str(exc)
            status = 409
        except ValidationError:  # gone between the look-up and the withdrawal
            return _track_page(request, form, not_found=True, status=404)
    # The result, then an empty form for another application.
    return _track_page(request, TrackForm(), application=case, status=status, **context)


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
    context = {"form": form, "application": application, "not_found": not_found, **extra}
    if application is not None:
        # The same read as the tracking API: the public steps, the note of the current step only.
        context.update(steps=application.steps, public_note=application.public_note, overdue=application.overdue)
    return render(request, "applications/public/track.html", context, status=status)
