"""How long a resident will wait: a ticket's place in line and an estimate, and the hall's current
wait per category (for the akimat's page and the API).

- The people ahead of a ticket are the waiting tickets of the same day that the desks able to call
  it would call first: of the categories those desks serve (not sent to one desk), or sent to one of
  those desks, taken earlier by `order_at` (priority head starts included). A ticket sent to one
  desk counts only that desk.
- The service time of a category is what the hall measured: the mean of started→finished of its
  tickets served in the last `MEASURE_DAYS` days, once there are `MIN_SAMPLES` of them; before that,
  the category's `average_minutes`.
- The wait is the service time × the people ahead ÷ the desks serving the category with an
  operator signed in (at least one: a closed hall still gives a figure, not a division by zero).
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from .models import Category, Desk, Hall, Ticket, TicketStatus

MEASURE_DAYS = 7
MIN_SAMPLES = 5


@dataclass(frozen=True)
class Place:
    ahead: int  # waiting tickets to be called before this one
    minutes: int  # the estimated wait, rounded up to whole minutes


@dataclass(frozen=True)
class CategoryWait:
    category: Category
    waiting: int
    minutes: int


def service_minutes(categories: list[Category], *, now: datetime | None = None) -> dict[int, float]:
    """The service time in minutes of each category, by its pk (one query)."""
    now = now or timezone.now()
    duration = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
    measured = (
        Ticket.objects.filter(
            category__in=[c.pk for c in categories],
            status=TicketStatus.DONE,
            started_at__isnull=False,
            finished_at__gte=now - timedelta(days=MEASURE_DAYS),
        )
        .values("category_id")
        .annotate(samples=Count("pk"), mean=Avg(duration))
    )
    found = {row["category_id"]: row for row in measured}
    minutes: dict[int, float] = {}
    for category in categories:
        row = found.get(category.pk)
        mean = row["mean"] if row else None
        if row and row["samples"] >= MIN_SAMPLES and mean is not None:
            # SQLite answers a mean of durations in microseconds, PostgreSQL as a timedelta.
            seconds = mean.total_seconds() if isinstance(mean, timedelta) else float(mean) / 1_000_000
            minutes[category.pk] = max(seconds / 60, 0.5)
        else:
            minutes[category.pk] = float(category.average_minutes)
    return minutes


def staffed_desks(hall: Hall) -> dict[int, int]:
    """How many active desks with an operator signed in serve each category, by its pk (one query)."""
    rows = (
        Desk.categories.through.objects.filter(desk__hall=hall, desk__is_active=True, desk__operator__isnull=False)
        .values("category_id")
        .annotate(desks=Count("desk_id"))
    )
    return {row["category_id"]: row["desks"] for row in rows}


def _wait(minutes_each: float, ahead: int, desks: int) -> int:
    return math.ceil(minutes_each * ahead / max(desks, 1))


def _rivals(ticket: Ticket) -> Q:
    """The waiting tickets that compete with `ticket` for the same desks."""
    if ticket.for_desk_id is not None:
        desks = [ticket.for_desk_id]
        categories = list(
            Desk.categories.through.objects.filter(desk_id=ticket.for_desk_id).values_list("category_id", flat=True)
        )
    else:
        desks = list(
            Desk.objects.filter(hall_id=ticket.hall_id, is_active=True, categories=ticket.category_id).values_list(
                "pk", flat=True
            )
        )
        categories = list(
            Desk.categories.through.objects.filter(desk_id__in=desks).values_list("category_id", flat=True).distinct()
        )
    categories = categories or [ticket.category_id]
    return Q(for_desk__isnull=True, category_id__in=set(categories) | {ticket.category_id}) | Q(for_desk_id__in=desks)


def people_ahead(ticket: Ticket) -> int:
    """How many waiting tickets will be called before this one (0 when it is not waiting)."""
    if ticket.status != TicketStatus.WAITING:
        return 0
    before = Q(order_at__lt=ticket.order_at) | Q(order_at=ticket.order_at, pk__lt=ticket.pk)
    return (
        Ticket.objects.filter(hall_id=ticket.hall_id, day=ticket.day, status=TicketStatus.WAITING)
        .filter(_rivals(ticket))
        .filter(before)
        .count()
    )


def place(ticket: Ticket, *, now: datetime | None = None) -> Place:
    """The ticket's place in line and its estimated wait."""
    ahead = people_ahead(ticket)
    if ahead == 0:
        return Place(ahead=0, minutes=0)
    minutes_each = service_minutes([ticket.category], now=now)[ticket.category_id]
    # A ticket sent to one desk waits for that desk alone.
    desks = 1 if ticket.for_desk_id is not None else staffed_desks(ticket.hall).get(ticket.category_id, 0)
    return Place(ahead=ahead, minutes=_wait(minutes_each, ahead, desks))


def current_wait(hall: Hall, *, now: datetime | None = None) -> list[CategoryWait]:
    """The wait now in each active category of the hall: how many wait and about how long a
    newcomer would. Four queries, whatever the number of categories and tickets."""
    now = now or timezone.now()
    categories = list(hall.categories.filter(is_active=True).order_by("order", "letter"))
    if not categories:
        return []
    day = timezone.localtime(now).date()
    counts = dict(
        Ticket.objects.filter(hall=hall, day=day, status=TicketStatus.WAITING, category__in=categories)
        .values("category_id")
        .annotate(n=Count("pk"))
        .values_list("category_id", "n")
    )
    minutes = service_minutes(categories, now=now)
    desks = staffed_desks(hall)
    return [
        CategoryWait(
            category=c,
            waiting=counts.get(c.pk, 0),
            minutes=_wait(minutes[c.pk], counts.get(c.pk, 0), desks.get(c.pk, 0)),
        )
        for c in categories
    ]
