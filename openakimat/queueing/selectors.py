"""Reads of the electronic queue."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import DurationField, ExpressionWrapper, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Category, Desk, Hall, Ticket, TicketStatus

# The measured mean service time of a category counts once it rests on this many tickets served in
# the last MEASURE_DAYS days; until then the category's own average_minutes stands.
MEASURE_DAYS = 7
MIN_SAMPLES = 5


@dataclass(frozen=True)
class CurrentWait:
    hall_id: int
    letter: str
    name: str
    waiting: int
    estimate_minutes: int
    desks: int  # desks open for it with an operator signed in


def _count(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of a correlated subquery, with no GROUP BY (a plain function, not an aggregate)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), 0)


def _current_wait(categories: Q, now: datetime | None = None) -> list[CurrentWait]:
    """One query: the active categories matching `categories` (of open halls), each with the people
    waiting today, the tickets served in the last week with their mean service time, and the desks
    serving it with an operator signed in. estimate = waiting × mean service ÷ desks (at least 1)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    served = Ticket.objects.filter(
        category=OuterRef("pk"),
        status=TicketStatus.DONE,
        started_at__isnull=False,
        finished_at__gte=now - timedelta(days=MEASURE_DAYS),
    )
    service = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
    rows = (
        Category.objects.filter(categories, is_active=True, hall__is_open=True)
        .annotate(
            waiting=_count(Ticket.objects.filter(category=OuterRef("pk"), status=TicketStatus.WAITING, day=today)),
            samples=_count(served),
            mean_service=Subquery(
                served.order_by()
                .annotate(m=Func(service, function="AVG", output_field=DurationField()))
                .values("m")[:1],
                output_field=DurationField(),
            ),
            staffed_desks=_count(
                Desk.objects.filter(categories=OuterRef("pk"), is_active=True, operator__isnull=False)
            ),
        )
        .order_by("hall_id", "order", "letter")
    )
    result = []
    for c in rows:
        minutes = float(c.average_minutes)
        if c.samples >= MIN_SAMPLES and c.mean_service is not None:
            minutes = c.mean_service.total_seconds() / 60
        estimate = math.ceil(c.waiting * minutes / max(1, c.staffed_desks)) if c.waiting else 0
        result.append(CurrentWait(c.hall_id, c.letter, c.name, c.waiting, estimate, c.staffed_desks))
    return result


def public_current_wait(hall: Hall, now: datetime | None = None) -> list[CurrentWait]:
    """Per active category of an open hall: its letter and name, the people waiting and an
    estimated wait in minutes. Empty for a closed hall. One query."""
    return _current_wait(Q(hall=hall), now)


def current_wait_of_akimat(akimat_id: int, now: datetime | None = None) -> list[CurrentWait]:
    """The same for the akimat's hall, if it has an open one (the akimat's public page): one query
    whether or not it has."""
    return _current_wait(Q(hall__akimat_id=akimat_id), now)


def current_wait_by_hall(hall_ids: list[int], now: datetime | None = None) -> dict[int, list[CurrentWait]]:
    """The same for several halls at once (the API's list of halls): one query."""
    found: dict[int, list[CurrentWait]] = {pk: [] for pk in hall_ids}
    for row in _current_wait(Q(hall_id__in=hall_ids), now):
        found[row.hall_id].append(row)
    return found
