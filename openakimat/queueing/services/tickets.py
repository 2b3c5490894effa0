"""Tickets: taken at the kiosk (or by checking in a booking), called to desks, served, redirected,
closed. The rules that keep the queue honest under load:

- a number is drawn under a lock on the category's counter row for the day, so two kiosks never
  print the same one, and numbers restart at local midnight (Asia/Almaty);
- "call next" takes the first waiting ticket in `order_at` order with `FOR UPDATE SKIP LOCKED`, so
  two operators pressing it together get two different tickets and neither waits for the other
  (SQLite serialises writers instead);
- every staff action asks the policy and is written to the ticket's events and the audit log in
  the same transaction; the display board learns of a call after the commit.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor, actor_user
from openakimat.common.errors import ConflictError
from openakimat.common.phone import phone_normalise
from openakimat.integrity.services import audit_record

from .. import board, permissions
from ..models import (
    OPEN_STATUSES,
    Booking,
    BookingStatus,
    Category,
    DayCounter,
    Desk,
    PriorityGroup,
    Ticket,
    TicketEventKind,
    TicketStatus,
)
from ._common import audit, event, local_day, new_token, token_hash
from .turns import queue_turn_messages


@dataclass(frozen=True)
class TicketIssued:
    ticket: Ticket
    token: str  # for the ticket's own page (the QR code); only its hash is kept


def _next_number(category: Category, day: date) -> int:
    """The category's next number of the day in one statement: the upsert creates the day's counter
    at 1 or adds one to it, holding the row's lock until the caller's transaction ends (PostgreSQL
    and SQLite both speak INSERT … ON CONFLICT … RETURNING)."""
    table = connection.ops.quote_name(DayCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (category_id, day, last_number) VALUES (%s, %s, 1) "  # noqa: S608 - our table name
            f"ON CONFLICT (category_id, day) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [category.pk, day],
        )
        return int(cursor.fetchone()[0])


def ticket_issue(
    *,
    category: Category,
    priority: PriorityGroup | None = None,
    phone: str = "",
    booking: Booking | None = None,
    language: str = "",
    now: datetime | None = None,
) -> TicketIssued:
    """Take a ticket (no sign-in: the kiosk, or the desk for a walk-in). `phone`, if given, is
    where the SMS about the resident's turn goes; it is erased when the ticket closes. A booking
    (locked and checked by the caller) becomes a ticket of the booked visitors' group. `language`
    (kk, ru, en: the kiosk's) is the one the SMS is written in."""
    now = now or timezone.now()
    hall = category.hall
    if not hall.is_open or not category.is_active:
        raise ValidationError(_("This queue is not taking tickets now."), code="closed")
    if booking is not None:
        priority = hall.priority_groups.filter(code=PriorityGroup.Code.BOOKED, is_active=True).first()
    elif priority is not None and (priority.hall_id != hall.pk or not priority.is_active or not priority.at_kiosk):
        raise ValidationError({"priority": _("Choose one of the groups offered here.")}, code="invalid")
    if phone:
        phone = phone_normalise(phone)
    day = local_day(now)
    weight = priority.weight_minutes if priority is not None else 0
    token = new_token()
    with transaction.atomic():
        number = _next_number(category, day)
        ticket = Ticket.objects.create(
            hall=hall,
            category=category,
            day=day,
            letter=category.letter,
            number=number,
            priority=priority,
            issued_at=now,
            order_at=now - timedelta(minutes=weight),
            token_hash=token_hash(token),
            phone=phone,
        )
        issued = {"priority": priority.code if priority else ""}
        if language:
            issued["language"] = language[:2]
        event(ticket, TicketEventKind.ISSUED, at=now, data=issued)
        if booking is not None:
            booking.ticket = ticket
            booking.status = BookingStatus.CHECKED_IN
            booking.save(update_fields=["ticket", "status", "updated_at"])
            event(ticket, TicketEventKind.CHECKED_IN, at=now, data={"booked_for": booking.starts_at.isoformat()})
        board.bump_on_commit(hall.pk)
    return TicketIssued(ticket=ticket, token=token)


def _locked_desk(desk: Desk) -> Desk:
    return Desk.objects.select_for_update().select_related("hall__akimat__territory").get(pk=desk.pk)


def _locked_ticket(ticket: Ticket) -> Ticket:
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("hall__akimat__territory", "desk", "category")
        .get(pk=ticket.pk)
    )


