"""Tickets written directly with the times a test needs (the figures read only what is stored)."""

import secrets
from datetime import datetime, timedelta

from openakimat.queueing.models import Category, Desk, Ticket, TicketStatus
from openakimat.queueing.services._common import local_day


def make_ticket(
    category: Category,
    issued_at: datetime,
    *,
    status: str = TicketStatus.DONE,
    wait: int | None = None,
    service: int | None = None,
    desk: Desk | None = None,
    number: int | None = None,
) -> Ticket:
    """A ticket of `category` taken at `issued_at`, first called `wait` minutes later, served for
    `service` minutes right after the call."""
    called = issued_at + timedelta(minutes=wait) if wait is not None else None
    started = called if service is not None else None
    finished = started + timedelta(minutes=service) if started is not None and service is not None else None
    if status in (TicketStatus.NO_SHOW, TicketStatus.CANCELLED):
        finished = (called or issued_at) + timedelta(minutes=1)
    day = local_day(issued_at)
    if number is None:
        number = Ticket.objects.filter(hall=category.hall, day=day, letter=category.letter).count() + 1
    return Ticket.objects.create(
        hall=category.hall,
        category=category,
        day=day,
        letter=category.letter,
        number=number,
        status=status,
        issued_at=issued_at,
        order_at=issued_at,
        desk=desk,
        called_at=called,
        first_called_at=called,
        started_at=started,
        finished_at=finished,
        token_hash=secrets.token_hex(32),
    )
