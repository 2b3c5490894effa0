"""Writes on applications. Each checks permission, records an event and an audit entry, and runs
in one transaction with the case row locked, so two people acting on one case at once can't both
win: the second gets a ConflictError naming what happened.

Personal data stays out of events, audit entries and log lines: they name the case by its number.
"""

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

import phonenumbers
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.accounts.models import Role
from openakimat.accounts.permissions import (
    Action,
    department_permission,
    has_case_permission,
    require,
    require_case,
    user_grants,
)
from openakimat.catalogue.models import PublicService, RequiredDocument, ServiceOffering
from openakimat.common import calendar
from openakimat.common.errors import ConflictError
from openakimat.common.iin import IdentityNumberError, iin_hash, iin_validate
from openakimat.integrity.services import audit_record
from openakimat.notifications.services import notify_resident
from openakimat.territory.models import Department

from .models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    CaseCounter,
    Channel,
    Consultation,
    EventKind,
    Status,
)
from .storage import private_storage
from .uploads import check_upload
from .workflow import ASSIGNABLE, EXTENDABLE, TRANSFERABLE, TRANSITIONS

# Crockford's base32 without I, L, O and U: easy to read out over the phone. 13 symbols are
# 65 random bits.
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_LENGTH = 13


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def normalise_tracking_code(raw: str) -> str:
    """What a resident types, read leniently: spaces and dashes dropped, O as 0, I and L as 1."""
    text = "".join(raw.split()).replace("-", "").upper()
    return text.translate(str.maketrans("OIL", "011"))


