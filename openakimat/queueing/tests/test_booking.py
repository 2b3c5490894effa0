"""Online booking through the services: the SMS code, the booking code, the limits per phone, the
seats of a time, cancelling, moving, checking in at the kiosk and the sweep. Races are in
test_booking_concurrency.py; the pages in test_booking_views.py."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from openakimat.common.calendar import ALMATY
from openakimat.common.errors import ConflictError
from openakimat.notifications.models import Notification
from openakimat.queueing import services, tasks
from openakimat.queueing.models import Booking, BookingStatus, PriorityGroup, Ticket
from openakimat.queueing.services._booking_common import code_hash, normalise_code

from .conftest import NOW

pytestmark = pytest.mark.django_db
WEDNESDAY = date(2026, 12, 2)
PHONE = "+7 701 123 4567"


def at(day, hh, mm=0):
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=ALMATY)


def otp_of(booking) -> str:
    note = Notification.objects.filter(kind="queueing.booking_otp", target_id=booking.pk).latest("pk")
    return re.match(r"\d{6}", note.text).group(0)


def start(category, when, phone=PHONE, now=NOW):
    return services.booking_start(category=category, starts_at=when, phone=phone, now=now)


def booked(category, when, phone=PHONE, now=NOW):
    booking = start(category, when, phone, now)
    return services.booking_confirm(booking=booking, otp=otp_of(booking), now=now)


@pytest.fixture(autouse=True)
def _english():
    """The messages are matched in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def hourly(cat_a, desk1):
    """Category A in slots of an hour at desk 1 alone: one seat a slot."""
    cat_a.average_minutes = 60
    cat_a.save()
    return cat_a


def test_a_resident_books_with_the_sms_code_and_gets_a_booking_code(hourly):
    booking = start(hourly, at(WEDNESDAY, 10))
    assert booking.status == BookingStatus.PENDING and booking.seat == 1
    assert booking.otp_expires_at == NOW + timedelta(minutes=10)
    assert otp_of(booking) not in booking.otp_digest
    with pytest.raises(ValidationError) as wrong:
        services.booking_confirm(booking=booking, otp="000000" if otp_of(booking) != "000000" else "111111", now=NOW)
    assert wrong.value.error_dict["code"][0].code == "wrong"
    booking, code = services.booking_confirm(booking=booking, otp=otp_of(booking), now=NOW)
    assert booking.status == BookingStatus.BOOKED and booking.confirmed_at == NOW
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{8}", code)
    assert booking.code_hash == code_hash(code) and code not in booking.code_hash
    sms = Notification.objects.get(kind="queueing.booked", target_id=booking.pk)
    assert code in sms.text
    # Found with the code (typed any way) and the phone's last digits only.
    typed = f"{code[:4].lower()} - {code[4:]}"
    assert services.booking_find(typed, "4567") == booking
    assert services.booking_find(typed, "4568") is None
    assert services.booking_find("ABCDEFGH", "4567") is None
    assert normalise_code(typed) == code


def test_an_expired_or_spent_sms_code_is_refused_and_a_new_one_works(hourly):
    booking = start(hourly, at(WEDNESDAY, 10))
    with pytest.raises(ValidationError) as late:
        services.booking_confirm(booking=booking, otp=otp_of(booking), now=NOW + timedelta(minutes=11))
    assert late.value.error_dict["code"][0].code == "expired"
    for _ in range(5):
        with pytest.raises(ValidationError):
            services.booking_confirm(booking=booking, otp="12345x", now=NOW)
    with pytest.raises(ValidationError) as spent:
        services.booking_confirm(booking=booking, otp=otp_of(booking), now=NOW)
    assert spent.value.error_dict["code"][0].code == "spent"
    services.booking_otp_resend(booking=booking, now=NOW + timedelta(minutes=1))
    booking, _code = services.booking_confirm(booking=booking, otp=otp_of(booking), now=NOW + timedelta(minutes=2))
    assert booking.status == BookingStatus.BOOKED


def test_a_taken_seat_is_refused_and_an_expired_pending_one_is_released(hourly):
    booked(hourly, at(WEDNESDAY, 10))
    with pytest.raises(ConflictError, match="just taken"):
        start(hourly, at(WEDNESDAY, 10), phone="+7 701 000 0001")
    pending = start(hourly, at(WEDNESDAY, 11), phone="+7 701 000 0001")
    # Its code expires: the seat goes to the next resident who wants it.
    later = start(hourly, at(WEDNESDAY, 11), phone="+7 701 000 0002", now=NOW + timedelta(minutes=11))
    pending.refresh_from_db()
    assert pending.status == BookingStatus.CANCELLED and later.seat == 1
    with pytest.raises(ConflictError, match="not open"):
        start(hourly, at(WEDNESDAY, 13))  # the break
    with pytest.raises(ValidationError):
        start(hourly, at(WEDNESDAY, 14), phone="12345")