def desk_sign_in(*, actor: Actor, desk: Desk, now: datetime | None = None) -> Desk:
    """Sit at a desk: the operator leaves any other desk of theirs; a desk someone else sits at
    stays theirs until they sign out (or an administrator frees it)."""
    now = now or timezone.now()
    with transaction.atomic():
        desk = _locked_desk(desk)
        policy.require(permissions.can_operate(actor, desk.hall), _("You do not work at this hall's desks."))
        if not desk.is_active:
            raise ConflictError(_("This desk is closed."))
        if desk.operator_id == actor.pk:
            return desk
        if desk.operator_id is not None and not permissions.can_configure(actor, desk.hall):
            raise ConflictError(_("Another operator is signed in at this desk."))
        mine = Desk.objects.select_for_update().filter(operator_id=actor.pk).exclude(pk=desk.pk)
        for other in mine:
            if other.tickets.filter(status__in=OPEN_STATUSES).exists():
                raise ConflictError(_("Finish the ticket at your other desk first."))
        mine.update(operator=None, operator_since=None)
        desk.operator = actor_user(actor)
        desk.operator_since = now
        desk.save(update_fields=["operator", "operator_since", "updated_at"])
        audit_record(
            actor=actor, action="queueing.desk_sign_in", obj=desk, akimat=desk.hall.akimat, data={"desk": desk.number}
        )
    return desk


def desk_sign_out(*, actor: Actor, desk: Desk) -> Desk:
    with transaction.atomic():
        desk = _locked_desk(desk)
        policy.require(
            permissions.can_operate_desk(actor, desk) or permissions.can_configure(actor, desk.hall),
            _("You are not signed in at this desk."),
        )
        if desk.tickets.filter(status__in=OPEN_STATUSES).exists():
            raise ConflictError(_("Finish, redirect or close the ticket at this desk first."))
        desk.operator = None
        desk.operator_since = None
        desk.save(update_fields=["operator", "operator_since", "updated_at"])
        audit_record(
            actor=actor, action="queueing.desk_sign_out", obj=desk, akimat=desk.hall.akimat, data={"desk": desk.number}
        )
    return desk


def ticket_call_next(*, actor: Actor, desk: Desk, now: datetime | None = None) -> Ticket | None:
    """Call the next ticket to `desk`: of the categories it serves (or sent to this desk), the one
    first in line by `order_at` (priority head starts included). None when nobody waits."""
    now = now or timezone.now()
    with transaction.atomic():
        desk = _locked_desk(desk)
        policy.require(permissions.can_operate_desk(actor, desk), _("Sign in at this desk to call tickets."))
        if not desk.is_active:
            raise ConflictError(_("This desk is closed."))
        if Ticket.objects.filter(desk=desk, status__in=(TicketStatus.CALLED, TicketStatus.SERVING)).exists():
            raise ConflictError(_("Finish the current ticket before calling the next one."))
        categories = list(desk.categories.filter(is_active=True).values_list("pk", flat=True))
        waiting = (
            Ticket.objects.filter(hall_id=desk.hall_id, status=TicketStatus.WAITING, day=local_day(now))
            .filter(Q(for_desk__isnull=True, category_id__in=categories) | Q(for_desk=desk))
            .order_by("order_at", "pk")
            .select_for_update(skip_locked=True)
        )
        ticket = waiting.first()
        if ticket is None:
            return None
        ticket.status = TicketStatus.CALLED
        ticket.desk = desk
        ticket.operator = actor_user(actor)
        ticket.called_at = now
        ticket.first_called_at = ticket.first_called_at or now
        ticket.for_desk = None
        ticket.save(
            update_fields=["status", "desk", "operator", "called_at", "first_called_at", "for_desk", "updated_at"]
        )
        ticket.hall = desk.hall
        event(ticket, TicketEventKind.CALLED, at=now, actor=actor, desk=desk)
        audit(actor, "ticket_call", ticket, desk=desk.number)
        board.bump_on_commit(desk.hall_id)
        queue_turn_messages(desk.hall_id)
    return ticket


