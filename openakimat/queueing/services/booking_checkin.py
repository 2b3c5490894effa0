"""A booking's arrival and its end: checking in at the kiosk with the booking code (a ticket of the
booked visitors' group), and the periodic sweep that marks the bookings nobody checked in as lapsed,
releases pending ones whose SMS code expired and, after the day, erases the phones (the keyed hash
stays, for the limit of bookings in ten days)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from openakimat.common.errors import ConflictError

from ..models import Booking, BookingStatus, Hall
from ._booking_common import code_hash, normalise_code
from .tickets import TicketIssued, ticket_issue

# Phones of the bookings of the last days are erased; a longer look back only rewrites blanks.
ERASE_LOOK_BACK_DAYS = 3


class NotFound(Exception):
    """No booking of this hall has the code."""


def booking_check_in(*, hall: Hall, code: str, now: datetime | None = None) -> tuple[Booking, TicketIssued]:
    """Check a booking in at the hall's kiosk with its code, within
    [starts_at − checkin_early_minutes, starts_at + checkin_late_minutes]: a ticket of the booked
    visitors' group. NotFound for an unknown code; ConflictError: too early, too late, already
    checked in, cancelled."""
    now = now or timezone.now()
    code = normalise_code(code)
    if len(code) < 4:
        raise NotFound
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("category__hall")
            .filter(hall=hall, code_hash=code_hash(code))
            .exclude(status=BookingStatus.PENDING)
            .first()
        )
        if booking is None:
            raise NotFound
        if booking.status == BookingStatus.CHECKED_IN:
            raise ConflictError(_("This booking is already checked in. Look for your ticket number on the board."))
        if booking.status == BookingStatus.CANCELLED:
            raise ConflictError(_("This booking was cancelled. Take a ticket at the kiosk."))
        opens = booking.starts_at - timedelta(minutes=hall.checkin_early_minutes)
        closes = booking.starts_at + timedelta(minutes=hall.checkin_late_minutes)
        if booking.status == BookingStatus.LAPSED or now > closes:
            raise ConflictError(
                _("Check-in for this booking closed at %(time)s. Take a ticket at the kiosk.")
                % {"time": time_format(timezone.localtime(closes), "H:i")}
            )
        if timezone.localtime(now).date() != booking.day or now < opens:
            raise ConflictError(
                _("It is too early: check-in opens at %(time)s on %(day)s.")
                % {"time": time_format(timezone.localtime(opens), "H:i"), "day": booking.day.strftime("%d.%m.%Y")}
            )
        issued = ticket_issue(category=booking.category, booking=booking, now=now)
    return booking, issued


@dataclass(frozen=True)
class Swept:
    lapsed: int
    released: int
    erased: int


def bookings_sweep(*, now: datetime | None = None) -> Swept:
    """The periodic job (every few minutes): BOOKED bookings whose check-in window has closed
    become LAPSED; PENDING ones whose SMS code has expired are CANCELLED (their seats freed); the
    phones of bookings of the days before today are erased. Idempotent."""
    now = now or timezone.now()
    lapsed = 0
    with transaction.atomic():
        for hall in Hall.objects.filter(bookings__status=BookingStatus.BOOKED).distinct():
            lapsed += Booking.objects.filter(
                hall=hall,
                status=BookingStatus.BOOKED,
                starts_at__lt=now - timedelta(minutes=hall.checkin_late_minutes),
            ).update(status=BookingStatus.LAPSED, updated_at=now)
        released = Booking.objects.filter(status=BookingStatus.PENDING, otp_expires_at__lt=now).update(
            status=BookingStatus.CANCELLED, updated_at=now
        )
        today = timezone.localtime(now).date()
        erased = (
            Booking.objects.filter(day__lt=today, day__gte=today - timedelta(days=ERASE_LOOK_BACK_DAYS))
            .exclude(status__in=(BookingStatus.PENDING, BookingStatus.BOOKED))
            .update(phone="", updated_at=now)
        )
    return Swept(lapsed=lapsed, released=released, erased=erased)
