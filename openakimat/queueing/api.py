"""The queue's public API: the halls with their current wait, and a ticket taken by a hardware
kiosk (no sign-in, no phone; limited per address like the other public writes). The staff part is
in api_staff.py."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router

from openakimat.common import ratelimit
from openakimat.common.errors import ConflictError
from openakimat.common.schemas import ErrorOut

from . import selectors, services
from .api_staff import router as staff_router
from .models import Category, Hall, Ticket, TicketStatus
from .schemas import HallDetailOut, HallOut, TicketIn, TicketOut

router = Router(tags=["queue"])
router.add_router("", staff_router)
KIOSK_BUCKET = "queue-ticket"


def _halls():  # type: ignore[no-untyped-def]
    return Hall.objects.select_related("akimat__territory").order_by("akimat__territory__kato")


def _hall_out(hall: Hall, waits: list[selectors.CurrentWait]) -> dict:
    return {
        "kato": hall.akimat.territory.kato,
        "akimat": hall.akimat.name,
        "is_open": hall.is_open,
        "categories": [
            {"letter": w.letter, "name": w.name, "waiting": w.waiting, "estimate_minutes": w.estimate_minutes}
            for w in waits
        ],
    }


def _hall(kato: str) -> Hall:
    hall = _halls().filter(akimat__territory__kato=kato).first()
    if hall is None:
        raise Http404
    return hall


@router.get("/queue/halls", response=list[HallOut], summary="Service halls with an electronic queue and their wait now")
def list_halls(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Every hall (by the KATO code of its akimat's territory), with, when it is open, each active
    category's people waiting and estimated wait. Two queries however many halls."""
    halls = list(_halls())
    waits = selectors.current_wait_by_hall([h.pk for h in halls])
    return [_hall_out(hall, waits[hall.pk]) for hall in halls]


@router.get("/queue/halls/{kato}", response=HallDetailOut, summary="One hall: its wait now and the priority groups")
def get_hall(request: HttpRequest, kato: str):  # type: ignore[no-untyped-def]
    hall = _hall(kato)
    out = _hall_out(hall, selectors.public_current_wait(hall))
    out["priorities"] = [
        {"code": p.code, "name": p.name} for p in hall.priority_groups.filter(is_active=True, at_kiosk=True)
    ]
    return out


@router.post(
    "/queue/halls/{kato}/tickets",
    response={201: TicketOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut},
    summary="Take a ticket (a hardware kiosk)",
)
def take_ticket(request: HttpRequest, kato: str, payload: TicketIn):  # type: ignore[no-untyped-def]
    """A kiosk takes a ticket of a category (by its letter), with a priority group the resident
    chose if any. The answer is the number to print, the people ahead and the token of the ticket's
    own page (for the QR code). 409 when the queue is not taking tickets; 429 past
    QUEUE_KIOSK_TICKETS_PER_HOUR tickets from one address in an hour."""
    # The category with its hall in one query: a kiosk's request is the busiest write of the queue.
    category = (
        Category.objects.select_related("hall__akimat")
        .filter(hall__akimat__territory__kato=kato, letter=payload.category)
        .first()
    )
    if category is None:
        raise Http404
    hall = category.hall
    priority = None
    if payload.priority:
        priority = hall.priority_groups.filter(code=payload.priority, is_active=True, at_kiosk=True).first()
        if priority is None:
            raise ValidationError({"priority": [_("Choose one of the groups offered here.")]})
    if not hall.is_open or not category.is_active:
        raise ConflictError(_("This queue is not taking tickets now."))
    try:
        ratelimit.hit(KIOSK_BUCKET, request, limit=settings.QUEUE_KIOSK_TICKETS_PER_HOUR)
    except ratelimit.RateLimited as exc:
        return JsonResponse(
            {
                "detail": _("Too many requests from this address. Try again in %(minutes)d min.")
                % {"minutes": exc.retry_after_minutes}
            },
            status=429,
            headers={"Retry-After": str(exc.retry_after)},
        )
    issued = services.ticket_issue(category=category, priority=priority)
    ticket = issued.ticket
    ahead = (
        Ticket.objects.filter(hall=hall, day=ticket.day, category=category, status=TicketStatus.WAITING)
        .filter(Q(order_at__lt=ticket.order_at) | Q(order_at=ticket.order_at, pk__lt=ticket.pk))
        .count()
    )
    return 201, {
        "code": ticket.code,
        "letter": ticket.letter,
        "number": ticket.number,
        "day": ticket.day,
        "issued_at": ticket.issued_at,
        "ahead": ahead,
        "position": ahead + 1,
        "token": issued.token,
    }