def normalise_phone(raw: str) -> str:
    """A Kazakhstan phone number in E.164 (+77011234567), or a ValidationError."""
    try:
        number = phonenumbers.parse(raw or "", "KZ")
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.region_code_for_number(number) != "KZ"
    ):
        raise ValidationError(_("Enter a Kazakhstan phone number, e.g. +7 701 123 4567."), code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@dataclass
class Applicant:
    iin: str
    name: str
    phone: str
    email: str = ""
    language: str = "kk"


@dataclass
class Upload:
    """A file handed in for one document of the service's list (`required` None: any other)."""

    file: IO[bytes]
    name: str
    required: RequiredDocument | None = None


@dataclass
class _Checked:
    upload: Upload
    content_type: str
    extension: str
    size: int
    sha256: str
    errors: list[str] = field(default_factory=list)


def _clean_applicant(applicant: Applicant, *, today: Any = None) -> Applicant:
    errors: dict[str, list[str]] = {}
    try:
        iin = iin_validate(applicant.iin, today=today).value
    except IdentityNumberError as exc:
        errors["applicant_iin"] = [str(exc)]
        iin = ""
    name = " ".join((applicant.name or "").split())
    if not name:
        errors["applicant_name"] = [_("Enter the resident's full name.")]
    elif len(name) > 200:
        errors["applicant_name"] = [_("The name is too long (200 characters at most).")]
    try:
        phone = normalise_phone(applicant.phone)
    except ValidationError as exc:
        errors["applicant_phone"] = exc.messages
        phone = ""
    email = (applicant.email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["applicant_email"] = [_("Enter a valid e-mail address or leave it empty.")]
    language = applicant.language if applicant.language in ("kk", "ru", "en") else "kk"
    if errors:
        raise ValidationError(errors)
    return Applicant(iin=iin, name=name, phone=phone, email=email, language=language)


MAX_FILES = 20


def _check_uploads(required_ids: set[int], uploads: list[Upload]) -> tuple[list[_Checked], list[str]]:
    """Check each file against its list item's accepted types; collect every problem at once."""
    errors: list[str] = []
    checked: list[_Checked] = []
    if len(uploads) > MAX_FILES:
        return [], [_("Attach at most %(count)d files.") % {"count": MAX_FILES}]
    for upload in uploads:
        if upload.required is not None and upload.required.pk not in required_ids:
            errors.append(_("A document was attached to a list item of another service."))
            continue
        types = upload.required.file_type_list if upload.required is not None else ["pdf", "jpg", "png"]
        try:
            c = check_upload(upload.file, upload.name, types)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        checked.append(_Checked(upload, c.content_type, c.extension, c.size, c.sha256))
    return checked, errors


def _check_documents(service: PublicService, uploads: list[Upload]) -> list[_Checked]:
    """The files of a new application: each valid, and every mandatory document of the list there."""
    required = list(service.documents.all())
    checked, errors = _check_uploads({d.pk for d in required}, uploads)
    attached = {u.required.pk for u in uploads if u.required is not None}
    for doc in required:
        if doc.mandatory and doc.pk not in attached:
            errors.append(_("Attach the mandatory document “%(name)s”.") % {"name": doc.name})
    if errors:
        raise ValidationError({"documents": errors})
    return checked


def _store_documents(
    application: Application, checked: list[_Checked], actor: Any, now: datetime, stored: list[str]
) -> None:
    """Write the files and their rows. Each file's name is appended to `stored` as soon as it is on
    disk, so that the caller can remove them if the transaction fails."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    for c in checked:
        name = f"{uuid.uuid4().hex}.{c.extension}"
        doc = ApplicationDocument(
            application=application,
            required=c.upload.required,
            stored_name=name,
            original_name=c.upload.name[:120],
            content_type=c.content_type,
            size=c.size,
            sha256=c.sha256,
            uploaded_at=now,
            uploaded_by=user,
        )
        c.upload.file.seek(0)
        doc.file.save(name, File(c.upload.file), save=False)
        stored.append(doc.file.name)
        doc.save()


def _remove_files(names: list[str]) -> None:
    for name in names:
        if private_storage.exists(name):
            private_storage.delete(name)


def _actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return getattr(actor, "get_username", lambda: "")() or "resident"
    return actor.get_username()


def _event(
    application: Application,
    actor: Any,
    kind: str,
    now: datetime,
    *,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        at=now,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=_actor_label(actor),
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )


def _next_number(department: Department, now: datetime) -> tuple[int, int, str]:
    akimat = department.akimat
    year = timezone.localtime(now, calendar.ALMATY).year
    counter = CaseCounter.objects.select_for_update().filter(akimat=akimat, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                CaseCounter.objects.create(akimat=akimat, year=year, last=0)
        except IntegrityError:
            pass  # another registration created it first
        counter = CaseCounter.objects.select_for_update().get(akimat=akimat, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    prefix = akimat.case_prefix or akimat.territory.kato[:4]
    return year, counter.last, f"{prefix}-{year}-{counter.last:06d}"


def application_register(
    *,
    actor: Any,
    offering: ServiceOffering,
    applicant: Applicant,
    consent: bool,
    documents: list[Upload] | None = None,
    channel: str = Channel.DESK,
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Application:
    """Register an application, at the desk (an operator acting for the resident) or online (the
    resident, `actor` None). Validates everything before writing; numbers the case, draws its
    tracking code and computes its due date from the legal term.

    With an `idempotency_key` already used, returns the application it created and writes nothing.
    """
    if idempotency_key:
        existing = Application.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    offering = ServiceOffering.objects.select_related("service", "department__akimat__territory").get(pk=offering.pk)
    service, department = offering.service, offering.department
    if channel == Channel.DESK:
        require(actor, Action.REGISTER_APPLICATION, department.akimat)
    elif channel == Channel.ONLINE:
        if not service.online:
            raise ValidationError({"service": _("This service is not available online: apply at the front office.")})
    else:
        raise ValidationError({"channel": _("Unknown channel.")})
    if not service.is_active or not department.is_active:
        raise ValidationError({"service": _("This service is not rendered here any more.")})
    if not consent:
        raise ValidationError({"consent": _("Consent to the processing of personal data is required to apply.")})
    now = now or timezone.now()
    applicant = _clean_applicant(applicant, today=timezone.localtime(now, calendar.ALMATY).date())
    checked = _check_documents(service, documents or [])
    stored: list[str] = []
    try:
        with transaction.atomic():
            return _register(actor, offering, applicant, checked, channel, idempotency_key, now, stored)
    except IntegrityError:
        _remove_files(stored)
        if idempotency_key:  # the same submission, made twice at once: the other one won
            existing = Application.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        raise
    except BaseException:
        _remove_files(stored)
        raise


def _register(
    actor: Any,
    offering: ServiceOffering,
    applicant: Applicant,
    checked: list[_Checked],
    channel: str,
    idempotency_key: str | None,
    now: datetime,
    stored: list[str],
) -> Application:
    service, department = offering.service, offering.department
    year, sequence, number = _next_number(department, now)
    application = Application.objects.create(
        akimat=department.akimat,
        department=department,
        service=service,
        number=number,
        year=year,
        sequence=sequence,
        tracking_code=new_tracking_code(),
        channel=channel,
        status=Status.REGISTERED,
        registered_at=now,
        due_at=calendar.due_at(now, service.term_value, service.term_unit),
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
        applicant_iin=applicant.iin,
        applicant_iin_hash=iin_hash(applicant.iin),
        applicant_name=applicant.name,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        language=applicant.language,
        consent_at=now,
        idempotency_key=idempotency_key or None,
    )
    _store_documents(application, checked, actor, now, stored)
    _event(
        application,
        actor,
        EventKind.REGISTERED,
        now,
        to_status=Status.REGISTERED,
        data={"channel": channel, "documents": len(checked)},
    )
    audit_record(
        actor=actor if actor is not None else "resident",
        action="application.register",
        obj=application,
        akimat=department.akimat,
        data={"number": number, "service": service.code, "channel": channel, "department": department.pk},
    )
    notify_resident(application, "registered")
    return application


def _locked(application: Application, expected_version: int | None) -> Application:
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("akimat__territory", "department__akimat__territory", "service")
        .get(pk=application.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            _("Someone else changed this case a moment ago (it is now “%(status)s”). Reload the page and try again.")
            % {"status": locked.get_status_display()}
        )
    return locked


def _save(application: Application, fields: list[str]) -> None:
    application.version += 1
    application.save(update_fields=[*fields, "version", "updated_at"])


def _only_assignee_or_head(actor: Any, application: Application) -> None:
    """A specialist works the cases given to them (or not yet given to anyone); the head any case
    of the department."""
    if application.assignee_id is None or application.assignee_id == getattr(actor, "pk", None):
        return
    if department_permission(actor, Action.MANAGE_CASES, application.department):
        return
    raise PermissionDenied(_("This case is assigned to someone else."))


@transaction.atomic
def application_move(
    *,
    actor: Any,
    application: Application,
    move: str,
    note: str = "",
    basis: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Application:
    """Make one move of the workflow table (`workflow.TRANSITIONS`) on a case."""
    transition = TRANSITIONS.get(move)
    if transition is None:
        raise ValidationError({"move": _("Unknown action.")})
    application = _locked(application, expected_version)
    if not any(has_case_permission(actor, a, application) for a in transition.actions):
        raise PermissionDenied(_("You do not have permission to do this for this case."))
    if transition.actions == (Action.WORK_CASE,):
        _only_assignee_or_head(actor, application)
    if application.status not in transition.sources:
        raise ConflictError(
            _("A case that is “%(status)s” can't be moved this way (%(move)s).")
            % {"status": application.get_status_display(), "move": transition.label}
        )
    note, basis = (note or "").strip(), (basis or "").strip()
    errors = {}
    if transition.needs_note and not note:
        errors["note"] = [
            _("Give the reason.") if move != "request_documents" else _("Say which documents are needed.")
        ]
    if transition.needs_basis and not basis:
        errors["basis"] = [_("Give the legal basis of the refusal.")]
    if errors:
        raise ValidationError(errors)
    return _make_move(application, actor, move, note, basis, now or timezone.now())


def _make_move(
    application: Application,
    actor: Any,
    move: str,
    note: str,
    basis: str,
    now: datetime,
    *,
    audit_actor: Any = None,
    audit_akimat: Any = None,
    by: str = "",
) -> Application:
    """Apply a move already checked (permission, source status, note and basis) to a locked case:
    its dates, the pause, the event, the audit entry and the resident's notification."""
    transition = TRANSITIONS[move]
    previous = application.status
    fields = ["status"]
    application.status = transition.target
    if previous == Status.AWAITING_DOCUMENTS:
        if transition.target == Status.IN_PROGRESS and application.paused_at is not None:
            application.due_at = calendar.shift_due_after_pause(application.due_at, application.paused_at, now)
            fields.append("due_at")
        application.paused_at = None
        fields.append("paused_at")
    if transition.target == Status.AWAITING_DOCUMENTS:
        application.paused_at = now
        fields.append("paused_at")
    if transition.target in (Status.READY, Status.REFUSED):
        application.decided_at = now
        fields.append("decided_at")
    if transition.target in (Status.ISSUED, Status.WITHDRAWN):
        application.closed_at = now
        fields.append("closed_at")
    if transition.target == Status.REFUSED:
        application.refusal_reason, application.refusal_basis = note, basis
        fields += ["refusal_reason", "refusal_basis"]
    if transition.note_is_public:
        application.public_note = note
        fields.append("public_note")
    if move == "accept" and application.assignee_id is None and _is_specialist_of(actor, application):
        application.assignee = actor
        fields.append("assignee")
    _save(application, fields)
    _event(
        application,
        actor,
        EventKind.STATUS,
        now,
        from_status=previous,
        to_status=transition.target,
        note=note,
        data={"move": move, **({"basis": basis} if basis else {}), **({"by": by} if by else {})},
    )
    audit_record(
        actor=audit_actor or actor,
        action=f"application.{move}",
        obj=application,
        akimat=audit_akimat or application.department.akimat,
        data={"number": application.number, "from": previous, "to": transition.target},
    )
    notify_resident(application, transition.target)
    return application


def _is_specialist_of(actor: Any, application: Application) -> bool:
    return any(g.role == Role.SPECIALIST and g.department_id == application.department_id for g in user_grants(actor))


@transaction.atomic
def application_assign(
    *,
    actor: Any,
    application: Application,
    assignee: Any,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Application:
    """The head gives a case to a specialist (or head) of the same department."""
    application = _locked(application, expected_version)
    require_case(actor, Action.MANAGE_CASES, application)
    if application.status not in ASSIGNABLE:
        raise ConflictError(
            _("A case that is “%(status)s” can't be reassigned.") % {"status": application.get_status_display()}
        )
    if assignee is None or not any(
        g.role in (Role.SPECIALIST, Role.HEAD) and g.department_id == application.department_id
        for g in user_grants(assignee)
    ):
        raise ValidationError({"assignee": _("Choose a specialist of this department.")})
    if application.assignee_id == assignee.pk:
        return application
    now = now or timezone.now()
    application.assignee = assignee
    _save(application, ["assignee"])
    _event(application, actor, EventKind.ASSIGNED, now, data={"assignee": assignee.get_username()})
    audit_record(
        actor=actor,
        action="application.assign",
        obj=application,
        akimat=application.department.akimat,
        data={"number": application.number, "assignee": assignee.get_username()},
    )
    return application


@transaction.atomic
def application_transfer(
    *,
    actor: Any,
    application: Application,
    department: Department,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Application:
    """The head sends a case to another department that renders the same service (the resident
    applied to the wrong one, or the territory is another's). The new department starts it afresh:
    status back to registered, no assignee; the due date stays, since the resident applied once."""
    application = _locked(application, expected_version)
    require_case(actor, Action.MANAGE_CASES, application)
    if application.status not in TRANSFERABLE:
        raise ConflictError(
            _("A case that is “%(status)s” can't be transferred.") % {"status": application.get_status_display()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason.")]})
    department = Department.objects.select_related("akimat__territory").get(pk=department.pk)
    if department.pk == application.department_id:
        raise ValidationError({"department": [_("The case is already in this department.")]})
    if (
        not department.is_active
        or not ServiceOffering.objects.filter(service=application.service, department=department).exists()
    ):
        raise ValidationError({"department": [_("That department does not render this service.")]})
    now = now or timezone.now()
    previous_department = application.department
    previous = application.status
    application.department = department
    application.assignee = None
    application.status = Status.REGISTERED
    _save(application, ["department", "assignee", "status"])
    _event(
        application,
        actor,
        EventKind.TRANSFERRED,
        now,
        from_status=previous,
        to_status=Status.REGISTERED,
        note=reason,
        data={"from_department": previous_department.pk, "to_department": department.pk},
    )
    audit_record(
        actor=actor,
        action="application.transfer",
        obj=application,
        akimat=previous_department.akimat,
        data={"number": application.number, "from": previous_department.pk, "to": department.pk},
    )
    return application


@transaction.atomic
def application_extend(
    *,
    actor: Any,
    application: Application,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Application:
    """The head extends the term to the service's longer term, once, with a reason, where the
    register allows it. The new due date counts the longer term from the registration."""
    application = _locked(application, expected_version)
    require_case(actor, Action.MANAGE_CASES, application)
    service = application.service
    if service.extended_term_value is None:
        raise ValidationError({"reason": [_("The register allows no longer term for this service.")]})
    if application.term_extended:
        raise ConflictError(_("The term of this case has already been extended."))
    if application.status not in EXTENDABLE:
        raise ConflictError(
            _("A case that is “%(status)s” can't have its term extended.")
            % {"status": application.get_status_display()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason.")]})
    now = now or timezone.now()
    extended = calendar.due_at(application.registered_at, service.extended_term_value, service.extended_term_unit)
    # Time paused so far (awaiting documents) already moved the due date; keep that shift.
    extra = calendar.working_minutes_between(
        calendar.due_at(application.registered_at, service.term_value, service.term_unit), application.due_at
    )
    new_due = calendar.add_office_minutes(extended, extra) if extra > 0 else extended
    old_due = application.due_at
    if new_due <= old_due:
        raise ValidationError({"reason": [_("The longer term would not move the due date.")]})
    application.due_at, application.term_extended = new_due, True
    _save(application, ["due_at", "term_extended"])
    _event(
        application,
        actor,
        EventKind.EXTENDED,
        now,
        note=reason,
        data={"from": old_due.isoformat(), "to": new_due.isoformat()},
    )
    audit_record(
        actor=actor,
        action="application.extend",
        obj=application,
        akimat=application.department.akimat,
        data={"number": application.number, "due_at": new_due.isoformat()},
    )
    notify_resident(application, "extended")
    return application


def application_add_documents(
    *, actor: Any, application: Application, documents: list[Upload], now: datetime | None = None
) -> Application:
    """Documents the resident brings later (asked for by the department), added at the desk."""
    if not documents:
        raise ValidationError({"documents": [_("Choose at least one file.")]})
    application = Application.objects.select_related(
        "akimat__territory", "department__akimat__territory", "service"
    ).get(pk=application.pk)
    require_case(actor, Action.REGISTER_APPLICATION, application)
    checked, errors = _check_uploads(set(application.service.documents.values_list("pk", flat=True)), documents)
    if errors:
        raise ValidationError({"documents": errors})
    now = now or timezone.now()
    stored: list[str] = []
    try:
        with transaction.atomic():
            application = _locked(application, None)
            if not application.is_open:
                raise ConflictError(_("Documents can be added only to an open case."))
            _store_documents(application, checked, actor, now, stored)
            _save(application, [])
            _event(application, actor, EventKind.DOCUMENT, now, data={"documents": len(checked)})
            audit_record(
                actor=actor,
                action="application.add_documents",
                obj=application,
                akimat=application.akimat,
                data={"number": application.number, "documents": len(checked)},
            )
    except BaseException:
        _remove_files(stored)
        raise
    return application


@transaction.atomic
def application_withdraw_by_resident(*, number: str, tracking_code: str, now: datetime | None = None) -> Application:
    """The resident withdraws an open application with its number and tracking code."""
    application = find_by_tracking(number, tracking_code)
    if application is None:
        raise ValidationError({"tracking_code": _("No application has this number and tracking code.")})
    application = _locked(application, None)
    if application.status not in TRANSITIONS["withdraw"].sources:
        raise ConflictError(
            _("A case that is “%(status)s” can no longer be withdrawn.") % {"status": application.get_status_display()}
        )
    return _make_move(
        application,
        None,
        "withdraw",
        _("Withdrawn by the resident."),
        "",
        now or timezone.now(),
        audit_actor="resident",
        audit_akimat=application.akimat,
        by="resident",
    )


# What the tracking page and answer show: reading only these keeps the busiest public look-up cheap.
_LANGS = ("kk", "ru", "en")
_TRACKING_COLUMNS = (
    "number",
    "tracking_code",
    "status",
    "version",
    "registered_at",
    "due_at",
    "decided_at",
    "closed_at",
    "paused_at",
    "public_note",
    "term_extended",
    "akimat",
    "service",
    "department_id",
    "service__code",
    *(f"service__name_{lang}" for lang in _LANGS),
    *(f"akimat__{f}_{lang}" for f in ("name", "address", "hours") for lang in _LANGS),
    "akimat__phone",
)


def clean_tracking_input(number: str, tracking_code: str) -> tuple[str, str] | None:
    """(number, code) as stored, from what a resident typed; None when they can't match any case."""
    number = "".join((number or "").split()).upper()
    code = normalise_tracking_code(tracking_code or "")
    if not number or len(number) > 24 or len(code) != TRACKING_LENGTH:
        return None
    return number, code


def find_by_tracking(number: str, tracking_code: str) -> Application | None:
    """The application with this number and tracking code, compared in constant time."""
    cleaned = clean_tracking_input(number, tracking_code)
    if cleaned is None:
        return None
    number, code = cleaned
    application = (
        Application.objects.filter(number=number)
        .select_related("service", "akimat")
        .only(*_TRACKING_COLUMNS)
        .order_by()  # one row by a unique key: no sort
        .first()
    )
    if application is None or not secrets.compare_digest(application.tracking_code, code):
        return None
    return application


@transaction.atomic
def consultation_log(
    *,
    actor: Any,
    akimat: Any,
    minutes: int,
    outcome: str,
    service: PublicService | None = None,
    department: Department | None = None,
    topic: str = "",
    now: datetime | None = None,
) -> Consultation:
    """The operator notes a consultation given at the front office."""
    require(actor, Action.LOG_CONSULTATION, akimat)
    if department is not None and department.akimat_id != akimat.pk:
        raise ValidationError({"department": [_("Choose a department of this akimat.")]})
    consultation = Consultation(
        akimat=akimat,
        service=service,
        department=department,
        topic=(topic or "").strip()[:200],
        minutes=minutes,
        outcome=outcome,
        operator=actor,
        at=now or timezone.now(),
    )
    consultation.full_clean()
    consultation.save()
    audit_record(
        actor=actor,
        action="consultation.log",
        obj=consultation,
        akimat=akimat,
        data={"service": service.code if service else "", "minutes": minutes, "outcome": outcome},
    )
    return consultation
