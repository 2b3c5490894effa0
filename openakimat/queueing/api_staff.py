"""The queue's staff API, by a signed-in session or a bearer token: an operator signed in at a desk
calls the next ticket and serves it; every staff role of the territory reads a hall's figures. The
same policy (`permissions`) and services as the desk's pages.

A hall, desk or ticket the caller may not see is not found (404); one they see but may not work is
refused (403); a desk they are not signed in at, or a ticket not at their desk or in another state,
is a conflict (409)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from openakimat.api.auth import staff_auth
from openakimat.common.actor import Actor
from openakimat.common.errors import ConflictError
from openakimat.common.schemas import DatabaseId, ErrorOut

from . import figures, permissions, services
from .models import Desk, Hall, Ticket
from .schemas import CallOut, FiguresOut, PeriodQuery, StaffTicketOut
from .views_figures import DEFAULT_DAYS

router = Router(tags=["staff"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _visible_halls(actor: Actor):  # type: ignore[no-untyped-def]
    return Hall.objects.filter(permissions.halls_q(actor))


def _ticket_out(ticket: Ticket) -> dict:
    return {
        "id": ticket.pk,
        "code": ticket.code,
        "category": ticket.letter if ticket.category_id is None else ticket.category.letter,
        "status": ticket.status,
        "desk": ticket.desk.number if ticket.desk_id else None,
        "recalls": ticket.recalls,
        "issued_at": ticket.issued_at,
        "called_at": ticket.called_at,
        "started_at": ticket.started_at,
        "finished_at": ticket.finished_at,
    }


def _my_desk(actor: Actor, desk_id: int) -> Desk:
    desk = (
        Desk.objects.filter(pk=desk_id, hall__in=_visible_halls(actor))
        .select_related("hall__akimat__territory")
        .first()
    )
    if desk is None:
        raise Http404
    if not permissions.can_operate(actor, desk.hall):
        raise PermissionDenied
    if desk.operator_id != getattr(actor, "pk", None):
        raise ConflictError(_("Sign in at this desk to call tickets."))
    return desk


def _my_ticket(actor: Actor, ticket_id: int) -> Ticket:
    ticket = (
        Ticket.objects.filter(pk=ticket_id, hall__in=_visible_halls(actor))
        .select_related("hall__akimat__territory", "desk", "category")
        .first()
    )
    if ticket is None:
        raise Http404
    if not permissions.can_operate(actor, ticket.hall):
        raise PermissionDenied
    if ticket.desk is None or ticket.desk.operator_id != getattr(actor, "pk", None):
        raise ConflictError(_("This ticket is not at your desk."))
    return ticket


@router.post(
    "/staff/queue/desks/{desk_id}/call-next",
    auth=staff_auth,
    response={200: CallOut, **ERRORS},
    summary="Call the next ticket to one's desk",
)
def call_next(request: HttpRequest, desk_id: DatabaseId):  # type: ignore[no-untyped-def]
    """The first ticket in line of the categories the desk serves (priority head starts counted),
    or null when nobody waits. 409 when the caller is not signed in at the desk or has a ticket
    there still open."""
    desk = _my_desk(request.auth, desk_id)  # type: ignore[arg-type]
    ticket = services.ticket_call_next(actor=request.auth, desk=desk)  # type: ignore[arg-type]
    if ticket is not None:
        ticket.desk = desk
    return {"ticket": _ticket_out(ticket) if ticket is not None else None}


def _act(request: HttpRequest, ticket_id: int, service) -> dict:  # type: ignore[no-untyped-def]
    ticket = _my_ticket(request.auth, ticket_id)  # type: ignore[arg-type]
    desk, category = ticket.desk, ticket.category
    done = service(actor=request.auth, ticket=ticket)
    done.desk, done.category = desk, category
    return _ticket_out(done)


@router.post(
    "/staff/queue/tickets/{ticket_id}/start",
    auth=staff_auth,
    response={200: StaffTicketOut, **ERRORS},
    summary="The resident came up: start serving the ticket",
)
def start(request: HttpRequest, ticket_id: DatabaseId):  # type: ignore[no-untyped-def]
    return _act(request, ticket_id, services.ticket_start)


@router.post(
    "/staff/queue/tickets/{ticket_id}/finish",
    auth=staff_auth,
    response={200: StaffTicketOut, **ERRORS},
    summary="Finish serving the ticket",
)
def finish(request: HttpRequest, ticket_id: DatabaseId):  # type: ignore[no-untyped-def]
    return _act(request, ticket_id, services.ticket_finish)


@router.post(
    "/staff/queue/tickets/{ticket_id}/recall",
    auth=staff_auth,
    response={200: StaffTicketOut, **ERRORS},
    summary="Call the ticket again",
)
def recall(request: HttpRequest, ticket_id: DatabaseId):  # type: ignore[no-untyped-def]
    return _act(request, ticket_id, services.ticket_recall)


@router.post(
    "/staff/queue/tickets/{ticket_id}/no-show",
    auth=staff_auth,
    response={200: StaffTicketOut, **ERRORS},
    summary="Mark the ticket as not come (after the hall's recalls)",
)
def no_show(request: HttpRequest, ticket_id: DatabaseId):  # type: ignore[no-untyped-def]
    return _act(request, ticket_id, services.ticket_no_show)


def _row(row: figures.Row, key: str) -> dict:
    def durations(d: figures.Durations) -> dict:
        return {"count": d.count, "mean_seconds": d.mean, "median_seconds": d.median, "p90_seconds": d.p90}

    return {
        "key": key,
        "issued": row.issued,
        "done": row.done,
        "no_show": row.no_show,
        "cancelled": row.cancelled,
        "no_show_rate": row.no_show_rate,
        "wait": durations(row.wait),
        "service": durations(row.service),
    }


@router.get(
    "/staff/queue/halls/{hall_id}/figures",
    auth=staff_auth,
    response={200: FiguresOut, **ERRORS},
    summary="A hall's wait and service times per category, desk and hour",
)
def hall_figures(request: HttpRequest, hall_id: DatabaseId, period: Query[PeriodQuery]):  # type: ignore[no-untyped-def]
    """Tickets taken on the days `from`..`to` (Almaty, both included; the last 30 days by default,
    a year at most): counts, mean, median and 90th percentile of the wait and the service in
    seconds, the no-show rate and the cancelled tickets."""
    hall = _visible_halls(request.auth).select_related("akimat__territory").filter(pk=hall_id).first()  # type: ignore[arg-type]
    if hall is None:
        raise Http404
    if not permissions.can_view(request.auth, hall):  # type: ignore[arg-type]
        raise PermissionDenied
    end = period.end or timezone.localtime(timezone.now()).date()
    start = period.start or end - timedelta(days=DEFAULT_DAYS - 1)
    result = figures.hall_figures(hall, start, end)
    letters = {row.key: row.label.split(" ")[0] for row in result.categories}
    return {
        "hall_id": hall.pk,
        "kato": hall.akimat.territory.kato,
        "start": result.start,
        "end": result.end,
        "complete": result.complete,
        "total": _row(result.total, ""),
        "categories": [_row(r, letters[r.key]) for r in result.categories],
        "desks": [_row(r, str(r.key)) for r in result.desks],
        "hours": [_row(r, str(r.key)) for r in result.hours],
    }
