"""The applications API for residents: online submission and tracking. The staff part (the inbox
and case work) is in `api_staff`. Every write goes through `services`; tracking reads through
`tracking.track`, the same read as the tracking page."""

import json
import re
from typing import Any

import pydantic
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from ninja import Router
from ninja import Status as Reply

from openakimat.api.errors import field_message
from openakimat.catalogue.models import ServiceOffering
from openakimat.common import locks
from openakimat.common.ratelimit import (
    RateLimited,
    check_submission_rate,
    check_tracking_failures,
    record_tracking_failure,
)
from openakimat.common.schemas import ErrorOut

from . import services
from .api_staff import router as staff_router
from .models import Application, Status
from .schemas import ApplicationIn, ApplicationReceipt, TrackIn, TrackOut
from .tracking import TrackedCase, track

router = Router(tags=["applications"])
router.add_router("", staff_router)

DOCUMENT_FIELD = re.compile(r"^document_(\d{1,12})$")
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")  # printable ASCII, as the header allows
# Seconds a retry waits for a twin with the same Idempotency-Key to finish before it is told 409.
IDEMPOTENCY_WAIT = 15


def _rate_limited(exc: RateLimited) -> JsonResponse:
    minutes = exc.retry_after_minutes
    return JsonResponse(
        {"detail": _("Too many requests from this address. Try again in %(minutes)d min.") % {"minutes": minutes}},
        status=429,
        headers={"Retry-After": str(exc.retry_after)},
    )


# Online submission

_SUBMISSION_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": ApplicationIn.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                **ApplicationIn.model_json_schema(),
                "description": "The same fields, plus one file per document, in a field named `document_<id>`.",
            }
        },
    },
}


def _read_submission(request: HttpRequest) -> tuple[ApplicationIn, dict[str, list[Any]]]:
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        data: Any = request.POST.dict()
        files = {key: request.FILES.getlist(key) for key in request.FILES}
    else:
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            raise ValidationError(_("Send the application as a JSON object or as multipart/form-data."))
        files = {}
    if data.get("department") in ("", None):
        data.pop("department", None)
    if isinstance(data.get("fields"), str):  # multipart: the answers as one JSON string
        try:
            data["fields"] = json.loads(data["fields"] or "{}")
        except ValueError:
            raise ValidationError(
                {"fields": [_("Send the answers as a JSON object of field names and values.")]}
            ) from None
    try:
        payload = ApplicationIn.model_validate(data)
    except pydantic.ValidationError as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            field = ".".join(str(p) for p in error.get("loc", ())) or "__all__"
            errors.setdefault(field, []).append(field_message(error))
        raise ValidationError(errors) from None
    return payload, files


def _offering(payload: ApplicationIn) -> ServiceOffering:
    offerings = list(
        ServiceOffering.objects.filter(
            service__code=payload.service.strip().upper(), service__is_active=True, department__is_active=True
        ).select_related("service", "department")
    )
    if not offerings:
        raise ValidationError({"service": [_("No public service with this code is rendered anywhere.")]})
    if payload.department is not None:
        for offering in offerings:
            if offering.department_id == payload.department:
                return offering
        raise ValidationError({"department": [_("This department does not render this service.")]})
    if len(offerings) > 1:
        raise ValidationError({"department": [_("Several departments render this service: choose one.")]})
    return offerings[0]


def _uploads(offering: ServiceOffering, files: dict[str, list[Any]]) -> list[services.Upload]:
    documents = {d.pk: d for d in offering.service.documents.all()}
    uploads, errors = [], {}
    for key, items in files.items():
        match = DOCUMENT_FIELD.match(key)
        document = documents.get(int(match.group(1))) if match else None
        if document is None:
            errors[key] = [_("This is not a document of the service's list.")]
            continue
        uploads += [services.Upload(file=f, name=f.name or "document", required=document) for f in items]
    if errors:
        raise ValidationError(errors)
    return uploads


def _stored_idempotency_key(raw: str, payload: ApplicationIn) -> str:
    """The key as stored: bound to the service and the resident, so that a key somebody else
    happened to choose never returns their application."""
    iin = "".join(c for c in payload.applicant_iin if c.isdigit())
    message = f"{raw}\n{payload.service.strip().upper()}\n{iin}"
    return salted_hmac("openakimat.applications.api.idempotency", message, algorithm="sha256").hexdigest()


