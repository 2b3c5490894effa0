"""What the queue's services share: the local day, tokens and keyed hashes, events and the audit."""

import base64
import hashlib
import secrets
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.crypto import salted_hmac

from openakimat.common.actor import Actor, actor_label
from openakimat.integrity.services import audit_record

from ..models import Desk, Ticket, TicketEvent


def local_day(moment: datetime) -> date:
    """The hall's day of a moment: Asia/Almaty (the project's time zone), so numbers restart at
    local midnight."""
    return timezone.localtime(moment).date()


def new_token() -> str:
    """24 capital letters and digits (120 random bits): unguessable, easy to type from a receipt."""
    return base64.b32encode(secrets.token_bytes(15)).decode("ascii")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().upper().encode()).hexdigest()


def phone_hash(phone: str) -> str:
    return salted_hmac("openakimat.queueing.phone", phone, algorithm="sha256").hexdigest()


def event(
    ticket: Ticket,
    kind: str,
    *,
    at: datetime,
    actor: Actor | None = None,
    desk: Desk | None = None,
    data: dict[str, Any] | None = None,
) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        at=at,
        kind=kind,
        desk=desk,
        actor_label=actor_label(actor) if actor is not None else "resident",
        data=data or {},
    )


def audit(actor: Actor | None, action: str, ticket: Ticket, **data: Any) -> None:
    """A staff action on a ticket, in the audit log (numbers and desks only, nothing personal)."""
    audit_record(
        actor=actor,
        action=f"queueing.{action}",
        obj=ticket,
        akimat=ticket.hall.akimat,
        data={"ticket": ticket.code, "day": ticket.day.isoformat(), **data},
    )
