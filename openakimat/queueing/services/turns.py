"""The resident's side of a ticket: finding it by the token of its page, leaving a phone for the
SMS about their turn, and sending that SMS once the line has moved up to the hall's mark."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common.errors import ConflictError
from openakimat.common.phone import phone_normalise
from openakimat.common.tasks import enqueue_on_commit

from .. import estimates
from ..models import Hall, Ticket, TicketStatus
from ._common import local_day, token_hash


def ticket_by_token(token: str) -> Ticket | None:
    """The ticket whose page the token opens, or None (a wrong token, or a day long gone)."""
    token = (token or "").strip()
    if not token or len(token) > 64:
        return None
    return (
        Ticket.objects.select_related("hall__akimat__territory", "category", "desk", "priority")
        .filter(token_hash=token_hash(token))
        .first()
    )


def ticket_phone_set(*, ticket: Ticket, phone: str) -> Ticket:
    """Leave a phone for the SMS "your turn is near" (no sign-in: the caller found the ticket by
    its token). Only while the ticket waits and the SMS has not gone yet; it is erased when the
    ticket closes."""
    try:
        phone = phone_normalise(phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}, code="invalid") from exc
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.status != TicketStatus.WAITING:
            raise ConflictError(_("This ticket is no longer waiting."))
        if ticket.notify_sent_at is not None:
            raise ConflictError(_("The SMS about your turn has already been sent."))
        ticket.phone = phone
        ticket.save(update_fields=["phone", "updated_at"])
        queue_turn_messages(ticket.hall_id)
    return ticket


def queue_turn_messages(hall_id: int) -> None:
    """After the commit, send the turn SMS to whoever is now close enough (a task)."""
    from ..tasks import send_turn_messages

    enqueue_on_commit(send_turn_messages, hall_id)


def turns_notify(*, hall_id: int, now: datetime | None = None) -> int:
    """Send "your turn is near" to each waiting ticket of today with a phone, no SMS yet, and at
    most `hall.notify_position` people ahead; once per ticket. Returns how many were sent."""
    from ..notifications import tell_turn

    now = now or timezone.now()
    sent = 0
    hall = Hall.objects.get(pk=hall_id)
    # A ticket with at most N people ahead has at most N of its own category ahead, so it is among
    # the first N + 1 of its category: look at those only, not at every ticket waiting (whose
    # phones would each be decrypted) — a busy day's call stays a few small indexed reads.
    waiting = Ticket.objects.filter(hall_id=hall_id, day=local_day(now), status=TicketStatus.WAITING)
    candidates = [
        ticket
        for category_id in hall.categories.filter(is_active=True).values_list("pk", flat=True)
        for ticket in waiting.filter(category_id=category_id)
        .order_by("order_at", "pk")
        .select_related("hall", "category")[: hall.notify_position + 1]
        if ticket.notify_sent_at is None
    ]
    for candidate in candidates:
        if not candidate.phone:
            continue
        ahead = estimates.people_ahead(candidate)
        if ahead > candidate.hall.notify_position:
            continue
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().select_related("hall", "category").get(pk=candidate.pk)
            if ticket.notify_sent_at is not None or ticket.status != TicketStatus.WAITING or not ticket.phone:
                continue  # someone else sent it meanwhile, or it moved on
            ticket.notify_sent_at = now
            ticket.save(update_fields=["notify_sent_at", "updated_at"])
            tell_turn(ticket, ahead)
            sent += 1
    return sent