@router.post(
    "/applications",
    response={
        200: ApplicationReceipt,
        201: ApplicationReceipt,
        400: ErrorOut,
        409: ErrorOut,
        429: ErrorOut,
        503: ErrorOut,
    },
    summary="Apply for a public service online",
    openapi_extra={
        "requestBody": _SUBMISSION_BODY,
        "parameters": [
            {
                "in": "header",
                "name": "Idempotency-Key",
                "required": False,
                "schema": {"type": "string", "maxLength": 200},
                "description": "Sending the same application again with the same key returns the first one (200) "
                "instead of registering another, even while the first is still being registered.",
            }
        ],
    },
)
def submit_application(request: HttpRequest):
    """Register an online application. The answer (201) holds the case number and the tracking
    code that the resident needs to follow it; the resident also receives them by SMS. Retried with
    the same `Idempotency-Key`, the answer is the same application with 200; a retry that arrives
    while the first attempt is still running waits for it and gets its application (or, after
    `IDEMPOTENCY_WAIT` seconds, 409 with `Retry-After`: send it again). Too many submissions from
    one address in an hour are refused with 429 and `Retry-After`. While a part the submission
    needs is away (the rate limiter's cache, the document storage) the answer is 503 with
    `Retry-After` and nothing is registered: send the same request again later."""
    payload, files = _read_submission(request)
    raw_key = request.headers.get("Idempotency-Key", "").strip()
    if not raw_key:
        return _register_online(request, payload, files, None)
    if not IDEMPOTENCY_KEY.match(raw_key):
        raise ValidationError({"Idempotency-Key": [_("Use up to 200 printable ASCII characters.")]})
    stored_key = _stored_idempotency_key(raw_key, payload)
    try:
        # One attempt per key at a time: a twin waits here until the first has committed, then
        # finds its application, before it could count against the rate limit or register twice.
        with transaction.atomic():
            locks.hold(f"applications.idempotency:{stored_key}", wait=IDEMPOTENCY_WAIT)
            return _register_online(request, payload, files, stored_key)
    except locks.LockBusy:
        return JsonResponse(
            {"detail": _("This application is still being registered. Send it again in a moment.")},
            status=409,
            headers={"Retry-After": "2"},
        )


def _register_online(
    request: HttpRequest, payload: ApplicationIn, files: dict[str, list[Any]], stored_key: str | None
) -> Any:
    if stored_key:
        existing = Application.objects.filter(idempotency_key=stored_key).first()
        if existing is not None:
            return Reply(200, existing)
    offering = _offering(payload)
    uploads = _uploads(offering, files)
    try:
        check_submission_rate(request)
    except RateLimited as exc:
        return _rate_limited(exc)
    started = timezone.now()
    application = services.application_register(
        actor=None,
        offering=offering,
        applicant=services.Applicant(
            iin=payload.applicant_iin,
            name=payload.applicant_name,
            phone=payload.applicant_phone,
            email=payload.applicant_email,
            language=payload.language,
        ),
        consent=payload.consent,
        documents=uploads,
        channel="online",
        idempotency_key=stored_key,
        now=started,
        answers=payload.fields,
    )
    # A twin request with the same key may have registered it a moment earlier.
    return Reply(201 if application.registered_at == started else 200, application)


# Tracking


def _next_step(application: TrackedCase) -> str:
    status = application.status
    if status == Status.REGISTERED:
        return _("The department will take the application into work.")
    if status == Status.IN_PROGRESS:
        return _("The department is working on the application; no action is needed from you.")
    if status == Status.AWAITING_DOCUMENTS:
        return _("Bring the documents named in the note to the front office; the term is paused until then.")
    if status in (Status.READY, Status.REFUSED):
        return _("Collect the decision at the front office: %(address)s.") % {
            "address": application.akimat.address or application.akimat.name
        }
    return _("Nothing more to do.")


@router.post(
    "/track",
    response={200: TrackOut, 404: ErrorOut, 429: ErrorOut},
    summary="Track an application by its number and tracking code",
)
def track_application(request: HttpRequest, payload: TrackIn):
    """The status and the steps of an application. Sent in the body, so that the tracking code
    never appears in an address. Any mismatch gives the same 404; many of them from one address are
    refused with 429 for a while."""
    try:
        check_tracking_failures(request)
    except RateLimited as exc:
        return _rate_limited(exc)
    case = track(payload.number, payload.tracking_code)
    if case is None:
        record_tracking_failure(request)
        return Reply(404, {"detail": _("No application has this number and tracking code.")})
    return {
        "number": case.number,
        "service": case.service_code,
        "service_name": {lang: getattr(case.service, f"name_{lang}") for lang in ("kk", "ru", "en")},
        "status": case.status,
        "status_label": case.get_status_display(),
        "registered_at": case.registered_at,
        "due_at": case.due_at,
        "decided_at": case.decided_at,
        "paused_since": case.paused_at,
        "public_note": case.public_note,
        "steps": [{"kind": s.kind, "status": s.status, "label": s.label, "at": s.at} for s in case.steps],
        "next_step": _next_step(case),
    }