def _at_my_desk(actor: Actor, ticket: Ticket, *statuses: str) -> tuple[Ticket, Desk]:
    ticket = _locked_ticket(ticket)
    desk = ticket.desk
    if desk is None or not permissions.can_operate_desk(actor, desk):
        raise policy.deny(_("This ticket is not at your desk."))
    if ticket.status not in statuses:
        raise ConflictError(
            _("Ticket %(code)s is %(status)s now.")
            % {"code": ticket.code, "status": ticket.get_status_display().lower()}
        )
    return ticket, desk


def ticket_recall(*, actor: Actor, ticket: Ticket, now: datetime | None = None) -> Ticket:
    """Call the same ticket again (the resident did not come up)."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket, desk = _at_my_desk(actor, ticket, TicketStatus.CALLED)
        ticket.recalls += 1
        ticket.called_at = now
        ticket.save(update_fields=["recalls", "called_at", "updated_at"])
        event(ticket, TicketEventKind.RECALLED, at=now, actor=actor, desk=desk, data={"recall": ticket.recalls})
        audit(actor, "ticket_recall", ticket, desk=desk.number, recall=ticket.recalls)
        board.bump_on_commit(ticket.hall_id)
    return ticket


def ticket_start(*, actor: Actor, ticket: Ticket, now: datetime | None = None) -> Ticket:
    """The resident came up: service starts."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket, desk = _at_my_desk(actor, ticket, TicketStatus.CALLED)
        ticket.status = TicketStatus.SERVING
        ticket.started_at = now
        ticket.save(update_fields=["status", "started_at", "updated_at"])
        event(ticket, TicketEventKind.STARTED, at=now, actor=actor, desk=desk)
        audit(actor, "ticket_start", ticket, desk=desk.number)
    return ticket


def ticket_finish(*, actor: Actor, ticket: Ticket, now: datetime | None = None) -> Ticket:
    """Service done. (An application registered for the resident is linked afterwards.)"""
    now = now or timezone.now()
    with transaction.atomic():
        ticket, desk = _at_my_desk(actor, ticket, TicketStatus.SERVING)
        ticket.status = TicketStatus.DONE
        ticket.finished_at = now
        ticket.phone = ""
        ticket.save(update_fields=["status", "finished_at", "phone", "updated_at"])
        event(ticket, TicketEventKind.FINISHED, at=now, actor=actor, desk=desk)
        audit(actor, "ticket_finish", ticket, desk=desk.number)
        board.bump_on_commit(ticket.hall_id)
    return ticket


