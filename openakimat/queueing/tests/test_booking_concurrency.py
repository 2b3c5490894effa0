"""Booking under contention, with threads against PostgreSQL: ten residents taking the one seat of
a time at once, two moves onto the same seat, one phone booking twice on the same day at once."""

from datetime import date, datetime

import pytest
from django.db import connection

from openakimat.common.calendar import ALMATY
from openakimat.common.errors import ConflictError
from openakimat.common.tests.concurrency import run_together
from openakimat.queueing import services
from openakimat.queueing.models import HOLDING_STATUSES, Booking, BookingStatus

from .conftest import NOW
from .test_booking import booked

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WEDNESDAY = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers by locking the whole file")


@pytest.fixture
def hourly(cat_a, desk1):
    cat_a.average_minutes = 60
    cat_a.save()
    return cat_a


def at(hh):
    return datetime(2026, 12, 2, hh, tzinfo=ALMATY)


def _just_taken(result) -> bool:
    return isinstance(result, services.SlotTaken)


def test_ten_residents_taking_the_one_seat_at_once_give_it_to_one(hourly):
    def work(i):
        return services.booking_start(category=hourly, starts_at=at(10), phone=f"+7 701 000 {i:04d}", now=NOW)

    results = run_together(10, work)
    made = [r for r in results if isinstance(r, Booking)]
    assert len(made) == 1, results
    assert all(_just_taken(r) for r in results if not isinstance(r, Booking)), results
    assert Booking.objects.filter(starts_at=at(10), status__in=HOLDING_STATUSES).count() == 1


def test_two_moves_onto_the_same_seat_at_once_give_it_to_one(hourly):
    first, _ = booked(hourly, at(9), phone="+7 701 000 0001")
    second, _ = booked(hourly, at(11), phone="+7 701 000 0002")
    bookings = [first, second]

    def work(i):
        return services.booking_reschedule(booking=bookings[i], starts_at=at(15), now=NOW)

    results = run_together(2, work)
    assert sum(isinstance(r, Booking) for r in results) == 1, results
    assert sum(_just_taken(r) for r in results) == 1, results
    assert Booking.objects.filter(starts_at=at(15), status=BookingStatus.BOOKED).count() == 1
    # The loser kept its own time.
    assert Booking.objects.filter(status=BookingStatus.BOOKED).count() == 2
    assert set(Booking.objects.values_list("starts_at", flat=True)) in ({at(9), at(15)}, {at(11), at(15)})


def test_one_phone_booking_twice_on_the_same_day_at_once_keeps_one(hourly):
    def work(i):
        return services.booking_start(category=hourly, starts_at=at(10 + i), phone="+7 701 555 0000", now=NOW)

    results = run_together(4, work)
    assert not [r for r in results if isinstance(r, BaseException) and not isinstance(r, ConflictError)], results
    active = Booking.objects.filter(day=WEDNESDAY, status__in=(BookingStatus.PENDING, BookingStatus.BOOKED))
    assert active.count() == 1
