"""The calendar's reads: which month a page shows, its weeks (Monday first) with the events of each
day, the days of a list, and the window of a feed. All dates are those of Asia/Almaty, the time of
the whole country since March 2024."""

import calendar as pycalendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from . import sources
from .ical import ALMATY

MONTH_RE = re.compile(r"^([0-9]{4})-([0-9]{2})$")  # ASCII digits only
YEARS_AROUND = 5  # a month page goes this many years back or ahead of today, no further
LIST_DAYS = 90  # the list of upcoming events covers this many days from today
FEED_DAYS_BACK = 90  # a feed keeps past (and cancelled) events this long, so subscribers see a cancellation
FEED_DAYS_AHEAD = 366


class BadMonth(ValueError):
    pass


def today() -> date:
    return timezone.now().astimezone(ALMATY).date()


def month_bounds() -> tuple[date, date]:
    """The first and the last month a page may show."""
    now = today()
    return date(now.year - YEARS_AROUND, now.month, 1), date(now.year + YEARS_AROUND, now.month, 1)


def parse_month(value: str | None) -> date:
    """The first day of the month `value` ("2026-11") names, the current month when it is empty.
    Raises BadMonth for anything else and for a month out of `month_bounds`."""
    if not value:
        return today().replace(day=1)
    found = MONTH_RE.match(value)
    if not found:
        raise BadMonth(value)
    year, month = int(found.group(1)), int(found.group(2))
    if not 1 <= month <= 12:
        raise BadMonth(value)
    first = date(year, month, 1)
    earliest, latest = month_bounds()
    if not earliest <= first <= latest:
        raise BadMonth(value)
    return first


def add_months(first: date, count: int) -> date:
    index = first.year * 12 + first.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ALMATY)


def local_day(moment: datetime) -> date:
    return moment.astimezone(ALMATY).date()


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    events: list[sources.Event] = field(default_factory=list)


@dataclass
class Month:
    first: date
    weeks: list[list[Day]]
    previous: date | None  # None beyond the bounds
    next: date | None
    events: list[sources.Event]

    @property
    def days_with_events(self) -> list[Day]:
        return [day for week in self.weeks for day in week if day.in_month and day.events]


def by_day(events: list[sources.Event]) -> dict[date, list[sources.Event]]:
    days: dict[date, list[sources.Event]] = {}
    for event in events:
        days.setdefault(local_day(event.starts_at), []).append(event)
    return days


def month(first: date, akimat_ids: list[int] | None, kind_names: list[str] | None) -> Month:
    after = add_months(first, 1)
    found = sources.events(akimat_ids, local_midnight(first), local_midnight(after), kind_names)
    days = by_day(found)
    now = today()
    weeks = [
        [Day(d, d.month == first.month, d == now, days.get(d, []) if d.month == first.month else []) for d in week]
        for week in pycalendar.Calendar(firstweekday=pycalendar.MONDAY).monthdatescalendar(first.year, first.month)
    ]
    earliest, latest = month_bounds()
    previous = add_months(first, -1)
    return Month(
        first=first,
        weeks=weeks,
        previous=previous if previous >= earliest else None,
        next=after if after <= latest else None,
        events=found,
    )


def upcoming(akimat_ids: list[int] | None, kind_names: list[str] | None) -> list[Day]:
    """The days from today with events, for the list view."""
    start = today()
    found = sources.events(
        akimat_ids, local_midnight(start), local_midnight(start + timedelta(days=LIST_DAYS)), kind_names
    )
    now = today()
    return [Day(d, True, d == now, events) for d, events in sorted(by_day(found).items())]


def feed_events(akimat_ids: list[int] | None, kind_names: list[str] | None) -> list[sources.Event]:
    start = today()
    return sources.events(
        akimat_ids,
        local_midnight(start - timedelta(days=FEED_DAYS_BACK)),
        local_midnight(start + timedelta(days=FEED_DAYS_AHEAD)),
        kind_names,
    )
