"""What residents are told about their application, and when: the front office's message kinds,
registered with the notifications app from `ApplicationsConfig.ready`."""

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from openakimat.notifications import kinds
from openakimat.notifications.services import notify

from .models import Application
from .tracking import tracking_link

# What the resident is told, per event (a status the case moved to, or another event).
EVENTS_TOLD = ("registered", "in_progress", "awaiting_documents", "ready", "refused", "issued", "withdrawn", "extended")


def _texts() -> dict[str, str]:
    return {
        "registered": _(
            "Application %(number)s is registered. Tracking code: %(code)s. Due: %(due)s. Follow it here: %(link)s"
        ),
        "in_progress": _("Application %(number)s has been taken into work by the department."),
        "awaiting_documents": _("Application %(number)s: documents are needed. Details on the tracking page."),
        "ready": _("Application %(number)s: the result is ready. Collect it at the front office."),
        "refused": _("Application %(number)s: a decision has been made. Collect it at the front office."),
        "issued": _("Application %(number)s: the result has been handed over. Thank you."),
        "withdrawn": _("Application %(number)s has been withdrawn."),
        "extended": _("Application %(number)s: the term has been extended. New due date: %(due)s."),
    }


def _text(event: str) -> Callable[[Application], str]:
    def text(application: Application) -> str:
        due = date_format(timezone.localtime(application.due_at), "DATETIME_FORMAT")
        number, code = application.number, application.tracking_code
        link = tracking_link(number, code, translation.get_language() or "kk")
        return _texts()[event] % {"number": number, "code": code, "due": due, "link": link}

    return text


def _subject(application: Application) -> str:
    return _("Your application %(number)s") % {"number": application.number}


def _resident(application: Application) -> kinds.Recipient:
    return kinds.Recipient(
        phone=application.applicant_phone,
        email=application.applicant_email,
        language=application.language or "kk",
        reference=application.number,
    )


def register_kinds() -> None:
    for event in EVENTS_TOLD:
        kinds.register(kinds.Kind(f"applications.{event}", _text(event), _subject, _resident))
    kinds.register(kinds.Kind(WITHDRAWAL_CODE, _withdrawal_code_text, _subject, _resident_phone))


# The one-time code that confirms a resident's withdrawal: handed to the text through a context
# variable while `notify` writes the message; the case keeps no copy of it.
WITHDRAWAL_CODE = "applications.withdrawal_code"
_withdrawal_code: ContextVar[str] = ContextVar("withdrawal_code", default="")


def _withdrawal_code_text(application: Application) -> str:
    return _(
        "%(otp)s is your code to withdraw application %(number)s. It is valid for %(minutes)s minutes."
        " If you did not ask for it, ignore this message: nothing changes without the code."
    ) % {"otp": _withdrawal_code.get(), "number": application.number, "minutes": settings.WITHDRAWAL_CODE_MINUTES}


def _resident_phone(application: Application) -> kinds.Recipient:
    """The resident by SMS only: the code goes to the phone given in the application."""
    return kinds.Recipient(
        phone=application.applicant_phone, language=application.language or "kk", reference=application.number
    )


def send_withdrawal_code(application: Application, otp: str) -> None:
    """Queue the SMS with the withdrawal code `otp` in the current transaction."""
    token = _withdrawal_code.set(otp)
    try:
        notify(kind=WITHDRAWAL_CODE, obj=application)
    finally:
        _withdrawal_code.reset(token)


def notify_resident(application: Application, event: str) -> None:
    """Queue the resident's messages for `event` in the current transaction (nothing for events the
    resident needn't hear of); they are sent after the commit."""
    if event in EVENTS_TOLD:
        notify(kind=f"applications.{event}", obj=application)
