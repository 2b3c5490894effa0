"""The applications API: online submission and tracking for residents, and the case work of staff
(by a signed-in session or a bearer token). Every write goes through `services`; staff reads through
`selectors`, with the caller's scope applied."""

import json
import re
from typing import Any

import pydantic
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, CharField, F, Q, QuerySet, Value, When
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja import Status as Reply
from ninja.pagination import paginate

from openakimat.accounts.permissions import Action, case_scope_q, has_case_permission
from openakimat.api.auth import staff_auth
from openakimat.api.pagination import PagePagination
from openakimat.catalogue.models import ServiceOffering
from openakimat.territory.models import Department

from . import selectors, services
from .models import Application, Status
from .ratelimit import RateLimited, check_submission_rate, check_tracking_failures, record_tracking_failure
from .schemas import (
    ApplicationIn,
    ApplicationReceipt,
    AssignIn,
    CaseDetail,
    CaseOut,
    ErrorOut,
    ExtendIn,
    InboxFilters,
    MoveIn,
    TrackIn,
    TrackOut,
    TransferIn,
)
from .tracking import TrackedCase, track
from .workflow import TRANSITIONS, moves_from

router = Router(tags=["applications"])

DOCUMENT_FIELD = re.compile(r"^document_(\d{1,12})$")
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")  # printable ASCII, as the header allows


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


def _field_message(error: dict[str, Any]) -> str:
    if error.get("type") == "missing":
        return _("This field is required.")
    if error.get("type", "").startswith("string_too_long"):
        return _("The value is too long.")
    return _("Enter a valid value.")


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
    try:
        payload = ApplicationIn.model_validate(data)
    except pydantic.ValidationError as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            field = ".".join(str(p) for p in error.get("loc", ())) or "__all__"
            errors.setdefault(field, []).append(_field_message(error))
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
    response={200: ApplicationReceipt, 201: ApplicationReceipt, 400: ErrorOut, 429: ErrorOut},
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
                "instead of registering another.",
            }
        ],
    },
)
def submit_application(request: HttpRequest):
    """Register an online application. The answer (201) holds the case number and the tracking
    code that the resident needs to follow it; the resident also receives them by SMS. Retried with
    the same `Idempotency-Key`, the answer is the same application with 200. Too many submissions
    from one address in an hour are refused with 429 and `Retry-After`."""
    payload, files = _read_submission(request)
    raw_key = request.headers.get("Idempotency-Key", "").strip()
    stored_key = None
    if raw_key:
        if not IDEMPOTENCY_KEY.match(raw_key):
            raise ValidationError({"Idempotency-Key": [_("Use up to 200 printable ASCII characters.")]})
        stored_key = _stored_idempotency_key(raw_key, payload)
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
    )
    # A twin request with the same key may have registered it a moment earlier.
    return Reply(201 if application.registered_at == started else 200, application)


# Tracking


def _next_step(application: Application | TrackedCase) -> str:
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
    labels = dict(Status.choices)
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
        "steps": [{"status": st, "label": str(labels.get(st, st)), "at": at} for st, at in case.steps],
        "next_step": _next_step(case),
    }


# Staff: the inbox and the case

STAFF_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
_CASE_COLUMNS = (
    "number",
    "status",
    "due_at",
    "paused_at",
    "service",
    "department",
    "assignee",
    "service__code",
    *(f"service__name_{lang}" for lang in ("kk", "ru", "en")),
    *(f"department__name_{lang}" for lang in ("kk", "ru", "en")),
    "assignee__username",
)
_APPLICANT_FIELDS = ("iin", "name", "phone", "email")


def _with_applicant_if_allowed(qs: QuerySet[Application], user: Any) -> QuerySet[Application]:
    """Annotate each case with the resident's details where `user` may see them (`VIEW_APPLICANT`
    reaches it) and blanks elsewhere, so the database never sends what may not be shown."""
    scope = case_scope_q(user, Action.VIEW_APPLICANT)
    if scope == Q():
        visible: Any = Value(True)
        values = {f"visible_{f}": F(f"applicant_{f}") for f in _APPLICANT_FIELDS}
    elif scope == Q(pk__in=[]):
        visible = Value(False)
        values = {f"visible_{f}": Value("") for f in _APPLICANT_FIELDS}
    else:
        visible = Case(When(scope, then=Value(True)), default=Value(False), output_field=BooleanField())
        values = {
            f"visible_{f}": Case(When(scope, then=F(f"applicant_{f}")), default=Value(""), output_field=CharField())
            for f in _APPLICANT_FIELDS
        }
    return qs.annotate(applicant_visible=visible, visible_language=F("language"), **values)


