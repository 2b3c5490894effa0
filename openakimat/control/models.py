"""Instructions (поручения): what a department must do, by when, and what it did.

Every source of work — a problem reported on the map, a problem raised at an open reception, a
written appeal, a meeting's decision — becomes one or more instructions through a generic reference
to its source (`source_type`, `source_id`), so a new source needs no change here (`sources.py`).
Whether an instruction is overdue is never stored: it is derived from its deadline and the day
(`Instruction.is_overdue`, `selectors.overdue_q`).
"""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openakimat.common.models import TimeStampedModel
from openakimat.territory.models import Akimat, Department, Territory


class Status(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (Status.ASSIGNED, Status.IN_PROGRESS)


class Instruction(TimeStampedModel):
    number = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    akimat = models.ForeignKey(Akimat, on_delete=models.PROTECT, related_name="instructions", verbose_name=_("akimat"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="instructions", verbose_name=_("responsible department")
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="instructions",
        verbose_name=_("responsible official"),
    )
    # Where the work is (a village or okrug): the register filters by it. Never a resident's address.
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instructions",
        verbose_name=_("village or okrug"),
    )
    title = models.CharField(_("what must be done"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    # The source: a problem report, a reception problem, an appeal, a meeting decision…
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    # The source's registered kind ("problems.report"), kept for the register's filter.
    source_kind = models.CharField(_("source"), max_length=40, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ASSIGNED)
    deadline = models.DateField(_("deadline"))
    original_deadline = models.DateField(_("first deadline"))
    extension_count = models.PositiveSmallIntegerField(_("extensions"), default=0)
    completed_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # Whether it was done by its deadline (as extended), fixed when it is done: the figures count it.
    done_on_time = models.BooleanField(_("done on time"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    # The days before the deadline a reminder was last sent for, and when the head was told it passed:
    # the periodic sweep sends each message once.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    overdue_alerted_for = models.DateField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        indexes = [
            models.Index(fields=["akimat", "status", "deadline"], name="control_ins_akimat_status"),
            models.Index(fields=["department", "status", "deadline"], name="control_ins_dept_status"),
            models.Index(fields=["status", "deadline"], name="control_ins_status_deadline"),
            models.Index(fields=["source_type", "source_id"], name="control_ins_source"),
            models.Index(fields=["territory", "status"], name="control_ins_territory"),
            # The register's "overdue" filter and the sweep: open ones by deadline, walked in order.
            models.Index(
                fields=["deadline", "id"],
                condition=models.Q(status__in=["assigned", "in_progress"]),
                name="control_ins_open_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.deadline < (today or timezone.localdate())


class EventKind(models.TextChoices):
    CREATED = "created", _("Assigned")
    STARTED = "started", _("Taken into work")
    REPORT = "report", _("Progress report")
    EXTENDED = "extended", _("Deadline extended")
    REASSIGNED = "reassigned", _("Reassigned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    REOPENED = "reopened", _("Reopened")


class InstructionEvent(models.Model):
    """One dated step of an instruction's timeline, public: its text is written for residents to
    read and never holds personal data."""

    instruction = models.ForeignKey(Instruction, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=16, choices=EventKind.choices)
    at = models.DateTimeField(_("at"), db_index=True)
    text = models.TextField(_("text"), blank=True)
    old_deadline = models.DateField(null=True, blank=True)
    new_deadline = models.DateField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("instruction event")
        verbose_name_plural = _("instruction events")

    def __str__(self) -> str:
        return f"{self.instruction_id} {self.kind} {self.at:%Y-%m-%d}"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


class ReportAttachment(models.Model):
    """A photo or a document of a progress report, public like the report."""

    event = models.ForeignKey(InstructionEvent, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(upload_to="control/%Y/%m/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class AlertKind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    REOPENED = "reopened", _("Reopened")
    REMINDER = "reminder", _("Deadline reminder")
    OVERDUE = "overdue", _("Deadline passed")


# The message kinds the periodic sweep sends at most once per recipient and deadline.
ONCE_PER_DEADLINE = (AlertKind.REMINDER, AlertKind.OVERDUE)


class StaffAlert(models.Model):
    """One message to one staff member about an instruction: what `notifications.notify` sends
    (it reaches one recipient per object). For reminders and overdue alerts `deadline` is the
    deadline it was about, so the sweep never sends the same one twice."""

    instruction = models.ForeignKey(Instruction, on_delete=models.CASCADE, related_name="alerts")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=AlertKind.choices)
    deadline = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("message about an instruction")
        verbose_name_plural = _("messages about instructions")
        constraints = [
            models.UniqueConstraint(
                fields=["instruction", "recipient", "kind", "deadline"],
                condition=models.Q(kind__in=["reminder", "overdue"]),
                name="control_alert_once_per_deadline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instruction_id} {self.kind} {self.deadline}"
