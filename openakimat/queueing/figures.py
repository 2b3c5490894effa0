"""The hall's figures for a period: how long people waited (taken → first called) and how long they
were served (service started → finished), per category, per desk and per hour of the day (Asia/
Almaty, by the hour the ticket was taken), as count, mean, median and 90th percentile; the no-show
rate (no-shows ÷ (served + no-shows)) and the cancelled tickets.

Five queries however many tickets: the counts and means are grouped in the database (one query per
category, desk and hour), and the percentiles are read off one bounded fetch of the durations
(`MAX_SAMPLES` rows; past that, the median and the 90th percentile are left out rather than guessed
from a part). A ticket redirected counts in the category it ended in.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import ExtractHour

from openakimat.common.calendar import ALMATY

from .models import Category, Hall, Ticket, TicketStatus

MAX_SAMPLES = 100_000
MAX_DAYS = 366

WAITED = Q(first_called_at__isnull=False)
SERVED = Q(status=TicketStatus.DONE, started_at__isnull=False, finished_at__isnull=False)


def _wait() -> ExpressionWrapper:
    return ExpressionWrapper(F("first_called_at") - F("issued_at"), output_field=DurationField())


def _service() -> ExpressionWrapper:
    return ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())


@dataclass(frozen=True)
class Durations:
    """Seconds; None where there is nothing to measure (or too much for the percentiles)."""

    count: int
    mean: float | None
    median: float | None = None
    p90: float | None = None

    def minutes(self, name: str) -> float | None:
        value = getattr(self, name)
        return None if value is None else round(value / 60, 1)

    @property
    def in_minutes(self) -> tuple[float | None, float | None, float | None]:
        """Mean, median and 90th percentile in minutes, one decimal (for the pages)."""
        return self.minutes("mean"), self.minutes("median"), self.minutes("p90")


@dataclass
class Row:
    key: Any  # category id, desk number, hour
    label: str
    issued: int
    done: int
    no_show: int
    cancelled: int
    wait: Durations
    service: Durations

    @property
    def no_show_rate(self) -> float | None:
        seen = self.done + self.no_show
        return round(self.no_show / seen, 4) if seen else None


@dataclass
class HallFigures:
    hall: Hall
    start: date
    end: date
    total: Row
    categories: list[Row]
    desks: list[Row]
    hours: list[Row]
    complete: bool  # False: more durations than MAX_SAMPLES, percentiles left out


def percentile(ordered: list[float], q: float) -> float | None:
    """Linear interpolation between the closest ranks (as PostgreSQL's PERCENTILE_CONT)."""
    if not ordered:
        return None
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _seconds(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds()


def _durations(count: int, mean: timedelta | None, samples: list[float] | None) -> Durations:
    if samples is None:
        return Durations(count, _seconds(mean))
    ordered = sorted(samples)
    return Durations(count, _seconds(mean), percentile(ordered, 0.5), percentile(ordered, 0.9))


AGGREGATES = {
    "issued": Count("pk"),
    "done": Count("pk", filter=Q(status=TicketStatus.DONE)),
    "no_show": Count("pk", filter=Q(status=TicketStatus.NO_SHOW)),
    "cancelled": Count("pk", filter=Q(status=TicketStatus.CANCELLED)),
    "wait_n": Count("pk", filter=WAITED),
    "wait_mean": Avg(_wait(), filter=WAITED, output_field=DurationField()),
    "service_n": Count("pk", filter=SERVED),
    "service_mean": Avg(_service(), filter=SERVED, output_field=DurationField()),
}


def _grouped(tickets: QuerySet[Ticket], key: str) -> dict[Any, dict[str, Any]]:
    return {row[key]: row for row in tickets.values(key).annotate(**AGGREGATES).order_by(key)}


def hall_figures(hall: Hall, start: date, end: date) -> HallFigures:
    """The figures of the hall's tickets taken on the local days start..end (both included)."""
    if end < start:
        start, end = end, start
    start = max(start, end - timedelta(days=MAX_DAYS - 1))
    tickets = Ticket.objects.filter(hall=hall, day__gte=start, day__lte=end).annotate(
        hour=ExtractHour("issued_at", tzinfo=ALMATY)
    )
    by_category = _grouped(tickets, "category_id")  # 1
    by_desk = _grouped(tickets.filter(desk__isnull=False), "desk__number")  # 1
    by_hour = _grouped(tickets, "hour")  # 1
    fetched = list(  # 1
        tickets.filter(WAITED | SERVED)
        .annotate(waited=_wait(), served=_service())
        .values_list("category_id", "desk__number", "hour", "waited", "served", "status", "started_at")[
            : MAX_SAMPLES + 1
        ]
    )
    complete = len(fetched) <= MAX_SAMPLES
    samples: dict[tuple[str, Any], dict[str, list[float]]] = {}
    if complete:
        for category_id, desk, hour, waited, served, status, started in fetched:
            was_served = status == TicketStatus.DONE and started is not None and served is not None
            for key in (("c", category_id), ("d", desk), ("h", hour), ("t", None)):
                bucket = samples.setdefault(key, {"wait": [], "service": []})
                if waited is not None:
                    bucket["wait"].append(waited.total_seconds())
                if was_served:
                    bucket["service"].append(served.total_seconds())

    def row(kind: str, key: Any, label: str, values: dict[str, Any]) -> Row:
        found = samples.get((kind, key), {"wait": [], "service": []}) if complete else None
        return Row(
            key=key,
            label=label,
            issued=values["issued"],
            done=values["done"],
            no_show=values["no_show"],
            cancelled=values["cancelled"],
            wait=_durations(values["wait_n"], values["wait_mean"], found["wait"] if found is not None else None),
            service=_durations(
                values["service_n"], values["service_mean"], found["service"] if found is not None else None
            ),
        )

    categories = {c.pk: c for c in Category.objects.filter(hall=hall)}  # 1
    category_rows = [
        row("c", pk, f"{categories[pk].letter} — {categories[pk].name}", values) for pk, values in by_category.items()
    ]
    category_rows.sort(key=lambda r: (categories[r.key].order, categories[r.key].letter))
    return HallFigures(
        hall=hall,
        start=start,
        end=end,
        total=row("t", None, "", _total(by_category.values())),
        categories=category_rows,
        desks=[row("d", number, str(number), values) for number, values in by_desk.items()],
        hours=[row("h", hour, f"{hour:02d}:00", values) for hour, values in by_hour.items()],
        complete=complete,
    )


def _total(groups: Any) -> dict[str, Any]:
    """The whole hall from the categories' rows: sums, and means weighted by their counts."""
    groups = list(groups)
    total: dict[str, Any] = {name: sum(g[name] for g in groups) for name in AGGREGATES if not name.endswith("_mean")}
    for kind in ("wait", "service"):
        n = total[f"{kind}_n"]
        weighted = sum((g[f"{kind}_mean"] * g[f"{kind}_n"] for g in groups if g[f"{kind}_mean"]), timedelta())
        total[f"{kind}_mean"] = weighted / n if n else None
    return total


def accountability_figures(hall: Hall, start: date, end: date) -> dict[str, Any]:
    """What the accountability dashboard collects of a hall (common.publish "territory.akimat"):
    the 90th percentile of the wait in minutes, the no-show rate and the tickets served per day."""
    figures = hall_figures(hall, start, end)
    days = (figures.end - figures.start).days + 1
    return {
        "queue_wait_p90_minutes": figures.total.wait.minutes("p90"),
        "queue_no_show_rate": figures.total.no_show_rate,
        "queue_served_per_day": round(figures.total.done / days, 1),
        "queue_period": [figures.start.isoformat(), figures.end.isoformat()],
    }