def ticket_no_show(*, actor: Actor, ticket: Ticket, now: datetime | None = None) -> Ticket:
    """The resident did not come up after the hall's number of recalls."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket, desk = _at_my_desk(actor, ticket, TicketStatus.CALLED)
        needed = ticket.hall.recalls_before_no_show
        if ticket.recalls < needed:
            raise ConflictError(
                _("Call ticket %(code)s again first: %(left)s more time(s) before it can be marked as not come.")
                % {"code": ticket.code, "left": needed - ticket.recalls}
            )
        ticket.status = TicketStatus.NO_SHOW
        ticket.finished_at = now
        ticket.phone = ""
        ticket.save(update_fields=["status", "finished_at", "phone", "updated_at"])
        event(ticket, TicketEventKind.NO_SHOW, at=now, actor=actor, desk=desk)
        audit(actor, "ticket_no_show", ticket, desk=desk.number, recalls=ticket.recalls)
        board.bump_on_commit(ticket.hall_id)
    return ticket


def ticket_redirect(
    *,
    actor: Actor,
    ticket: Ticket,
    category: Category | None = None,
    desk: Desk | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Send the resident on to another category or desk. The ticket waits again but keeps its
    `order_at`: it goes ahead of those who came after it, not to the back of the line."""
    now = now or timezone.now()
    if category is None and desk is None:
        raise ValidationError(_("Choose where to send the resident: a category or a desk."), code="required")
    with transaction.atomic():
        ticket, from_desk = _at_my_desk(actor, ticket, TicketStatus.CALLED, TicketStatus.SERVING)
        target = category or ticket.category
        if target.hall_id != ticket.hall_id or not target.is_active:
            raise ValidationError({"category": _("Choose a category of this hall.")}, code="invalid")
        if desk is not None:
            if desk.hall_id != ticket.hall_id or not desk.is_active or desk.pk == from_desk.pk:
                raise ValidationError({"desk": _("Choose another open desk of this hall.")}, code="invalid")
            if not desk.categories.filter(pk=target.pk).exists():
                raise ValidationError({"desk": _("That desk does not serve this category.")}, code="invalid")
        data = {"from_category": ticket.category.letter, "to_category": target.letter, "from_desk": from_desk.number}
        if desk is not None:
            data["to_desk"] = desk.number
        ticket.category = target
        ticket.status = TicketStatus.WAITING
        ticket.for_desk = desk
        ticket.desk = None
        ticket.operator = None
        ticket.called_at = None
        ticket.started_at = None
        ticket.recalls = 0
        ticket.redirects += 1
        ticket.save(
            update_fields=[
                "category",
                "status",
                "for_desk",
                "desk",
                "operator",
                "called_at",
                "started_at",
                "recalls",
                "redirects",
                "updated_at",
            ]
        )
        event(ticket, TicketEventKind.REDIRECTED, at=now, actor=actor, desk=from_desk, data=data)
        audit(actor, "ticket_redirect", ticket, **data)
        board.bump_on_commit(ticket.hall_id)
    return ticket


def ticket_cancel(*, actor: Actor | None, ticket: Ticket, now: datetime | None = None) -> Ticket:
    """Give up a waiting ticket: the resident from the ticket's page (`actor` None: the caller
    found the ticket by its token), or an operator of the hall."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked_ticket(ticket)
        if actor is not None:
            policy.require(permissions.can_operate(actor, ticket.hall), _("You do not work at this hall's desks."))
        if ticket.status != TicketStatus.WAITING:
            raise ConflictError(_("Only a waiting ticket can be cancelled."))
        ticket.status = TicketStatus.CANCELLED
        ticket.finished_at = now
        ticket.phone = ""
        ticket.save(update_fields=["status", "finished_at", "phone", "updated_at"])
        event(ticket, TicketEventKind.CANCELLED, at=now, actor=actor)
        if actor is not None:
            audit(actor, "ticket_cancel", ticket)
    return ticket


def tickets_close_day(*, before: date, now: datetime | None = None) -> int:
    """Close what the days before `before` left open (the hall shut with people still waiting):
    cancelled, phones erased. The nightly job; returns how many."""
    now = now or timezone.now()
    closed = 0
    with transaction.atomic():
        for ticket in Ticket.objects.select_for_update().filter(day__lt=before, status__in=OPEN_STATUSES):
            ticket.status = TicketStatus.CANCELLED
            ticket.finished_at = now
            ticket.phone = ""
            ticket.save(update_fields=["status", "finished_at", "phone", "updated_at"])
            event(ticket, TicketEventKind.CANCELLED, at=now, data={"reason": "day_closed"})
            closed += 1
    return closed
