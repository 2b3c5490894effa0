"""What residents who signed up are told, by SMS: the confirmation code, their place or the waiting
list, a place that opened up, the reminder the day before, and a cancelled reception. Registered
with the notifications app from `ReceptionsConfig.ready`; the recipient's phone is read from the
sign-up when the message goes out, so the outbox keeps no copy of it."""

from contextvars import ContextVar

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from openakimat.notifications import kinds
from openakimat.notifications.services import notify

from .models import SignUp

CODE = "receptions.code"
CODE_MINUTES = 10
# The one-time code, handed to the text while `notify` writes it; the sign-up keeps only its hash.
_code: ContextVar[str] = ContextVar("reception_code", default="")


def signup_link(signup: SignUp) -> str:
    """The resident's own page of the sign-up (see it, cancel it), in the active language."""
    return f"{settings.SITE_URL}{reverse('receptions:mine', kwargs={'token': signup.token})}"


def _when(signup: SignUp) -> str:
    moment = signup.slot_at or signup.reception.starts_at
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _host(signup: SignUp) -> str:
    return signup.reception.host_name


def _code_text(signup: SignUp) -> str:
    return _("%(otp)s is your code to confirm the sign-up for the reception. It is valid for %(minutes)s minutes.") % {
        "otp": _code.get(),
        "minutes": CODE_MINUTES,
    }


def _confirmed_text(signup: SignUp) -> str:
    return _("You are signed up for the reception of %(host)s on %(when)s. To cancel, open %(link)s") % {
        "host": _host(signup),
        "when": _when(signup),
        "link": signup_link(signup),
    }


def _waiting_text(signup: SignUp) -> str:
    return _(
        "The reception of %(host)s is full: you are on the waiting list. We will send an SMS if a place"
        " opens up. Your sign-up: %(link)s"
    ) % {"host": _host(signup), "link": signup_link(signup)}


def _promoted_text(signup: SignUp) -> str:
    return _(
        "A place opened up: you are signed up for the reception of %(host)s on %(when)s. To cancel, open %(link)s"
    ) % {"host": _host(signup), "when": _when(signup), "link": signup_link(signup)}


def _reminder_text(signup: SignUp) -> str:
    return _("Reminder: the reception of %(host)s is tomorrow, %(when)s. If you can't come, cancel: %(link)s") % {
        "host": _host(signup),
        "when": _when(signup),
        "link": signup_link(signup),
    }


def _cancelled_text(signup: SignUp) -> str:
    return _("The reception of %(host)s on %(when)s is cancelled. We are sorry. The schedule: %(link)s") % {
        "host": _host(signup),
        "when": _when(signup),
        "link": f"{settings.SITE_URL}{reverse('receptions:schedule')}",
    }


def _subject(signup: SignUp) -> str:
    return _("Reception of the akim")


def _resident(signup: SignUp) -> kinds.Recipient:
    """By SMS only, to the confirmed phone; named in logs by the sign-up, never the person."""
    return kinds.Recipient(
        phone=signup.phone, language=signup.language or "kk", reference=f"reception-signup-{signup.pk}"
    )


TEXTS = {
    CODE: _code_text,
    "receptions.confirmed": _confirmed_text,
    "receptions.waiting": _waiting_text,
    "receptions.promoted": _promoted_text,
    "receptions.reminder": _reminder_text,
    "receptions.cancelled": _cancelled_text,
}


def register_kinds() -> None:
    for name, text in TEXTS.items():
        kinds.register(kinds.Kind(name, text, _subject, _resident))


def send_code(signup: SignUp, otp: str) -> None:
    """Queue the SMS with the confirmation code `otp` in the current transaction."""
    token = _code.set(otp)
    try:
        notify(kind=CODE, obj=signup)
    finally:
        _code.reset(token)


def tell(signup: SignUp, event: str) -> None:
    """Queue the resident's message for `event` ("confirmed", "waiting", …) in the current transaction."""
    notify(kind=f"receptions.{event}", obj=signup)
