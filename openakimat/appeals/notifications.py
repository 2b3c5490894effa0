"""What the author of an appeal is told: that it is registered (with the tracking code, which is
sent this once and never stored), that its term is extended (the new date and why), and that it is
answered. Registered with the notifications app from `AppealsConfig.ready`."""

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from openakimat.notifications import kinds
from openakimat.notifications.services import notify

from .models import Appeal
from .tracking import group_code

EVENTS_TOLD = ("registered", "extended", "answered")
# The tracking code of the appeal being registered, handed to the text while `notify` writes it.
_code: ContextVar[str] = ContextVar("appeal_tracking_code", default="")


def _track_link() -> str:
    return f"{settings.SITE_URL}{reverse('appeals:track')}"


def _texts() -> dict[str, str]:
    return {
        "registered": _(
            "Your appeal %(number)s is registered. Tracking code: %(code)s. The answer is due by %(due)s."
            " Follow it here: %(link)s"
        ),
        "extended": _("Appeal %(number)s: the term of the answer is extended to %(due)s. Reason: %(reason)s"),
        "answered": _("Appeal %(number)s is answered. Read the answer on the tracking page: %(link)s"),
    }


def _text(event: str) -> Callable[[Appeal], str]:
    def text(appeal: Appeal) -> str:
        return _texts()[event] % {
            "number": appeal.number,
            "code": group_code(_code.get()),
            "due": date_format(appeal.due_on, "DATE_FORMAT"),
            "reason": appeal.extension_reason,
            "link": _track_link(),
        }

    return text


def _subject(appeal: Appeal) -> str:
    return _("Your appeal %(number)s") % {"number": appeal.number}


def _author(appeal: Appeal) -> kinds.Recipient:
    return kinds.Recipient(
        phone=appeal.phone, email=appeal.email, language=appeal.language or "kk", reference=appeal.number
    )


def register_kinds() -> None:
    for event in EVENTS_TOLD:
        kinds.register(kinds.Kind(f"appeals.{event}", _text(event), _subject, _author))


def send_registered(appeal: Appeal, code: str) -> None:
    """Queue the registration message with the tracking code in the current transaction."""
    token = _code.set(code)
    try:
        with translation.override(appeal.language or "kk"):
            notify(kind="appeals.registered", obj=appeal)
    finally:
        _code.reset(token)


def notify_resident(appeal: Appeal, event: str) -> None:
    if event in EVENTS_TOLD:
        notify(kind=f"appeals.{event}", obj=appeal)
