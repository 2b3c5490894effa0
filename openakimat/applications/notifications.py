"""What residents are told about their application, and when: the front office's message kinds,
registered with the notifications app from `ApplicationsConfig.ready`."""

from collections.abc import Callable

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from openakimat.notifications import kinds
from openakimat.notifications.services import notify

from .models import Application

# What the resident is told, per event (a status the case moved to, or another event).
EVENTS_TOLD = ("registered", "in_progress", "awaiting_documents", "ready", "refused", "issued", "withdrawn", "extended")


def _texts() -> dict[str, str]:
    return {
        "registered": _("Application %(number)s is registered. Tracking code: %(code)s. Due: %(due)s."),
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
        return _texts()[event] % {"number": application.number, "code": application.tracking_code, "due": due}

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


def notify_resident(application: Application, event: str) -> None:
    """Queue the resident's messages for `event` in the current transaction (nothing for events the
    resident needn't hear of); they are sent after the commit."""
    if event in EVENTS_TOLD:
        notify(kind=f"applications.{event}", obj=application)
