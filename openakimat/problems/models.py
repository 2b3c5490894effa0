"""Problems residents report on the map (a pothole, a dark streetlight, no water), in categories
each akimat routes to a department. A report is public — its category, place, description, photos
and status — except for who reported it: the reporter's name and contacts are encrypted at rest and
shown to no one but the staff who triage. Accepted reports become instructions (`control`) and
follow their status (`sources.py`)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openakimat.common.crypto import EncryptedTextField
from openakimat.common.models import TimeStampedModel, TrilingualName, localized
from openakimat.territory.models import Akimat, Department, Territory


class Category(TrilingualName, TimeStampedModel):
    """A kind of problem an akimat takes (roads, street lighting…): an Open311 service."""

    akimat = models.ForeignKey(Akimat, on_delete=models.PROTECT, related_name="problem_categories")
    code = models.SlugField(_("code"), max_length=40, help_text=_("The Open311 service code, e.g. “roads”."))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="problem_categories", verbose_name=_("routed to")
    )
    description_kk = models.TextField(_("description (Kazakh)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    anonymous_allowed = models.BooleanField(_("anonymous reports allowed"), default=False)
    # The deadline triage proposes for the instruction, in calendar days.
    days_to_fix = models.PositiveSmallIntegerField(_("days to fix"), default=10)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["akimat", "order", "code"]
        verbose_name = _("problem category")
        verbose_name_plural = _("problem categories")
        constraints = [models.UniqueConstraint(fields=["akimat", "code"], name="problems_category_code_unique")]

    @property
    def description(self) -> str:
        return localized(self, "description")


class Status(models.TextChoices):
    OPEN = "open", _("Reported")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    FIXED = "fixed", _("Fixed")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Duplicate")


# Open311's two statuses: a report is "open" until it is fixed, closed, rejected or merged.
OPEN_STATUSES = (Status.OPEN, Status.ACCEPTED, Status.IN_PROGRESS)


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    OPEN311 = "open311", _("Open311 client")
    DESK = "desk", _("Front office")


class Report(TimeStampedModel):
    akimat = models.ForeignKey(Akimat, on_delete=models.PROTECT, related_name="problem_reports")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="reports")
    # Where: a point, and/or the village it is in (chosen from a list without a map), and/or an
    # address of the place (a street and a landmark, not a person's home).
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, null=True, blank=True, related_name="problem_reports"
    )
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("address of the place"), max_length=250, blank=True)
    description = models.TextField(_("description"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    # The latest status change (Open311's updated_datetime).
    status_changed_at = models.DateTimeField(_("status changed at"), db_index=True)
    # A public note with the status: why it was rejected, what was done.
    public_note = models.TextField(_("public note"), blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    fixed_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    language = models.CharField(max_length=2, default="kk")
    # Who reported it: never published, encrypted at rest; empty for an anonymous report.
    reporter_name = EncryptedTextField(blank=True, default="")
    reporter_phone = EncryptedTextField(blank=True, default="")
    reporter_email = EncryptedTextField(blank=True, default="")
    # SHA-256 of the reporter's secret link token (confirm fixed, reopen, see their report).
    reporter_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The same submission sent twice is one report: (who sent it, its key) is unique.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        indexes = [
            models.Index(fields=["akimat", "status", "-created_at"], name="problems_rep_akimat_status"),
            models.Index(fields=["category", "status"], name="problems_rep_category_status"),
            models.Index(fields=["territory", "status"], name="problems_rep_territory_status"),
            models.Index(fields=["lat", "lon"], name="problems_rep_point"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"], condition=Q(idempotency_key__isnull=False), name="problems_rep_idem"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category.code}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReportPhoto(models.Model):
    """A photo of the problem, re-encoded with its metadata stripped (the place it was taken is kept
    as the report's point only when the reporter gave none)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="problems/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    is_public = models.BooleanField(default=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"photo {self.pk} of report {self.report_id}"


class ReportUpdate(models.Model):
    """One public step of a report's history (Open311's service request updates)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices)
    text = models.TextField(blank=True)
    # Staff member who made it, kept for the audit; never shown publicly by name.
    actor = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.status} {self.at:%Y-%m-%d}"


class Subscription(models.Model):
    """Someone who asked to be told of a report's changes (the reporter, or a resident who found the
    same problem already reported). Contacts encrypted; the token unsubscribes."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="subscriptions")
    email = EncryptedTextField(blank=True, default="")
    phone = EncryptedTextField(blank=True, default="")
    language = models.CharField(max_length=2, default="kk")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_reporter = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the person confirmed through the link sent to them (the reporter's at once): nobody
    # subscribes someone else. Only confirmed subscriptions are told of changes.
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"subscription {self.pk} to report {self.report_id}"
