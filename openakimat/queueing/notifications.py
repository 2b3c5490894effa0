"""What a resident waiting remotely is told, by SMS: that their turn is near. Registered with the
notifications app from `QueueingConfig.ready`; the phone is read from the ticket when the message
goes out (and erased when the ticket closes), so the outbox keeps no copy of it."""

from contextvars import ContextVar

from django.utils.translation import gettext as _

from openakimat.notifications import kinds
from openakimat.notifications.services import notify

from .models import Ticket, TicketEventKind

TURN = "queueing.turn"
# The people ahead when the message is written, handed to the text while `notify` writes it.
_ahead: ContextVar[int] = ContextVar("queue_ahead", default=0)


def ticket_language(ticket: Ticket) -> str:
    """The language the ticket was taken in (the kiosk's), kk when not known."""
    issued = ticket.events.filter(kind=TicketEventKind.ISSUED).order_by("pk").first()
    language = (issued.data or {}).get("language", "") if issued else ""
    return language if language in kinds.LANGUAGES else "kk"


def _turn_text(ticket: Ticket) -> str:
    ahead = _ahead.get()
    if ahead <= 0:
        return _("Ticket %(code)s: you are next in line. Please come to the hall and watch the board.") % {
            "code": ticket.code
        }
    return _("Ticket %(code)s: you are number %(place)s in line, %(ahead)s ahead of you. Please come to the hall.") % {
        "code": ticket.code,
        "place": ahead + 1,
        "ahead": ahead,
    }


def _subject(ticket: Ticket) -> str:
    return _("Your turn in the queue")


def _resident(ticket: Ticket) -> kinds.Recipient:
    """By SMS only; named in logs by the ticket, never the person."""
    return kinds.Recipient(phone=ticket.phone, language=ticket_language(ticket), reference=f"queue-ticket-{ticket.pk}")


def register_kinds() -> None:
    kinds.register(kinds.Kind(TURN, _turn_text, _subject, _resident))


def tell_turn(ticket: Ticket, ahead: int) -> None:
    """Queue the SMS "your turn is near" in the current transaction."""
    token = _ahead.set(ahead)
    try:
        notify(kind=TURN, obj=ticket)
    finally:
        _ahead.reset(token)
