"""What the queue's staff pages read: the halls in reach, the day's waiting counts, desks and
tickets. Numbers, categories and times only — never a phone."""

from datetime import date

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.territory.models import Akimat

from . import permissions
from .models import Category, Desk, Hall, Ticket, TicketStatus


def today() -> date:
    return timezone.localdate()


def staff_halls(*, actor: Actor | None) -> QuerySet[Hall]:
    return Hall.objects.filter(permissions.halls_q(actor)).select_related("akimat__territory").order_by("pk")


def may_set_up(*, actor: Actor | None) -> bool:
    """Whether the actor administers some akimat (whose queue they may then set up)."""
    return policy.is_root(actor) or bool(policy.scopes(actor, permissions.CONFIGURE))


def akimats_without_hall(*, actor: Actor | None) -> QuerySet[Akimat]:
    """The akimats whose queue the actor may set up and that have none yet."""
    if not may_set_up(actor=actor):
        return Akimat.objects.none()
    q = policy.path_q(actor, permissions.CONFIGURE, "territory__path")
    return Akimat.objects.filter(q, hall__isnull=True).select_related("territory").order_by("territory__path")[:50]


def staff_hall(*, actor: Actor | None, pk: int) -> Hall:
    """A hall the actor reaches, or 404."""
    hall = staff_halls(actor=actor).filter(pk=pk).first()
    if hall is None:
        raise Http404
    return hall


def waiting_counts(hall: Hall, *, day: date | None = None) -> dict[int, int]:
    """Tickets waiting today, per category id."""
    rows = (
        Ticket.objects.filter(hall=hall, day=day or today(), status=TicketStatus.WAITING)
        .values("category_id")
        .annotate(n=Count("pk"))
    )
    return {row["category_id"]: row["n"] for row in rows}


def categories_with_waiting(hall: Hall, *, only: QuerySet[Category] | None = None) -> list[Category]:
    counts = waiting_counts(hall)
    categories = list((only if only is not None else hall.categories.all()).order_by("order", "letter"))
    for category in categories:
        category.waiting = counts.get(category.pk, 0)  # type: ignore[attr-defined]
    return categories


def desks(hall: Hall) -> QuerySet[Desk]:
    return hall.desks.select_related("operator").prefetch_related("categories").order_by("number")


def desk_get(hall: Hall, number: int) -> Desk:
    desk = desks(hall).filter(number=number).first()
    if desk is None:
        raise Http404
    return desk


def day_tickets(hall: Hall, *, limit: int = 500) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(hall=hall, day=today())
        .select_related("category", "desk")
        .defer("phone", "token_hash")
        .order_by("issued_at", "pk")[:limit]
    )


def current_ticket(desk: Desk) -> Ticket | None:
    return (
        Ticket.objects.filter(desk=desk, status__in=(TicketStatus.CALLED, TicketStatus.SERVING))
        .select_related("category", "hall")
        .defer("phone")
        .first()
    )


def unlinked_served(desk: Desk, actor: Actor | None) -> Ticket | None:
    """The last ticket the actor served at this desk today with no application yet: the desk
    offers to register one for it."""
    return (
        Ticket.objects.filter(
            desk=desk,
            day=today(),
            status=TicketStatus.DONE,
            application__isnull=True,
            operator_id=getattr(actor, "pk", None),
        )
        .defer("phone")
        .order_by("-finished_at")
        .first()
    )


def waiting_for_desk(desk: Desk) -> int:
    """Tickets sent to this very desk and waiting."""
    return Ticket.objects.filter(for_desk=desk, status=TicketStatus.WAITING, day=today()).count()