def test_one_booking_per_category_and_day_per_phone(hourly, cat_b):
    booked(hourly, at(WEDNESDAY, 10))
    with pytest.raises(ConflictError, match="already has a booking"):
        start(hourly, at(WEDNESDAY, 11))
    # A pending one gives way to the phone's next try on that day.
    first = start(hourly, at(date(2026, 12, 3), 10))
    second = start(hourly, at(date(2026, 12, 3), 11))
    first.refresh_from_db()
    assert first.status == BookingStatus.CANCELLED and second.status == BookingStatus.PENDING


def test_no_more_than_the_halls_bookings_in_any_ten_days(hall, hourly):
    hall.bookings_per_ten_days = 2
    hall.save()
    booked(hourly, at(WEDNESDAY, 10))
    lapsed, _code = booked(hourly, at(date(2026, 12, 7), 10))
    Booking.objects.filter(pk=lapsed.pk).update(status=BookingStatus.LAPSED)  # a lapsed one counts too
    with pytest.raises(ConflictError, match="ten days"):
        start(hourly, at(date(2026, 12, 11), 10))  # 2–11 December: three
    # 12 December is a Saturday; the 14th: only the 7th is within ten days.
    assert start(hourly, at(date(2026, 12, 14), 10)).status == BookingStatus.PENDING
    # A cancelled booking does not count.
    Booking.objects.filter(pk=lapsed.pk).update(status=BookingStatus.CANCELLED)
    assert start(hourly, at(date(2026, 12, 10), 10)).status == BookingStatus.PENDING


def test_cancel_frees_the_seat_and_reschedule_moves_in_one_step(hourly):
    booking, _code = booked(hourly, at(WEDNESDAY, 10))
    other, _ = booked(hourly, at(WEDNESDAY, 11), phone="+7 701 000 0003")
    with pytest.raises(ConflictError, match="just taken"):
        services.booking_reschedule(booking=booking, starts_at=at(WEDNESDAY, 11), now=NOW)
    booking.refresh_from_db()
    assert booking.starts_at == at(WEDNESDAY, 10) and booking.status == BookingStatus.BOOKED
    moved = services.booking_reschedule(booking=booking, starts_at=at(date(2026, 12, 3), 12), now=NOW)
    assert moved.starts_at == at(date(2026, 12, 3), 12) and moved.day == date(2026, 12, 3)
    assert Notification.objects.filter(kind="queueing.booking_moved", target_id=booking.pk).exists()
    # The old time is free again.
    assert start(hourly, at(WEDNESDAY, 10), phone="+7 701 000 0004").seat == 1
    services.booking_cancel(booking=other, now=NOW)
    with pytest.raises(ConflictError):
        services.booking_cancel(booking=other, now=NOW)
    assert start(hourly, at(WEDNESDAY, 11), phone="+7 701 000 0005").seat == 1


def test_check_in_inside_the_window_gives_a_booked_ticket(hall, hourly):
    _booking, code = booked(hourly, at(WEDNESDAY, 10))
    with pytest.raises(services.NotFound):
        services.booking_check_in(hall=hall, code="ZZZZZZZZ", now=at(WEDNESDAY, 9, 40))
    with pytest.raises(ConflictError, match="too early"):
        services.booking_check_in(hall=hall, code=code, now=at(WEDNESDAY, 9, 29))
    with pytest.raises(ConflictError, match="closed at 10:10"):
        services.booking_check_in(hall=hall, code=code, now=at(WEDNESDAY, 10, 11))
    booking2, issued = services.booking_check_in(hall=hall, code=code.lower(), now=at(WEDNESDAY, 9, 30))
    assert booking2.status == BookingStatus.CHECKED_IN and booking2.ticket == issued.ticket
    assert issued.ticket.priority.code == PriorityGroup.Code.BOOKED and issued.token
    with pytest.raises(ConflictError, match="already checked in"):
        services.booking_check_in(hall=hall, code=code, now=at(WEDNESDAY, 9, 31))
    assert Ticket.objects.count() == 1


def test_the_sweep_lapses_releases_and_forgets_phones(hall, hourly, monkeypatch):
    missed, _ = booked(hourly, at(WEDNESDAY, 10))
    pending = start(hourly, at(WEDNESDAY, 11), phone="+7 701 000 0006")
    kept, _ = booked(hourly, at(WEDNESDAY, 12), phone="+7 701 000 0007")
    swept = services.bookings_sweep(now=at(WEDNESDAY, 10, 11))
    assert (swept.lapsed, swept.released) == (1, 1)
    statuses = dict(Booking.objects.values_list("pk", "status"))
    assert statuses[missed.pk] == "lapsed" and statuses[pending.pk] == "cancelled" and statuses[kept.pk] == "booked"
    swept = services.bookings_sweep(now=at(date(2026, 12, 3), 0, 10))
    missed.refresh_from_db()
    kept.refresh_from_db()
    assert missed.phone == "" and missed.phone_hash and kept.status == "lapsed" and kept.phone == ""
    # The beat's tasks run the services.
    assert tasks.sweep_bookings() == {"lapsed": 0, "released": 0, "erased": 0}
    assert tasks.close_day() == 0
