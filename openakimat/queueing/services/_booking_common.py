"""What the booking services share: the booking code, the SMS code's digest, the seat and the
limits per phone."""

import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from openakimat.common.calendar import ALMATY
from openakimat.common.errors import ConflictError

from .. import slots
from ..models import HOLDING_STATUSES, Booking, BookingStatus, Category

# No 0/O, 1/I/L: a code read from an SMS and typed at a kiosk. 8 of 31 signs, about 40 bits; the
# look-ups are rate-limited and a code is good only until its day is over.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
OTP_DIGITS = 6
# The statuses that count towards the limit of bookings per phone in ten days. A lapsed booking
# (not checked in) counts: it kept a time from others; a cancelled one does not.
COUNTED_STATUSES = (BookingStatus.PENDING, BookingStatus.BOOKED, BookingStatus.CHECKED_IN, BookingStatus.LAPSED)


def new_booking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return cleaned[:32]


def code_hash(code: str) -> str:
    return salted_hmac("openakimat.queueing.booking", normalise_code(code), algorithm="sha256").hexdigest()


def show_code(code: str) -> str:
    """ABCD-EFGH: easier to read out and type."""
    return f"{code[:4]}-{code[4:]}"


def otp_digest(booking_id: int, otp: str, expires: float) -> str:
    return salted_hmac("openakimat.queueing.otp", f"{booking_id}:{otp}:{expires}", algorithm="sha256").hexdigest()


def limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def lock_phone(digest: str) -> None:
    """Serialise one phone's bookings (the limits are counted, then a row written). PostgreSQL: a
    transaction-level advisory lock; SQLite serialises writers anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"queue-booking:{digest}"])


def check_ten_days(category: Category, digest: str, day: date, now: datetime, *, exclude: int | None = None) -> None:
    """No more than `hall.bookings_per_ten_days` bookings of one phone in any ten days in a row
    (all categories of the hall): every ten-day window holding `day` is counted."""
    most = category.hall.bookings_per_ten_days
    rows = Booking.objects.filter(
        slots.holding_q(now) | ~Q(status=BookingStatus.PENDING),
        hall_id=category.hall_id,
        phone_hash=digest,
        status__in=COUNTED_STATUSES,
        day__gte=day - timedelta(days=9),
        day__lte=day + timedelta(days=9),
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    days = list(rows.values_list("day", flat=True))
    for offset in range(10):
        start = day - timedelta(days=offset)
        if sum(start <= d <= start + timedelta(days=9) for d in days) + 1 > most:
            raise ConflictError(
                _("You can book no more than %(count)s times in ten days. Come without booking, or book a later day.")
                % {"count": most}
            )


def check_one_a_day(category: Category, digest: str, day: date, *, exclude: int | None = None) -> None:
    rows = Booking.objects.filter(category=category, day=day, phone_hash=digest, status=BookingStatus.BOOKED)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    if rows.exists():
        raise ConflictError(_("This phone already has a booking in this category on this day."))


class SlotTaken(ConflictError):
    """Another resident took the last free seat of the time first."""


def just_taken() -> SlotTaken:
    return SlotTaken(_("This time was just taken. Please choose another time."))


def not_open() -> ConflictError:
    return ConflictError(_("This time is not open for booking. Please choose another time."))


def check_open(category: Category, starts_at: datetime, now: datetime) -> int:
    """The seats of the time; ConflictError if it is not offered."""
    seats = slots.slot_seats(category, starts_at, now)
    if seats < 1:
        raise not_open()
    return seats


def take_seat(booking: Booking, category: Category, starts_at: datetime, now: datetime) -> Booking:
    """Give `booking` (new, or being moved) the first free seat of the slot, saving it. Call inside
    a transaction. Expired pending bookings of the slot give their seats up first. Two residents
    taking the same seat at once: the unique constraint refuses the second, who tries the next
    seat; with none left, "this time was just taken"."""
    seats = check_open(category, starts_at, now)
    Booking.objects.filter(
        category=category, starts_at=starts_at, status=BookingStatus.PENDING, otp_expires_at__lt=now
    ).update(status=BookingStatus.CANCELLED, updated_at=now)
    held = set(
        Booking.objects.filter(category=category, starts_at=starts_at, status__in=HOLDING_STATUSES)
        .exclude(pk=booking.pk)
        .values_list("seat", flat=True)
    )
    for seat in range(1, seats + 1):
        if seat in held:
            continue
        booking.category, booking.hall_id, booking.starts_at, booking.seat = category, category.hall_id, starts_at, seat
        booking.day = timezone.localtime(starts_at, ALMATY).date()
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError:
            if booking.phone_hash and _phone_has_day(booking):
                raise ConflictError(_("This phone already has a booking in this category on this day.")) from None
            continue
        return booking
    raise just_taken()


def _phone_has_day(booking: Booking) -> bool:
    rows = Booking.objects.filter(
        category_id=booking.category_id,
        day=booking.day,
        phone_hash=booking.phone_hash,
        status__in=(BookingStatus.PENDING, BookingStatus.BOOKED),
    )
    if booking.pk:
        rows = rows.exclude(pk=booking.pk)
    return rows.exists()


def bad_code(message: str, code: str) -> ValidationError:
    return ValidationError({"code": ValidationError(message, code=code)})