@router.get(
    "/staff/cases",
    auth=staff_auth,
    response={200: list[CaseOut], 401: ErrorOut},
    summary="Staff inbox: cases by due date",
    tags=["staff"],
)
@paginate(PagePagination)
def list_cases(request: HttpRequest, filters: Query[InboxFilters]):
    """The cases the caller may see, nearest due date first. The resident's details are filled only
    where the caller's role may see them (the front office, observers)."""
    user = request.auth
    single = filters.status if filters.status in Status.values else None
    qs = selectors.inbox(
        user=user,
        status="all" if single else filters.status,
        department=filters.department,
        assigned_to_me=filters.assigned_to_me,
        q=filters.number,
    )
    if single:
        qs = qs.filter(status=single)
    return _with_applicant_if_allowed(qs.only(*_CASE_COLUMNS), user)


def _detail(user: Any, application: Application) -> Application:
    """The case with what `CaseDetail` shows attached: events, documents, the moves `user` may
    make, and the resident's details if `user` may see them."""
    allowed = has_case_permission(user, Action.VIEW_APPLICANT, application)
    application.applicant_visible = allowed
    for field in _APPLICANT_FIELDS:
        setattr(application, f"visible_{field}", getattr(application, f"applicant_{field}") if allowed else "")
    application.visible_language = application.language
    application.move_list = [
        t for t in moves_from(application.status) if any(has_case_permission(user, a, application) for a in t.actions)
    ]
    application.event_list = list(selectors.case_events(case=application))
    application.document_list = list(selectors.case_documents(case=application))
    return application


@router.get(
    "/staff/cases/{number}",
    auth=staff_auth,
    response={200: CaseDetail, 401: ErrorOut, 404: ErrorOut},
    summary="One case with its events and documents",
    tags=["staff"],
)
def get_case(request: HttpRequest, number: str):
    return _detail(request.auth, selectors.case_for(user=request.auth, number=number))


@router.post(
    "/staff/cases/{number}/moves/{move}",
    auth=staff_auth,
    response={200: CaseDetail, **STAFF_ERRORS},
    summary="Make a move of the workflow on a case",
    tags=["staff"],
)
def move_case(request: HttpRequest, number: str, move: str, payload: MoveIn):
    case = selectors.case_for(user=request.auth, number=number)
    case = services.application_move(
        actor=request.auth,
        application=case,
        move=move,
        note=payload.note,
        basis=payload.basis,
        expected_version=payload.version,
    )
    return _detail(request.auth, case)


move_case.__doc__ = (
    "Moves: "
    + ", ".join(TRANSITIONS)
    + ". `version` is the case's version as read; if the case changed since, the answer is 409."
)


@router.post(
    "/staff/cases/{number}/assign",
    auth=staff_auth,
    response={200: CaseDetail, **STAFF_ERRORS},
    summary="Give a case to a specialist of its department (heads)",
    tags=["staff"],
)
def assign_case(request: HttpRequest, number: str, payload: AssignIn):
    case = selectors.case_for(user=request.auth, number=number)
    assignee = get_user_model().objects.filter(username=payload.assignee, is_active=True).first()
    case = services.application_assign(
        actor=request.auth, application=case, assignee=assignee, expected_version=payload.version
    )
    return _detail(request.auth, case)


@router.post(
    "/staff/cases/{number}/transfer",
    auth=staff_auth,
    response={200: CaseDetail, **STAFF_ERRORS},
    summary="Send a case to another department that renders the service (heads)",
    tags=["staff"],
)
def transfer_case(request: HttpRequest, number: str, payload: TransferIn):
    case = selectors.case_for(user=request.auth, number=number)
    department = Department.objects.filter(pk=payload.department).first()
    if department is None:
        raise ValidationError({"department": [_("No such department.")]})
    case = services.application_transfer(
        actor=request.auth,
        application=case,
        department=department,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return _detail(request.auth, case)


@router.post(
    "/staff/cases/{number}/extend",
    auth=staff_auth,
    response={200: CaseDetail, **STAFF_ERRORS},
    summary="Extend the term of a case to the service's longer term (heads)",
    tags=["staff"],
)
def extend_case(request: HttpRequest, number: str, payload: ExtendIn):
    case = selectors.case_for(user=request.auth, number=number)
    case = services.application_extend(
        actor=request.auth, application=case, reason=payload.reason, expected_version=payload.version
    )
    return _detail(request.auth, case)
