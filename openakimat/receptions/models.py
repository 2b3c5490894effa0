"""Open receptions of the akim: the published schedule, the residents who sign up for it, and the
problems raised there, each of which becomes one or more instructions of execution control.

A sign-up holds a resident's name, phone and problem in their own words: all three are encrypted at
rest and never shown on a public page. What the public page shows of a reception are the problems
as staff wrote them down for the public (`RaisedProblem.text`, anonymised) and their instructions.
"""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openakimat.common.crypto import EncryptedTextField
from openakimat.common.models import TimeStampedModel, localized
from openakimat.territory.models import Akimat, Department, Territory


class Kind(models.TextChoices):
    REGULAR = "regular", _("Regular reception")
    # «Қызылжар – адалдық алаңы» ("Kyzylzhar, a square of honesty"): the reception is held in public,
    # with an anti-corruption observer present.
    OPEN_PUBLIC = "open_public", _("Open reception «Қызылжар – адалдық алаңы»")
    ONLINE = "online", _("Online reception")
    FIELD = "field", _("Field reception in a village")


class Status(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Topic(models.TextChoices):
    ROADS = "roads", _("Roads and streets")
    UTILITIES = "utilities", _("Water, heating, gas and electricity")
    HOUSING = "housing", _("Housing")
    LAND = "land", _("Land")
    SOCIAL = "social", _("Social support")
    EDUCATION = "education", _("Schools and kindergartens")
    HEALTH = "health", _("Health care")
    AGRICULTURE = "agriculture", _("Agriculture")
    TRANSPORT = "transport", _("Transport")
    IMPROVEMENT = "improvement", _("Public spaces and lighting")
    EMPLOYMENT = "employment", _("Employment")
    OTHER = "other", _("Other")


class Reception(TimeStampedModel):
    akimat = models.ForeignKey(Akimat, on_delete=models.PROTECT, related_name="receptions", verbose_name=_("akimat"))
    host_name_kk = models.CharField(_("who receives (Kazakh)"), max_length=200)
    host_name_ru = models.CharField(_("who receives (Russian)"), max_length=200)
    host_name_en = models.CharField(_("who receives (English)"), max_length=200)
    host_position_kk = models.CharField(_("position (Kazakh)"), max_length=200)
    host_position_ru = models.CharField(_("position (Russian)"), max_length=200)
    host_position_en = models.CharField(_("position (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    starts_at = models.DateTimeField(_("starts at"))
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per resident"), default=15)
    capacity = models.PositiveSmallIntegerField(_("places"))
    place_kk = models.CharField(_("place (Kazakh)"), max_length=300, blank=True)
    place_ru = models.CharField(_("place (Russian)"), max_length=300, blank=True)
    place_en = models.CharField(_("place (English)"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    # The village of a field reception (выездной приём), if it is held in one.
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("village")
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    # The anti-corruption observer of an open reception: an official, named publicly.
    observer = models.CharField(_("anti-corruption observer"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("reception")
        verbose_name_plural = _("receptions")
        indexes = [
            models.Index(fields=["status", "starts_at"], name="reception_status_start"),
            models.Index(fields=["akimat", "starts_at"], name="reception_akimat_start"),
        ]

    def __str__(self) -> str:
        return f"{self.host_name} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def host_name(self) -> str:
        return localized(self, "host_name")

    @property
    def host_position(self) -> str:
        return localized(self, "host_position")

    @property
    def place(self) -> str:
        return localized(self, "place")

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.slot_minutes * self.capacity)

    @property
    def seats_left(self) -> int:
        """Places not taken (with `seats_taken` annotated by the selectors)."""
        return max(0, self.capacity - getattr(self, "seats_taken", 0))

    def slot_times(self) -> list:
        return [self.starts_at + timedelta(minutes=self.slot_minutes * i) for i in range(self.capacity)]

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels[t]) for t in self.topics if t in labels]


class SignUpStatus(models.TextChoices):
    PENDING = "pending_confirmation", _("Waiting for the SMS code")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")


# A phone holds at most one of these per reception.
ACTIVE_STATUSES = (SignUpStatus.PENDING, SignUpStatus.CONFIRMED, SignUpStatus.WAITING)
# Who holds a place (a slot).
SEATED_STATUSES = (SignUpStatus.CONFIRMED, SignUpStatus.ATTENDED, SignUpStatus.NO_SHOW)


class SignUp(TimeStampedModel):
    reception = models.ForeignKey(Reception, on_delete=models.CASCADE, related_name="signups")
    slot_at = models.DateTimeField(_("time"), null=True, blank=True)
    name = EncryptedTextField(_("name"), max_length=200)
    phone = EncryptedTextField(_("phone"), max_length=20)
    # A keyed hash of the phone: one active sign-up per phone and reception, without the number.
    phone_hash = models.CharField(max_length=64, editable=False)
    village = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    # In the resident's own words: may hold personal data, so private and encrypted.
    problem = EncryptedTextField(_("problem"), max_length=2000)
    language = models.CharField(_("language"), max_length=2, default="kk")
    status = models.CharField(_("status"), max_length=24, choices=SignUpStatus.choices, default=SignUpStatus.PENDING)
    # The link that lets the resident see and cancel the sign-up: the token is kept encrypted (the
    # messages carry the link) and found by its hash.
    token = EncryptedTextField(editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The phone-confirmation code: a keyed hash only, with its expiry and the wrong tries.
    code_digest = models.CharField(max_length=64, blank=True, editable=False)
    code_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    code_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["slot_at", "confirmed_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["reception", "phone_hash"],
                condition=Q(status__in=["pending_confirmation", "confirmed", "waiting"]),
                name="signup_one_active_per_phone",
            ),
            models.UniqueConstraint(
                fields=["reception", "slot_at"],
                condition=Q(slot_at__isnull=False),
                name="signup_one_per_slot",
            ),
        ]
        indexes = [models.Index(fields=["reception", "status"], name="signup_reception_status")]

    def __str__(self) -> str:
        return f"{self.reception_id}/{self.pk} {self.status}"


class RaisedProblem(TimeStampedModel):
    """A problem raised at a reception, written for the public without personal data."""

    reception = models.ForeignKey(Reception, on_delete=models.PROTECT, related_name="problems")
    signup = models.ForeignKey(
        SignUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="problems", verbose_name=_("sign-up")
    )
    text = models.TextField(_("problem (public, without names)"))
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible department")
    )
    village = models.ForeignKey(
        Territory, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("village")
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("raised problem")
        verbose_name_plural = _("raised problems")

    def __str__(self) -> str:
        return f"{self.reception_id}/{self.pk} {self.topic}"
