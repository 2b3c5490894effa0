"""Online booking of a time in the queue, without an account: choose a category and a free time,
prove the phone with the SMS code, keep the booking code (shown once and sent by SMS; only its
keyed hash is stored). With the code (and the phone's last four digits) the resident cancels or
moves the booking; at the kiosk the code alone checks them in, within the hall's window around the
booked time, and they get a ticket of the booked visitors' group.

Limits, counted by the phone's keyed hash: one booking per category and day; no more than
`hall.bookings_per_ten_days` in any ten days in a row (pending, booked, checked in and lapsed ones
count, cancelled ones do not). A time's seats are numbered; a unique constraint keeps a seat from
being given twice, and a resident who loses the race takes the next seat, or is told the time was
just taken. A pending booking holds its seat until its SMS code expires.
"""

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common.errors import ConflictError
from openakimat.common.phone import phone_normalise
from openakimat.common.ratelimit import HOUR, hit_for
from openakimat.integrity.services import audit_record

from ..booking_notifications import BOOKED, CODE_MINUTES, MOVED, OTP, send
from ..models import Booking, BookingStatus, Category
from ._booking_common import (
    OTP_DIGITS,
    bad_code,
    check_one_a_day,
    check_open,
    check_ten_days,
    code_hash,
    limit,
    lock_phone,
    new_booking_code,
    normalise_code,
    otp_digest,
    take_seat,
)
from ._common import phone_hash

STARTS, CODES = "queue-booking-start", "queue-booking-code"


def _audit(action: str, booking: Booking, **data: object) -> None:
    audit_record(
        actor="resident",
        action=f"queueing.{action}",
        obj=booking,
        akimat=booking.hall.akimat,
        data={"category": booking.category.letter, "starts_at": booking.starts_at.isoformat(), **data},
    )


def _issue_otp(booking: Booking, now: datetime) -> None:
    otp = f"{secrets.randbelow(10**OTP_DIGITS):0{OTP_DIGITS}d}"
    booking.otp_expires_at = now + timedelta(minutes=CODE_MINUTES)
    booking.otp_digest = otp_digest(booking.pk, otp, booking.otp_expires_at.timestamp())
    booking.otp_attempts = 0
    booking.save(update_fields=["otp_digest", "otp_expires_at", "otp_attempts", "updated_at"])
    send(OTP, booking, otp)


