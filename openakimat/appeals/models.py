"""Written appeals to the akim (the internet reception): what a resident wrote, where it was
routed, the answer and, with the resident's consent, an anonymised version for the public.

The resident's text, name, phone and e-mail and the answer are encrypted at rest: an appeal may name
people. The tracking code is never stored, only its keyed hash (`tracking.code_hash`). What the
public reads are the separate texts staff write for publication (`public_question`,
`public_answer`), never the raw text.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openakimat.common.crypto import EncryptedTextField
from openakimat.common.models import TimeStampedModel
from openakimat.common.storage import private_storage
from openakimat.territory.models import Akimat, Department, Territory

TERM_DAYS = 15
EXTENDED_TERM_DAYS = 30


class Topic(models.TextChoices):
    HOUSING = "housing", _("Housing and utilities")
    ROADS = "roads", _("Roads and transport")
    EDUCATION = "education", _("Schools and kindergartens")
    SOCIAL = "social", _("Social support and employment")
    LAND = "land", _("Land and construction")
    AGRICULTURE = "agriculture", _("Agriculture")
    ORDER = "order", _("Public order and improvement")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ROUTED = "routed", _("Passed to a department")
    EXTENDED = "extended", _("Term extended")
    ANSWERED = "answered", _("Answered")


OPEN_STATUSES = (Status.REGISTERED, Status.ROUTED, Status.EXTENDED)


class AppealCounter(models.Model):
    """The last number given to an appeal of an akimat in a year; locked while numbering."""

    akimat = models.ForeignKey(Akimat, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["akimat", "year"], name="appealcounter_unique")]

    def __str__(self) -> str:
        return f"{self.akimat_id}/{self.year}: {self.last}"


class Appeal(TimeStampedModel):
    number = models.CharField(_("number"), max_length=32, unique=True)
    akimat = models.ForeignKey(Akimat, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("akimat"))
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("village or okrug"),
    )
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("department"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    # The resident (personal data: never on public pages, in URLs or in logs), encrypted at rest.
    text = EncryptedTextField(_("text of the appeal"), max_length=5000)
    name = EncryptedTextField(_("full name"), max_length=200)
    phone = EncryptedTextField(_("phone"), max_length=16, blank=True)
    email = EncryptedTextField(_("e-mail"), max_length=254, blank=True)
    language = models.CharField(_("language for notifications"), max_length=2, choices=settings.LANGUAGES)
    consent_at = models.DateTimeField(_("consent to personal-data processing given at"))
    consent_to_publish = models.BooleanField(_("agrees to publication (anonymised)"), default=False)
    # A keyed hash of the tracking code: the code itself is shown once and sent once, never stored.
    tracking_hash = models.CharField(max_length=64, editable=False)
    registered_at = models.DateTimeField(_("registered at"))
    due_on = models.DateField(_("answer due by"))
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    answer_draft = EncryptedTextField(_("draft answer"), max_length=10000, blank=True)
    answer = EncryptedTextField(_("answer"), max_length=10000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_in_term = models.BooleanField(_("answered within the term"), null=True, blank=True)
    working_days_to_answer = models.PositiveSmallIntegerField(_("working days to answer"), null=True, blank=True)
    # The anonymised version for the public, written by staff; shown only once published.
    public_question = models.TextField(_("published question"), blank=True)
    public_answer = models.TextField(_("published answer"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.UniqueConstraint(fields=["akimat", "year", "sequence"], name="appeal_unique_sequence"),
            models.CheckConstraint(
                condition=Q(published=False) | Q(consent_to_publish=True, status="answered"),
                name="appeal_published_only_with_consent",
            ),
            models.CheckConstraint(
                condition=Q(extended_at__isnull=True) | ~Q(extension_reason=""),
                name="appeal_extension_explained",
            ),
        ]
        indexes = [
            models.Index(fields=["akimat", "status", "due_on"], name="appeals_akimat_status_due"),
            models.Index(fields=["department", "status", "due_on"], name="appeals_dept_status_due"),
            models.Index(fields=["published", "published_at"], name="appeals_published"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def term_days(self) -> int:
        return EXTENDED_TERM_DAYS if self.extended_at else TERM_DAYS

    def is_overdue(self, today: object = None) -> bool:
        from django.utils import timezone

        return self.is_open and self.due_on < (today or timezone.localdate())  # type: ignore[operator]


class AppealAttachment(models.Model):
    """A file the resident sent with the appeal: kept in private storage, read by staff through a
    checked view, never public."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to="appeals/%Y/%m/")
    name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name
