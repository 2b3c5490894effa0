"""The free times for online booking, per category and day.

A category's day is cut into slots of its average service time (`Category.average_minutes`) along
the hours of each active desk that serves it: from the desk's opening to its break and from the end
of the break to its closing, a slot starting only where it also ends inside the working stretch.
Each desk gives one seat per slot it can hold, so two desks open at the same time give that slot
two seats. A slot's free seats are its seats less the bookings holding one (pending, booked,
checked in; a pending booking whose SMS code has expired no longer holds its seat).

Not offered: slots that have begun, days before today or beyond `Hall.booking_days_ahead` days
(today is the first of them), public holidays of Kazakhstan (the working-day calendar: a weekday
that is a day off has no slots; a weekend has the slots of the desks' weekend hours, if any),
categories not open for booking, halls not in use.

A day costs two queries (the desk hours, the bookings); the list of days costs two as well.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from openakimat.common.calendar import ALMATY, is_working_day

from .models import HOLDING_STATUSES, BookingStatus, Category, DeskHours


@dataclass(frozen=True)
class Hours:
    """A desk's hours on a weekday (the fields of DeskHours that matter here)."""

    weekday: int
    opens: time
    closes: time
    break_starts: time | None = None
    break_ends: time | None = None


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    seats: int
    free: int


def _stretches(hours: Hours) -> list[tuple[time, time]]:
    if hours.break_starts is not None and hours.break_ends is not None:
        return [(hours.opens, hours.break_starts), (hours.break_ends, hours.closes)]
    return [(hours.opens, hours.closes)]


def seats_by_start(desk_hours: Iterable[Hours], day: date, minutes: int) -> Counter[datetime]:
    """Seats per slot start (aware, Asia/Almaty) on `day`, from the hours of the desks serving the
    category (one entry per desk for the day's weekday; other weekdays are ignored)."""
    seats: Counter[datetime] = Counter()
    if minutes < 1 or (day.weekday() < 5 and not is_working_day(day)):
        return seats
    length = timedelta(minutes=minutes)
    for hours in desk_hours:
        if hours.weekday != day.weekday():
            continue
        for start, end in _stretches(hours):
            moment = datetime.combine(day, start, tzinfo=ALMATY)
            stop = datetime.combine(day, end, tzinfo=ALMATY)
            while moment + length <= stop:
                seats[moment] += 1
                moment += length
    return seats


def bookable_days(category: Category, now: datetime) -> list[date]:
    """The days open for booking: today and the following ones, `booking_days_ahead` in all."""
    hall = category.hall
    if not (hall.is_open and category.is_active and category.bookable):
        return []
    today = timezone.localtime(now).date()
    return [today + timedelta(days=n) for n in range(hall.booking_days_ahead)]


def _hours(category: Category, weekdays: Iterable[int] | None = None) -> list[Hours]:
    rows = DeskHours.objects.filter(desk__categories=category, desk__is_active=True)
    if weekdays is not None:
        rows = rows.filter(weekday__in=list(weekdays))
    return [
        Hours(r.weekday, r.opens, r.closes, r.break_starts, r.break_ends)
        for r in rows.only("weekday", "opens", "closes", "break_starts", "break_ends")
    ]


def holding_q(now: datetime) -> Q:
    """Bookings that hold their seat at `now`: a pending one only until its code expires."""
    return Q(status__in=HOLDING_STATUSES) & ~Q(status=BookingStatus.PENDING, otp_expires_at__lt=now)


def _taken(category: Category, days: list[date], now: datetime) -> Counter[datetime]:
    rows = (
        category.bookings.filter(holding_q(now), day__in=days)
        .values("starts_at")
        .annotate(n=Count("pk"))
        .values_list("starts_at", "n")
    )
    return Counter({timezone.localtime(at, ALMATY): n for at, n in rows})


def _offered(seats: Counter[datetime], taken: Counter[datetime], now: datetime) -> list[Slot]:
    return [
        Slot(starts_at=at, seats=n, free=max(0, n - taken.get(at, 0))) for at, n in sorted(seats.items()) if at > now
    ]


def day_slots(category: Category, day: date, now: datetime | None = None) -> list[Slot]:
    """The slots of `day` still to come, with their free seats (full ones included, free=0)."""
    now = now or timezone.now()
    if day not in bookable_days(category, now):
        return []
    seats = seats_by_start(_hours(category, [day.weekday()]), day, category.average_minutes)
    if not seats:
        return []
    return _offered(seats, _taken(category, [day], now), now)


def days_free(category: Category, now: datetime | None = None) -> list[tuple[date, int]]:
    """Each bookable day with its number of free seats (days with no slots at all left out)."""
    now = now or timezone.now()
    days = bookable_days(category, now)
    if not days:
        return []
    hours = _hours(category)
    taken = _taken(category, days, now)
    result = []
    for day in days:
        seats = seats_by_start(hours, day, category.average_minutes)
        slots = _offered(seats, taken, now)
        if slots:
            result.append((day, sum(s.free for s in slots)))
    return result


def slot_seats(category: Category, starts_at: datetime, now: datetime | None = None) -> int:
    """How many seats the slot starting at `starts_at` has (0: no such slot, or not offered)."""
    now = now or timezone.now()
    local = timezone.localtime(starts_at, ALMATY)
    if local <= now or local.date() not in bookable_days(category, now):
        return 0
    seats = seats_by_start(_hours(category, [local.weekday()]), local.date(), category.average_minutes)
    return seats.get(local, 0)