def booking_start(
    *,
    category: Category,
    starts_at: datetime,
    phone: str,
    language: str = "kk",
    client: str = "unknown",
    now: datetime | None = None,
) -> Booking:
    """Hold a seat of the time for `phone` and send it the SMS code. A pending booking of the same
    phone in the category on that day gives way to this one. ConflictError: a limit, or the time
    was just taken; RateLimited past the bookings of one address or the codes to one phone."""
    now = now or timezone.now()
    hall = category.hall
    if not (hall.is_open and category.is_active and category.bookable):
        raise ConflictError(_("This category is not open for online booking."))
    try:
        phone = phone_normalise(phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from None
    digest = phone_hash(phone)
    hit_for(STARTS, f"client:{client}", limit=limit("QUEUE_BOOKINGS_PER_HOUR", 10), window=HOUR)
    hit_for(CODES, f"phone:{digest}", limit=limit("QUEUE_BOOKING_CODES_PER_HOUR", 5), window=HOUR)
    day = timezone.localtime(starts_at).date()
    check_open(category, starts_at, now)
    with transaction.atomic():
        lock_phone(digest)
        Booking.objects.filter(category=category, day=day, phone_hash=digest, status=BookingStatus.PENDING).update(
            status=BookingStatus.CANCELLED, updated_at=now
        )
        check_one_a_day(category, digest, day)
        check_ten_days(category, digest, day, now)
        booking = Booking(
            phone=phone,
            phone_hash=digest,
            language=language if language in ("kk", "ru", "en") else "kk",
            # A placeholder until the phone is confirmed: the real code is made then.
            code_hash=code_hash(new_booking_code() + secrets.token_hex(8)),
            status=BookingStatus.PENDING,
        )
        take_seat(booking, category, starts_at, now)
        _issue_otp(booking, now)
        _audit("booking_start", booking)
    return booking


def booking_otp_resend(*, booking: Booking, now: datetime | None = None) -> Booking:
    """A new SMS code for a pending booking (the old one stops working)."""
    now = now or timezone.now()
    hit_for(CODES, f"phone:{booking.phone_hash}", limit=limit("QUEUE_BOOKING_CODES_PER_HOUR", 5), window=HOUR)
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("hall__akimat", "category").get(pk=booking.pk)
        if booking.status != BookingStatus.PENDING:
            raise ConflictError(_("This booking is no longer waiting for a code. Please book again."))
        if booking.starts_at <= now:
            raise ConflictError(_("This time has passed. Please book again."))
        _issue_otp(booking, now)
    return booking


def _check_otp(booking: Booking, otp: str, now: datetime) -> ValidationError | None:
    if booking.otp_attempts >= limit("QUEUE_BOOKING_CODE_ATTEMPTS", 5):
        return bad_code(_("Too many wrong codes. Ask for a new code."), "spent")
    if booking.otp_expires_at is None or now > booking.otp_expires_at:
        return bad_code(_("This code has expired. Ask for a new code."), "expired")
    typed = "".join((otp or "").split())
    expected = otp_digest(booking.pk, typed, booking.otp_expires_at.timestamp())
    if not (typed.isascii() and typed.isdigit() and len(typed) == OTP_DIGITS) or not secrets.compare_digest(
        expected, booking.otp_digest
    ):
        return bad_code(_("This code is wrong. Check the SMS and type its six digits."), "wrong")
    return None


def booking_confirm(*, booking: Booking, otp: str, now: datetime | None = None) -> tuple[Booking, str]:
    """Confirm the phone with the SMS code: the booking is made, and its booking code is returned
    (to show once) and sent by SMS. A wrong, expired or spent code raises a ValidationError on
    "code" (a wrong one counts a try)."""
    now = now or timezone.now()
    error = None
    code = ""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("hall__akimat", "category").get(pk=booking.pk)
        if booking.status != BookingStatus.PENDING:
            raise ConflictError(_("This booking is no longer waiting for a code. Please book again."))
        error = _check_otp(booking, otp, now)
        if error is not None:
            if error.error_dict["code"][0].code == "wrong":
                booking.otp_attempts += 1
                booking.save(update_fields=["otp_attempts", "updated_at"])
        else:
            code = new_booking_code()
            booking.status = BookingStatus.BOOKED
            booking.code_hash = code_hash(code)
            booking.confirmed_at = now
            booking.otp_digest, booking.otp_expires_at = "", None
            booking.save(
                update_fields=["status", "code_hash", "confirmed_at", "otp_digest", "otp_expires_at", "updated_at"]
            )
            send(BOOKED, booking, code)
            _audit("booking_confirm", booking)
    if error is not None:
        raise error
    return booking, code


def booking_find(code: str, last_digits: str = "", *, check_phone: bool = True) -> Booking | None:
    """The booking with this code (and, with `check_phone`, whose phone ends in `last_digits`)."""
    code = normalise_code(code)
    if len(code) < 4:
        return None
    booking = Booking.objects.select_related("hall__akimat__territory", "category").filter(code_hash=code_hash(code))
    found = booking.exclude(status=BookingStatus.PENDING).first()
    if found is None:
        return None
    if check_phone:
        digits = "".join(ch for ch in (last_digits or "") if ch.isdigit())
        if len(digits) != 4 or not found.phone or not secrets.compare_digest(found.phone[-4:], digits):
            return None
    return found


def _locked_booked(booking: Booking, now: datetime) -> Booking:
    booking = Booking.objects.select_for_update().select_related("hall__akimat", "category").get(pk=booking.pk)
    if booking.status != BookingStatus.BOOKED or booking.starts_at <= now:
        raise ConflictError(_("This booking can no longer be changed."))
    return booking


def booking_cancel(*, booking: Booking, now: datetime | None = None) -> Booking:
    """The resident cancels: the seat is free for others at once."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _locked_booked(booking, now)
        booking.status = BookingStatus.CANCELLED
        booking.save(update_fields=["status", "updated_at"])
        _audit("booking_cancel", booking)
    return booking


def booking_reschedule(*, booking: Booking, starts_at: datetime, now: datetime | None = None) -> Booking:
    """Move the booking to another free time of its category, in one transaction: its old seat is
    released and the new one taken together (the same limits apply; on failure nothing changes)."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _locked_booked(booking, now)
        lock_phone(booking.phone_hash)
        day = timezone.localtime(starts_at).date()
        category = booking.category
        if starts_at == booking.starts_at:
            return booking
        check_open(category, starts_at, now)
        check_one_a_day(category, booking.phone_hash, day, exclude=booking.pk)
        check_ten_days(category, booking.phone_hash, day, now, exclude=booking.pk)
        old = booking.starts_at
        take_seat(booking, category, starts_at, now)
        send(MOVED, booking)
        _audit("booking_reschedule", booking, moved_from=old.isoformat())
    return booking
