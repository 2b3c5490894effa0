"""What a resident who books a time online is told, by SMS: the code that confirms the phone, and
the booking code with the time (again when the time is moved). Registered with the notifications
app from `QueueingConfig.ready`; the phone is read from the booking when the message goes out."""

from contextvars import ContextVar

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from openakimat.notifications import kinds
from openakimat.notifications.services import notify

from .models import Booking

OTP = "queueing.booking_otp"
BOOKED = "queueing.booked"
MOVED = "queueing.booking_moved"
CODE_MINUTES = 10
# The one-time SMS code or the booking code, handed to the text while `notify` writes it.
_secret: ContextVar[str] = ContextVar("booking_secret", default="")


def _when(booking: Booking) -> str:
    return date_format(timezone.localtime(booking.starts_at), "DATETIME_FORMAT")


def _otp_text(booking: Booking) -> str:
    return _("%(otp)s is your code to confirm the booking in the queue. It is valid for %(minutes)s minutes.") % {
        "otp": _secret.get(),
        "minutes": CODE_MINUTES,
    }


def _booked_text(booking: Booking) -> str:
    return _(
        "You are booked in the queue of %(hall)s, %(letter)s, on %(when)s. Your booking code: %(code)s. Type it"
        " at the kiosk on arrival."
    ) % {"hall": booking.hall, "letter": booking.category.letter, "when": _when(booking), "code": _secret.get()}


def _moved_text(booking: Booking) -> str:
    return _("Your booking in the queue of %(hall)s is moved to %(when)s. The booking code stays the same.") % {
        "hall": booking.hall,
        "when": _when(booking),
    }


def _subject(booking: Booking) -> str:
    return _("Queue booking")


def _resident(booking: Booking) -> kinds.Recipient:
    return kinds.Recipient(
        phone=booking.phone, language=booking.language or "kk", reference=f"queue-booking-{booking.pk}"
    )


TEXTS = {OTP: _otp_text, BOOKED: _booked_text, MOVED: _moved_text}


def register_kinds() -> None:
    for name, text in TEXTS.items():
        kinds.register(kinds.Kind(name, text, _subject, _resident))


def send(kind: str, booking: Booking, secret: str = "") -> None:
    """Queue the message in the current transaction (the secret only in its text)."""
    token = _secret.set(secret)
    try:
        notify(kind=kind, obj=booking)
    finally:
        _secret.reset(token)
