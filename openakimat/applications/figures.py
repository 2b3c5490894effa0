"""Public figures of a service: how many applied, how many were decided on time, how long a
decision takes, how many consultations the front offices gave. Aggregates in the database, never
a loop over the cases."""

from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, Q, QuerySet

from openakimat.catalogue.models import PublicService

from .models import Application, Consultation

DAY = 86400


class Median(Aggregate):
    """PostgreSQL's ordered-set aggregate: the interpolated median of an expression (an interval
    works, and comes back as a timedelta)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False


def _decision_time() -> ExpressionWrapper:
    return ExpressionWrapper(F("decided_at") - F("registered_at"), output_field=DurationField())


def _median_postgresql(decided: QuerySet[Application]) -> timedelta | None:
    return decided.aggregate(median=Median(_decision_time(), output_field=DurationField()))["median"]


def _median_by_order(decided: QuerySet[Application], count: int) -> timedelta | None:
    """The median read off the decision times in order: one query fetching only the middle one or
    two rows (LIMIT/OFFSET), on any database."""
    if count == 0:
        return None
    middle = (
        decided.annotate(took=_decision_time())
        .order_by("took", "pk")
        .values_list("took", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    values = list(middle)
    return sum(values, timedelta()) / len(values)


def median_decision_time(decided: QuerySet[Application], count: int) -> timedelta | None:
    if count == 0:
        return None
    if connection.vendor == "postgresql":
        return _median_postgresql(decided)
    return _median_by_order(decided, count)


def service_figures(service: PublicService) -> dict[str, Any]:
    """The figures shown on the service's public page.

    - ``applications``: applications of all channels, whatever their state;
    - ``decided`` and ``on_time``: those decided (ready or refused, since issued or not), and of them
      the ones decided by their due date; ``on_time_percent`` is None until one is decided;
    - ``median_days``: median calendar days from registration to decision, one decimal;
    - ``consultations``: consultations given about the service.

    Two queries, three once a case is decided.
    """
    cases = Application.objects.filter(service=service).order_by()
    decided_q = Q(decided_at__isnull=False)
    totals = cases.aggregate(
        applications=Count("pk"),
        decided=Count("pk", filter=decided_q),
        on_time=Count("pk", filter=decided_q & Q(decided_at__lte=F("due_at"))),
    )
    consultations = Consultation.objects.filter(service=service).count()
    decided = totals["decided"]
    median = median_decision_time(cases.filter(decided_q), decided)
    return {
        "applications": totals["applications"],
        "decided": decided,
        "on_time": totals["on_time"],
        "on_time_percent": round(100 * totals["on_time"] / decided) if decided else None,
        "median_days": round(median.total_seconds() / DAY, 1) if median is not None else None,
        "consultations": consultations,
    }
