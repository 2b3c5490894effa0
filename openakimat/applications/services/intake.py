"""Registering an application, at the front-office desk or online: the resident's details and the
documents checked first, then the case numbered, its tracking code drawn and its due date computed
from the legal term, all in one transaction."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.catalogue.formfields import clean_answers, declares_fields, statement_snapshot
from openakimat.catalogue.models import ServiceOffering
from openakimat.common import calendar, policy
from openakimat.common.actor import Actor, actor_user
from openakimat.common.iin import IdentityNumberError, iin_hash, iin_validate
from openakimat.common.phone import phone_normalise
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Department

from .. import origins, permissions
from ..models import Application, CaseCounter, Channel, EventKind, Status
from ..notifications import notify_resident
from ..tracking import new_tracking_code
from .cases import record_event
from .documents import CheckedUpload, Upload, check_documents, remove_files, store_documents

LANGUAGES = ("kk", "ru", "en")
REGISTER_ATTEMPTS = 3


@dataclass
class Applicant:
    iin: str
    name: str
    phone: str
    email: str = ""
    language: str = "kk"


def clean_applicant(applicant: Applicant, *, today: date | None = None) -> Applicant:
    """The resident's details as stored, or a ValidationError naming every field that is wrong."""
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
        phone = phone_normalise(applicant.phone)
    except ValidationError as exc:
        errors["applicant_phone"] = exc.messages
        phone = ""
    email = (applicant.email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["applicant_email"] = [_("Enter a valid e-mail address or leave it empty.")]
    language = applicant.language if applicant.language in LANGUAGES else "kk"
    if errors:
        raise ValidationError(errors)
    return Applicant(iin=iin, name=name, phone=phone, email=email, language=language)


def _next_number(department: Department, now: datetime) -> tuple[int, int, str]:
    """The next number of the akimat's own sequence for the year, taken under a lock on its
    counter. Prefixes are unique among akimats at any moment, but one an akimat gave up may be
    taken by another, whose count then meets numbers already given: those are skipped."""
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
    prefix = akimat.number_prefix
    while True:
        counter.last += 1
        number = f"{prefix}-{year}-{counter.last:06d}"
        if not Application.objects.filter(number=number).exists():
            break
    counter.save(update_fields=["last"])
    return year, counter.last, number


def application_register(
    *,
    actor: Actor | None,
    offering: ServiceOffering,
    applicant: Applicant,
    consent: bool,
    documents: list[Upload] | None = None,
    channel: str = Channel.DESK,
    idempotency_key: str | None = None,
    looked_up: bool = False,
    now: datetime | None = None,
    answers: dict[str, Any] | None = None,
    origin: str = "",
) -> Application:
    """Register an application, at the desk (an operator acting for the resident) or online (the
    resident, `actor` None). Validates everything before writing; numbers the case, draws its
    tracking code and computes its due date from the legal term. `looked_up` records that the desk
    filled the form from the resident's earlier application, with their consent
    (`applicant_lookup`).

    `answers` are the resident's answers to the service's own fields (catalogue/formfields.py),
    checked here and stored with the statement generated from them. Online they are required (the
    form is the application) where the service declares its fields; None elsewhere means the resident
    attached or signed a statement of their own.

    `origin` ("kind:reference", see `origins`) names where the resident came from at the desk (a
    queue ticket): resolved first — refused with a ValidationError if the actor may not link it —
    then written to the case's history and linked in the same transaction.

    With an `idempotency_key` already used, returns the application it created and writes nothing.
    """
    if idempotency_key:
        existing = Application.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    offering = ServiceOffering.objects.select_related("service", "department__akimat__territory").get(pk=offering.pk)
    service, department = offering.service, offering.department
    if channel == Channel.DESK:
        policy.require(
            permissions.can_register_at(actor, department.akimat),
            _("You do not have permission to do this for this akimat."),
        )
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
    today = timezone.localtime(now, calendar.ALMATY).date()
    applicant = clean_applicant(applicant, today=today)
    statement: dict[str, Any] = {}
    if answers is not None or (channel == Channel.ONLINE and declares_fields(service)):
        answers = clean_answers(service, answers, today=today)
        if answers or declares_fields(service):  # an empty generic request makes no statement
            statement = statement_snapshot(service, answers, applicant.language)
    came_from = origins.resolve(actor, origin) if origin and channel == Channel.DESK else None
    checked = check_documents(service, documents or [])
    for attempt in range(1, REGISTER_ATTEMPTS + 1):
        stored: list[str] = []
        try:
            with transaction.atomic():
                return _register(
                    actor,
                    offering,
                    applicant,
                    checked,
                    channel,
                    idempotency_key,
                    now,
                    stored,
                    answers,
                    statement,
                    looked_up=looked_up,
                    origin=came_from,
                )
        except IntegrityError:
            remove_files(stored)
            if idempotency_key:  # the same submission, made twice at once: the other one won
                existing = Application.objects.filter(idempotency_key=idempotency_key).first()
                if existing is not None:
                    return existing
            if attempt == REGISTER_ATTEMPTS:
                raise
            # A number another registration committed meanwhile (a prefix passing from one akimat
            # to another): numbered afresh, past it.
        except BaseException:
            remove_files(stored)
            raise
    raise AssertionError("unreachable")


def _register(
    actor: Actor | None,
    offering: ServiceOffering,
    applicant: Applicant,
    checked: list[CheckedUpload],
    channel: str,
    idempotency_key: str | None,
    now: datetime,
    stored: list[str],
    answers: dict[str, Any] | None = None,
    statement: dict[str, Any] | None = None,
    *,
    looked_up: bool = False,
    origin: origins.Origin | None = None,
) -> Application:
    service, department = offering.service, offering.department
    # The resident agreed to their earlier data being looked up: kept with the case and the audit.
    returning = {"lookup_consent": True} if looked_up and channel == Channel.DESK else {}
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
        registered_by=actor_user(actor),
        applicant_iin=applicant.iin,
        applicant_iin_hash=iin_hash(applicant.iin),
        applicant_name=applicant.name,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        language=applicant.language,
        consent_at=now,
        idempotency_key=idempotency_key or None,
        answers=answers or {},
        statement=statement or {},
    )
    store_documents(application, checked, actor, now, stored)
    record_event(
        application,
        actor,
        EventKind.REGISTERED,
        now,
        to_status=Status.REGISTERED,
        data={"channel": channel, "documents": len(checked), **returning},
    )
    if origin is not None:
        record_event(
            application,
            actor,
            EventKind.ORIGIN,
            now,
            note=origin.label,
            data={"origin": origin.kind, "reference": origin.reference},
        )
        origin.attach(application)
    audit_record(
        actor=actor if actor is not None else "resident",
        action="application.register",
        obj=application,
        akimat=department.akimat,
        data={
            "number": number,
            "service": service.code,
            "channel": channel,
            "department": department.pk,
            **returning,
            **({"origin": f"{origin.kind}:{origin.reference}"} if origin is not None else {}),
        },
    )
    notify_resident(application, "registered")
    return application
