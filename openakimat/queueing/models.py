"""The electronic queue of a service akimat's hall.

A hall (one per akimat) has categories (a letter and the services they serve, derived from the
catalogue), desks ("windows") that serve some of the categories during their hours, priority
groups with weights, and its settings. Residents take tickets at the kiosk or book a time online;
operators call them to their desks. Tickets carry no name: the hall knows a number, a category and
(only while the resident wants an SMS) a phone.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openakimat.applications.models import Application
from openakimat.catalogue.models import ServiceOffering
from openakimat.common.crypto import EncryptedTextField
from openakimat.common.models import TimeStampedModel, TrilingualName
from openakimat.territory.models import Akimat, Department


class Hall(TimeStampedModel):
    """The queue of one service akimat, with its rules. A hall that is not open issues no tickets
    and takes no bookings."""

    akimat = models.OneToOneField(Akimat, on_delete=models.PROTECT, related_name="hall", verbose_name=_("akimat"))
    is_open = models.BooleanField(_("the queue is in use"), default=True)
    recalls_before_no_show = models.PositiveSmallIntegerField(
        _("recalls before a no-show"),
        default=2,
        validators=[MaxValueValidator(10)],
        help_text=_("How many times a ticket may be called again before the operator may mark it a no-show."),
    )
    bookings_per_ten_days = models.PositiveSmallIntegerField(
        _("bookings per person in ten days"), default=2, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    booking_days_ahead = models.PositiveSmallIntegerField(
        _("days open for booking ahead"), default=14, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    checkin_early_minutes = models.PositiveSmallIntegerField(
        _("check-in opens, minutes before the booked time"), default=30, validators=[MaxValueValidator(120)]
    )
    checkin_late_minutes = models.PositiveSmallIntegerField(
        _("check-in closes, minutes after the booked time"), default=10, validators=[MaxValueValidator(60)]
    )
    notify_position = models.PositiveSmallIntegerField(
        _("SMS when this many are ahead"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("A resident waiting remotely who asked for it gets an SMS when this many people are ahead."),
    )

    class Meta:
        verbose_name = _("queue hall")
        verbose_name_plural = _("queue halls")

    def __str__(self) -> str:
        return str(self.akimat)


class Category(TrilingualName, TimeStampedModel):
    """A line of the hall: a letter that starts its ticket numbers (A001) and the services it
    serves. Derived from the akimat's departments (one category per department with services
    here); staff may rename, merge and reorder them."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="categories", verbose_name=_("hall"))
    letter = models.CharField(
        _("letter"),
        max_length=1,
        validators=[RegexValidator(r"^[A-Z]$", _("Use one capital Latin letter, e.g. A."))],
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    offerings = models.ManyToManyField(
        ServiceOffering, blank=True, related_name="queue_categories", verbose_name=_("services")
    )
    average_minutes = models.PositiveSmallIntegerField(
        _("average service time, minutes"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Used for booking slots and wait estimates until the hall has its own figures."),
    )
    bookable = models.BooleanField(_("open for online booking"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["hall", "order", "letter"]
        verbose_name = _("queue category")
        verbose_name_plural = _("queue categories")
        constraints = [
            models.UniqueConstraint(
                fields=["hall", "letter"],
                name="queue_category_letter_unique",
                violation_error_message=_("Another category of this hall already uses this letter."),
            ),
        ]


class Desk(TimeStampedModel):
    """A desk ("window") of the hall: the categories it serves and who is signed in at it."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="desks", verbose_name=_("hall"))
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1), MaxValueValidator(99)])
    categories = models.ManyToManyField(Category, related_name="desks", verbose_name=_("categories served"))
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="queue_desks",
        verbose_name=_("operator at the desk"),
    )
    operator_since = models.DateTimeField(null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["hall", "number"]
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        constraints = [
            models.UniqueConstraint(
                fields=["hall", "number"],
                name="queue_desk_number_unique",
                violation_error_message=_("This hall already has a desk with this number."),
            ),
            # One operator sits at one desk at a time.
            models.UniqueConstraint(
                fields=["operator"], condition=Q(operator__isnull=False), name="queue_desk_one_per_operator"
            ),
        ]

    def __str__(self) -> str:
        return str(self.number)


class DeskHours(models.Model):
    """When a desk serves on a day of the week, with an optional break."""

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="hours", verbose_name=_("desk"))
    weekday = models.PositiveSmallIntegerField(
        _("day of the week"), validators=[MaxValueValidator(6)], help_text=_("0 is Monday, 6 is Sunday.")
    )
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    break_starts = models.TimeField(_("break starts"), null=True, blank=True)
    break_ends = models.TimeField(_("break ends"), null=True, blank=True)

    class Meta:
        ordering = ["desk", "weekday"]
        verbose_name = _("desk hours")
        verbose_name_plural = _("desk hours")
        constraints = [
            models.UniqueConstraint(fields=["desk", "weekday"], name="queue_deskhours_one_per_day"),
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")),
                name="queue_deskhours_opens_before_closes",
                violation_error_message=_("The desk must open before it closes."),
            ),
            models.CheckConstraint(
                condition=(Q(break_starts__isnull=True) & Q(break_ends__isnull=True))
                | (
                    Q(break_starts__isnull=False)
                    & Q(break_ends__isnull=False)
                    & Q(break_starts__lt=models.F("break_ends"))
                    & Q(break_starts__gt=models.F("opens"))
                    & Q(break_ends__lt=models.F("closes"))
                ),
                name="queue_deskhours_break_inside",
                violation_error_message=_("A break has a start and an end, inside the opening hours."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.desk_id}/{self.weekday} {self.opens}–{self.closes}"


class PriorityGroup(TrilingualName, TimeStampedModel):
    """Residents served ahead of others: a ticket of the group is called as if it had been taken
    `weight_minutes` earlier. A weight of a day (1440) puts the group ahead of everyone."""

    class Code(models.TextChoices):
        DISABILITY = "disability", _("People with disabilities")
        ELDERLY = "elderly", _("Elderly people")
        PREGNANT = "pregnant", _("Pregnant women")
        BOOKED = "booked", _("Booked visitors")
        OTHER = "other", _("Other")

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="priority_groups", verbose_name=_("hall"))
    code = models.CharField(_("group"), max_length=16, choices=Code.choices)
    weight_minutes = models.PositiveSmallIntegerField(
        _("head start, minutes"), default=30, validators=[MaxValueValidator(1440)]
    )
    at_kiosk = models.BooleanField(
        _("offered at the kiosk"), default=True, help_text=_("Booked visitors get it by checking in, not by choice.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["hall", "order", "pk"]
        verbose_name = _("priority group")
        verbose_name_plural = _("priority groups")
        constraints = [
            models.UniqueConstraint(
                fields=["hall", "code"],
                condition=~Q(code="other"),
                name="queue_priority_one_per_code",
                violation_error_message=_("This hall already has this priority group."),
            ),
        ]


class DayCounter(models.Model):
    """The last ticket number of a category on a day (Asia/Almaty): numbers restart daily. The row
    is locked while a number is drawn, so two kiosks never print the same one."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["category", "day"], name="queue_daycounter_unique")]

    def __str__(self) -> str:
        return f"{self.category_id}/{self.day}: {self.last_number}"


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Called")
    SERVING = "serving", _("Being served")
    DONE = "done", _("Served")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)


class Ticket(TimeStampedModel):
    """A place in the queue. `order_at` is what "first come" means for it: the moment it was taken,
    less the priority group's head start; a redirected ticket keeps it, so it is not sent to the
    back of another line."""

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="tickets")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField(_("day"))
    letter = models.CharField(_("letter"), max_length=1)
    number = models.PositiveIntegerField(_("number"))
    priority = models.ForeignKey(
        PriorityGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("priority group"),
    )
    status = models.CharField(_("status"), max_length=16, choices=TicketStatus.choices, default=TicketStatus.WAITING)
    issued_at = models.DateTimeField(_("taken at"))
    order_at = models.DateTimeField()
    # Redirected to one desk: only that desk calls it.
    for_desk = models.ForeignKey(Desk, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    desk = models.ForeignKey(
        Desk, on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets", verbose_name=_("desk")
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    first_called_at = models.DateTimeField(null=True, blank=True)
    recalls = models.PositiveSmallIntegerField(_("recalls"), default=0)
    started_at = models.DateTimeField(_("service started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    redirects = models.PositiveSmallIntegerField(default=0)
    # The ticket's own page (position, estimate), reached from the QR code: found by the hash.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Only while the resident wants an SMS about their turn; erased when the ticket closes.
    phone = EncryptedTextField(_("phone"), max_length=20, blank=True)
    notify_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("application")
    )

    class Meta:
        ordering = ["hall", "order_at", "pk"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            # The letter, not the category: a redirected ticket keeps the number the resident holds.
            models.UniqueConstraint(fields=["hall", "day", "letter", "number"], name="queue_ticket_number_unique"),
        ]
        indexes = [
            models.Index(fields=["hall", "status", "order_at"], name="queue_ticket_waiting"),
            models.Index(fields=["hall", "day"], name="queue_ticket_day"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"{self.letter}{self.number:03d}"


class TicketEventKind(models.TextChoices):
    ISSUED = "issued", _("Taken")
    CHECKED_IN = "checked_in", _("Checked in with a booking")
    CALLED = "called", _("Called")
    RECALLED = "recalled", _("Called again")
    STARTED = "started", _("Service started")
    FINISHED = "finished", _("Served")
    REDIRECTED = "redirected", _("Redirected")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")
    APPLICATION = "application", _("Application registered")


class TicketEvent(models.Model):
    """One step of a ticket, for the figures and for who-did-what. Never changed once written."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("event"), max_length=16, choices=TicketEventKind.choices)
    desk = models.ForeignKey(Desk, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_label = models.CharField(_("by"), max_length=150, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["kind", "at"], name="queue_ticketevent_kind_at")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}"


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the SMS code")
    BOOKED = "booked", _("Booked")
    CHECKED_IN = "checked_in", _("Checked in")
    CANCELLED = "cancelled", _("Cancelled")
    LAPSED = "lapsed", _("Lapsed: not checked in")


# A booking in one of these holds its seat.
HOLDING_STATUSES = (BookingStatus.PENDING, BookingStatus.BOOKED, BookingStatus.CHECKED_IN)


class Booking(TimeStampedModel):
    """A time booked online. A slot holds as many bookings as desks serve its category then: each
    takes a numbered seat, and the seat's uniqueness is what keeps a slot from being given twice."""

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="bookings")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="bookings")
    day = models.DateField(_("day"))
    starts_at = models.DateTimeField(_("time"))
    seat = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(_("status"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.PENDING)
    phone = EncryptedTextField(_("phone"), max_length=20)
    # A keyed hash of the phone: the limits per person, without the number.
    phone_hash = models.CharField(max_length=64, editable=False, db_index=True)
    language = models.CharField(_("language"), max_length=2, default="kk")
    # The booking code the resident keeps (to cancel, reschedule, check in): found by its hash.
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    otp_digest = models.CharField(max_length=64, blank=True, editable=False)
    otp_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    otp_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    ticket = models.OneToOneField(Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="booking")

    class Meta:
        ordering = ["starts_at", "seat"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "starts_at", "seat"],
                condition=Q(status__in=["pending", "booked", "checked_in"]),
                name="queue_booking_one_per_seat",
            ),
            models.UniqueConstraint(
                fields=["category", "day", "phone_hash"],
                condition=Q(status__in=["pending", "booked"]),
                name="queue_booking_one_active_per_day",
            ),
        ]
        indexes = [models.Index(fields=["hall", "day", "status"], name="queue_booking_day")]
