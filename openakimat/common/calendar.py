"""The Kazakh working-day calendar, for the legal deadlines of public services.

Rules (see ``docs/domain.md``, "Working days and office hours"):

- Kazakhstan has one time zone, ``Asia/Almaty`` (UTC+5 since 1 March 2024). Every datetime given to
  this module must be aware; results are aware datetimes in Asia/Almaty.
- Working days are Monday–Friday, minus the public holidays and their observed (moved) days from
  ``holidays.country_holidays("KZ")``. A Saturday or Sunday that the government declared a working
  day in exchange for a day off (``weekend_workdays`` of the same package, e.g. Saturday 4 May 2024
  for Wednesday 8 May) counts as a working day, as it does for state bodies.
- Office hours are 09:00–18:00 local time on working days. Terms in minutes or hours count only
  office time; terms in days end at 18:00 of their last day.
- A term in days counts from the day after the registration day. An application registered after
  18:00 or on a day off is taken as registered on the next working day (the rule of the public-service
  standards: "received after working hours, on a day off or a holiday → accepted the next working day").

All functions are pure: they read nothing but their arguments and the (cached) holiday tables.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "ALMATY",
    "OFFICE_CLOSES",
    "OFFICE_OPENS",
    "TERM_UNITS",
    "add_calendar_days",
    "add_office_minutes",
    "add_working_days",
    "due_at",
    "is_working_day",
    "next_working_day",
    "registration_day",
    "shift_due_after_pause",
    "working_day_on_or_after",
    "working_days_between",
    "working_minutes_between",
]

ALMATY = ZoneInfo("Asia/Almaty")
OFFICE_OPENS = time(9, 0)
OFFICE_CLOSES = time(18, 0)
TERM_UNITS = ("minutes", "hours", "working_days", "calendar_days")

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=256)
def _year_calendar(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off on weekdays or weekends, weekend days declared working) of one year.

    The neighbouring years are loaded too, because a holiday may be moved across New Year
    (e.g. Friday 3 January 2014 off in exchange for Saturday 28 December 2013).
    """
    kz = holidays.country_holidays("KZ", years=(year - 1, year, year + 1))
    days_off = frozenset(d for d in kz if d.year == year)
    weekend_workdays = frozenset(d for d in kz.weekend_workdays if d.year == year and d.weekday() >= 5)
    return days_off, weekend_workdays


def is_working_day(d: date) -> bool:
    """Whether ``d`` is a working day in Kazakhstan."""
    days_off, weekend_workdays = _year_calendar(d.year)
    if d.weekday() >= 5:
        return d in weekend_workdays
    return d not in days_off


def next_working_day(d: date) -> date:
    """The first working day strictly after ``d``."""
    d += _ONE_DAY
    while not is_working_day(d):
        d += _ONE_DAY
    return d


def working_day_on_or_after(d: date) -> date:
    """``d`` if it is a working day, otherwise the next working day."""
    return d if is_working_day(d) else next_working_day(d)


def add_working_days(start: date, days: int) -> date:
    """The day on which a term of ``days`` working days ends, counting from the day after ``start``.

    ``start`` is the registration day (working or not); ``days`` >= 1. The result is a working day
    and exactly ``days`` working days lie in (start, result].
    """
    if days < 1:
        raise ValueError("a term in working days must be at least 1 day")
    d = start
    for _ in range(days):
        d = next_working_day(d)
    return d


def add_calendar_days(start: date, days: int) -> date:
    """``start`` + ``days`` calendar days, moved forward to the next working day if that is a day off.

    ``days`` >= 1.
    """
    if days < 1:
        raise ValueError("a term in calendar days must be at least 1 day")
    return working_day_on_or_after(start + timedelta(days=days))


def working_days_between(a: date, b: date) -> int:
    """The number of working days d with a < d <= b (0 if b <= a)."""
    count = 0
    d = a + _ONE_DAY
    while d <= b:
        count += is_working_day(d)
        d += _ONE_DAY
    return count


def _local(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (with a time zone), got a naive one")
    return moment.astimezone(ALMATY)


def _opening(d: date) -> datetime:
    return datetime.combine(d, OFFICE_OPENS, tzinfo=ALMATY)


def _closing(d: date) -> datetime:
    return datetime.combine(d, OFFICE_CLOSES, tzinfo=ALMATY)


def _next_office_moment(local: datetime) -> datetime:
    """The first moment at or after ``local`` at which the office is open (closing time excluded)."""
    d = local.date()
    if is_working_day(d):
        if local < _opening(d):
            return _opening(d)
        if local < _closing(d):
            return local
    return _opening(next_working_day(d))


def add_office_minutes(start: datetime, minutes: int) -> datetime:
    """The moment ``minutes`` of office time after ``start`` (aware), in Asia/Almaty.

    Only 09:00–18:00 on working days counts; a start outside office hours begins counting at the
    next opening. A term that uses up a day exactly ends at 18:00 of that day. ``minutes`` >= 0;
    0 returns ``start`` unchanged (converted to Asia/Almaty).
    """
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    moment = _local(start, "start")
    if minutes == 0:
        return moment
    remaining = timedelta(minutes=minutes)
    moment = _next_office_moment(moment)
    while True:
        available = _closing(moment.date()) - moment
        if remaining <= available:
            return moment + remaining
        remaining -= available
        moment = _opening(next_working_day(moment.date()))


def working_minutes_between(a: datetime, b: datetime) -> int:
    """Whole minutes of office time between two aware datetimes (0 if b <= a); seconds are dropped."""
    a, b = _local(a, "a"), _local(b, "b")
    if b <= a:
        return 0
    total = timedelta(0)
    d = a.date()
    while d <= b.date():
        if is_working_day(d):
            low, high = max(a, _opening(d)), min(b, _closing(d))
            if high > low:
                total += high - low
        d += _ONE_DAY
    return total // timedelta(minutes=1)


def shift_due_after_pause(due: datetime, paused_from: datetime, resumed_at: datetime) -> datetime:
    """The due moment after a pause: ``due`` moved forward by exactly the office minutes of the pause."""
    return add_office_minutes(due, working_minutes_between(paused_from, resumed_at))


def registration_day(registered_at: datetime) -> date:
    """The day from which day terms are counted: the local date of ``registered_at`` if that is a
    working day and the office has not yet closed, otherwise the next working day."""
    moment = _local(registered_at, "registered_at")
    d = moment.date()
    if is_working_day(d) and moment.time() < OFFICE_CLOSES:
        return d
    return next_working_day(d)


def due_at(registered_at: datetime, value: int, unit: str) -> datetime:
    """The due moment of a legal term of ``value`` ``unit`` for an application registered at ``registered_at``.

    ``unit`` is one of :data:`TERM_UNITS`. Minutes and hours count office time
    (:func:`add_office_minutes`); working and calendar days end at 18:00 of the final day, counted
    from the day after :func:`registration_day`.
    """
    if unit not in TERM_UNITS:
        raise ValueError(f"unknown term unit {unit!r}; expected one of {', '.join(TERM_UNITS)}")
    if value < 1:
        raise ValueError("a legal term must be at least 1")
    if unit == "minutes":
        return add_office_minutes(registered_at, value)
    if unit == "hours":
        return add_office_minutes(registered_at, value * 60)
    start = registration_day(registered_at)
    last = add_working_days(start, value) if unit == "working_days" else add_calendar_days(start, value)
    return _closing(last)
