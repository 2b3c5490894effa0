"""The free times for booking: cut from the desks' hours around their breaks, a seat per desk,
less the bookings holding one; nothing in the past, beyond the days open, on a public holiday or in
a category not open for booking. Table-driven cases and a property test on the pure cutting."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from openakimat.common.calendar import ALMATY
from openakimat.queueing import slots
from openakimat.queueing.models import Booking, BookingStatus, DeskHours
from openakimat.queueing.slots import Hours, seats_by_start

from .conftest import NOW

TUESDAY = date(2026, 12, 1)
INDEPENDENCE_DAY = date(2026, 12, 16)  # a Wednesday, a public holiday


def at(day, hh, mm=0):
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=ALMATY)


NINE_TO_SIX = Hours(1, time(9), time(18), time(13), time(14))


@pytest.mark.parametrize(
    ("hours", "minutes", "first", "last", "count"),
    [
        # 09–13 and 14–18 in 30 minutes: 8 + 8.
        ([NINE_TO_SIX], 30, (9, 0), (17, 30), 16),
        # 45 minutes: 09:00…12:00 (12:45 would end after the break starts), 14:00…17:00.
        ([NINE_TO_SIX], 45, (9, 0), (17, 0), 10),
        # No break: 09–12 in 60 minutes.
        ([Hours(1, time(9), time(12))], 60, (9, 0), (11, 0), 3),
        # Longer than the stretch: nothing.
        ([Hours(1, time(9), time(10))], 90, None, None, 0),
        # Hours of another weekday are not today's.
        ([Hours(2, time(9), time(18))], 30, None, None, 0),
    ],
)
def test_slots_are_cut_from_the_hours_around_the_break(hours, minutes, first, last, count):
    seats = seats_by_start(hours, TUESDAY, minutes)
    assert len(seats) == count
    if count:
        assert min(seats) == at(TUESDAY, *first) and max(seats) == at(TUESDAY, *last)
        assert not [s for s in seats if at(TUESDAY, 13) <= s < at(TUESDAY, 14)]


def test_two_desks_give_two_seats_where_their_hours_overlap():
    seats = seats_by_start([NINE_TO_SIX, Hours(1, time(12), time(15))], TUESDAY, 60)
    assert seats[at(TUESDAY, 9)] == 1
    assert seats[at(TUESDAY, 12)] == 2
    assert seats[at(TUESDAY, 13)] == 1  # desk 1 on its break, desk 2 not
    assert seats[at(TUESDAY, 14)] == 2


def test_a_public_holiday_has_no_slots():
    holiday = Hours(INDEPENDENCE_DAY.weekday(), time(9), time(18))
    assert seats_by_start([holiday], INDEPENDENCE_DAY, 30) == {}


@given(
    opens=st.integers(6 * 60, 12 * 60),
    length=st.integers(60, 10 * 60),
    minutes=st.integers(5, 120),
    brk=st.one_of(st.none(), st.tuples(st.integers(1, 300), st.integers(1, 120))),
)
def test_every_slot_fits_in_the_working_hours(opens, length, minutes, brk):
    closes = min(opens + length, 23 * 60 + 59)
    break_starts = break_ends = None
    if brk and opens + brk[0] + brk[1] < closes:
        break_starts, break_ends = opens + brk[0], opens + brk[0] + brk[1]

    def t(m):
        return time(m // 60, m % 60) if m is not None else None

    hours = Hours(1, t(opens), t(closes), t(break_starts), t(break_ends))
    seats = seats_by_start([hours], TUESDAY, minutes)
    for start, n in seats.items():
        assert n == 1
        s = start.hour * 60 + start.minute
        assert opens <= s and s + minutes <= closes
        if break_starts is not None:
            assert s + minutes <= break_starts or s >= break_ends
    worked = (closes - opens) - ((break_ends - break_starts) if break_starts is not None else 0)
    assert len(seats) * minutes <= worked


def book(category, starts_at, seat=1, status=BookingStatus.BOOKED, phone_hash="x", **extra):
    return Booking.objects.create(
        hall=category.hall,
        category=category,
        day=starts_at.date(),
        starts_at=starts_at,
        seat=seat,
        status=status,
        phone="+77011234567",
        phone_hash=f"{phone_hash}{seat}{starts_at.isoformat()}",
        code_hash=f"{phone_hash}-{seat}-{starts_at.isoformat()}-{status}",
        **extra,
    )


@pytest.mark.django_db
def test_a_day_view_counts_free_seats_in_a_fixed_number_of_queries(cat_b, desk1, desk2):
    cat_b.average_minutes = 60
    cat_b.save()
    wednesday = TUESDAY + timedelta(days=1)
    book(cat_b, at(wednesday, 9))
    book(cat_b, at(wednesday, 9), seat=2)
    book(cat_b, at(wednesday, 10), status=BookingStatus.CANCELLED)
    book(cat_b, at(wednesday, 11), status=BookingStatus.PENDING, otp_expires_at=NOW - timedelta(minutes=1))
    with CaptureQueriesContext(connection) as queries:
        day = slots.day_slots(cat_b, wednesday, now=NOW)
    assert len(queries) == 2
    free = {s.starts_at.hour: (s.seats, s.free) for s in day}
    assert free[9] == (2, 0) and free[10] == (2, 2) and free[11] == (2, 2)
    assert 13 not in free and len(free) == 8
    with CaptureQueriesContext(connection) as queries:
        days = slots.days_free(cat_b, now=NOW)
    assert len(queries) == 2
    counts = dict(days)
    assert counts[wednesday] == 8 * 2 - 2
    assert INDEPENDENCE_DAY not in counts and date(2026, 12, 5) not in counts  # a holiday, a Saturday


@pytest.mark.django_db
def test_past_times_days_beyond_and_closed_categories_are_not_offered(hall, cat_a, desk1):
    cat_a.average_minutes = 60
    cat_a.save()
    today = slots.day_slots(cat_a, TUESDAY, now=NOW)
    assert [s.starts_at.hour for s in today] == [11, 12, 14, 15, 16, 17]  # 10:00 has begun at 10:00
    hall.booking_days_ahead = 3
    hall.save()
    assert [d for d, _n in slots.days_free(cat_a, now=NOW)] == [TUESDAY, TUESDAY + timedelta(days=1), date(2026, 12, 3)]
    assert slots.day_slots(cat_a, date(2026, 12, 4), now=NOW) == []
    assert slots.slot_seats(cat_a, at(date(2026, 12, 4), 9), now=NOW) == 0
    cat_a.bookable = False
    cat_a.save()
    assert slots.days_free(cat_a, now=NOW) == [] and slots.slot_seats(cat_a, at(TUESDAY, 11), now=NOW) == 0


@pytest.mark.django_db
def test_an_inactive_desk_gives_no_seats(cat_b, desk1, desk2):
    desk2.is_active = False
    desk2.save()
    assert {s.seats for s in slots.day_slots(cat_b, TUESDAY + timedelta(days=1), now=NOW)} == {1}
    DeskHours.objects.filter(desk=desk1).delete()
    assert slots.day_slots(cat_b, TUESDAY + timedelta(days=1), now=NOW) == []
