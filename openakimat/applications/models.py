"""Applications for public services, from registration at the front office to the result handed
over at the desk, with every step recorded as an event.

The resident's contact details live on the application, encrypted at rest, and are shown only to
those with `permissions.can_see_applicant` (the front office and the observers), the IIN masked
until they ask to see it (audited); the back office works the case by its number.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from openakimat.catalogue.models import PublicService, RequiredDocument
from openakimat.common import uploads
from openakimat.common.actor import actor_display
from openakimat.common.calendar import ALMATY, next_working_day
from openakimat.common.crypto import EncryptedJSONField, EncryptedTextField
from openakimat.common.models import TimeStampedModel
from openakimat.common.storage import private_storage
from openakimat.territory.models import Akimat, Department


class Channel(models.TextChoices):
    DESK = "desk", _("At the front-office desk")
    ONLINE = "online", _("Online")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_DOCUMENTS = "awaiting_documents", _("Awaiting documents")
    READY = "ready", _("Result ready")
    REFUSED = "refused", _("Refused")
    ISSUED = "issued", _("Issued")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The department still has work to do; a case in one of these can be overdue.
OPEN_STATUSES = (Status.REGISTERED, Status.IN_PROGRESS, Status.AWAITING_DOCUMENTS)
# Decided: waiting at the desk for the resident.
DECIDED_STATUSES = (Status.READY, Status.REFUSED)
CLOSED_STATUSES = (Status.ISSUED, Status.WITHDRAWN)


class CaseCounter(models.Model):
    """The last number given to an application of an akimat in a year; locked while numbering."""

    akimat = models.ForeignKey(Akimat, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["akimat", "year"], name="casecounter_unique")]

    def __str__(self) -> str:
        return f"{self.akimat_id}/{self.year}: {self.last}"


class Application(TimeStampedModel):
    akimat = models.ForeignKey(
        Akimat, on_delete=models.PROTECT, related_name="applications", verbose_name=_("registered at")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="applications", verbose_name=_("department")
    )
    service = models.ForeignKey(
        PublicService, on_delete=models.PROTECT, related_name="applications", verbose_name=_("public service")
    )
    number = models.CharField(_("number"), max_length=24, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    tracking_code = models.CharField(_("tracking code"), max_length=16)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    # Bumped by every change, so that a form sent from an old page is refused instead of undoing
    # what someone else did in between.
    version = models.PositiveIntegerField(default=1)
    registered_at = models.DateTimeField(_("registered at"))
    due_at = models.DateTimeField(_("due"))
    term_extended = models.BooleanField(_("term extended"), default=False)
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_applications",
        verbose_name=_("assigned to"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    # The resident (personal data: never on public pages, in URLs or in logs)
    # The four are encrypted at rest (common.crypto); the case is found by the IIN's keyed hash.
    applicant_iin = EncryptedTextField(_("IIN"), max_length=12)
    applicant_iin_hash = models.CharField(max_length=64, db_index=True, editable=False)
    applicant_name = EncryptedTextField(_("full name"), max_length=200)
    applicant_phone = EncryptedTextField(_("phone"), max_length=16)
    applicant_email = EncryptedTextField(_("e-mail"), max_length=254, blank=True)
    language = models.CharField(_("language for notifications"), max_length=2, choices=settings.LANGUAGES)
    consent_at = models.DateTimeField(_("consent to personal-data processing given at"))
    # What the resident sees on the tracking page: what to bring, where to collect the result.
    # The answers to the service's own fields (catalogue/formfields.py), checked, and the statement
    # generated from them as it was made: labels and printed answers in the resident's language.
    # Encrypted at rest like the applicant's details: the answers may name a child or a relative.
    answers = EncryptedJSONField(_("answers"), default=dict, blank=True)
    statement = EncryptedJSONField(_("statement"), default=dict, blank=True)
    public_note = models.TextField(_("note for the resident"), blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    refusal_basis = models.TextField(_("legal basis of refusal"), blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["akimat", "year", "sequence"], name="application_unique_sequence"),
            models.CheckConstraint(
                condition=~Q(status="refused") | (~Q(refusal_reason="") & ~Q(refusal_basis="")),
                name="application_refusal_explained",
                violation_error_message=_("A refusal needs its reason and legal basis."),
            ),
            models.CheckConstraint(
                condition=Q(status="awaiting_documents", paused_at__isnull=False)
                | (~Q(status="awaiting_documents") & Q(paused_at__isnull=True)),
                name="application_paused_iff_awaiting",
            ),
        ]
        indexes = [
            # The department inbox: open cases by due date.
            models.Index(
                fields=["department", "due_at"],
                name="application_inbox",
                condition=Q(status__in=["registered", "in_progress", "awaiting_documents", "ready", "refused"]),
            ),
            models.Index(fields=["service", "status"], name="application_service_status"),
            models.Index(fields=["akimat", "registered_at"], name="application_akimat_registered"),
            models.Index(fields=["updated_at"], name="application_updated"),
            # Reads by registration time across every akimat (newest first, date ranges).
            models.Index(fields=["registered_at"], name="application_registered"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def deadline_state(self, now: datetime) -> str:
        """ "overdue", "today", "soon" (due on the next working day) or "" for an open case. While
        the case waits for documents the clock is stopped, so it is overdue only if it already was
        when it paused, and never "today" or "soon"."""
        if self.status not in OPEN_STATUSES:
            return ""
        if self.due_at < (self.paused_at or now):
            return "overdue"
        if self.paused_at is not None:
            return ""
        due_day, today = localtime(self.due_at, ALMATY).date(), localtime(now, ALMATY).date()
        if due_day == today:
            return "today"
        if due_day <= next_working_day(today):
            return "soon"
        return ""

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class IdDocument(models.TextChoices):
    """The identity documents an operator checks before handing over a result (never copied or
    stored: only which kind was shown)."""

    ID_CARD = "id_card", _("Identity card")
    PASSPORT = "passport", _("Passport")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    STATUS = "status", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    TRANSFERRED = "transferred", _("Transferred to another department")
    EXTENDED = "extended", _("Term extended")
    DOCUMENT = "document", _("Document added")
    NOTE = "note", _("Note")
    ORIGIN = "origin", _("Came from")


class ApplicationEvent(models.Model):
    """One step in the life of a case: who, when, what and why. Never changed once written."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("by"), max_length=150)
    kind = models.CharField(_("event"), max_length=16, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    note = models.TextField(_("reason or note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def who(self) -> str:
        return actor_display(self.actor_label)


def document_path(instance: "ApplicationDocument", filename: str) -> str:
    # The stored name is generated; the resident's file name is kept only in `original_name`.
    return f"applications/{instance.application.year}/{instance.application_id}/{instance.stored_name}"


class ApplicationDocument(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    required = models.ForeignKey(
        RequiredDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document of the service's list"),
    )
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=200)
    stored_name = models.CharField(max_length=64, editable=False)
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("size, bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.original_name

    @property
    def type_label(self) -> str:
        return uploads.type_label(self.content_type)


class ConsultationOutcome(models.TextChoices):
    ANSWERED = "answered", _("Answered on the spot")
    APPLICATION = "application", _("Application registered")
    REFERRED = "referred", _("Referred elsewhere")
    FOLLOW_UP = "follow_up", _("Needs a follow-up")


class Consultation(models.Model):
    """A question answered at the front office, logged by the operator in a few seconds."""

    akimat = models.ForeignKey(Akimat, on_delete=models.PROTECT, related_name="consultations")
    service = models.ForeignKey(
        PublicService,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("public service"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("department"),
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes spent"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=ConsultationOutcome.choices)
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=480),
                name="consultation_minutes_range",
                violation_error_message=_("A consultation takes from 1 to 480 minutes."),
            ),
            models.CheckConstraint(
                condition=Q(service__isnull=False) | ~Q(topic=""),
                name="consultation_has_subject",
                violation_error_message=_("Say what the consultation was about: a service or a topic."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}, {self.minutes} min"
