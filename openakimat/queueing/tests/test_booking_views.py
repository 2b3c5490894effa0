"""The booking pages, without script: a hall's categories, a category's days, a day's times with
the phone, the SMS code (a wrong one first), the booking code shown once; finding the booking by
its code and the phone's last digits, moving and cancelling it; the kiosk's check-in."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from openakimat.common.calendar import ALMATY, next_working_day
from openakimat.notifications.models import Notification
from openakimat.queueing.models import Booking, BookingStatus, DeskHours

from .conftest import make_desk

pytestmark = pytest.mark.django_db
PHONE = "+7 701 123 4567"


@pytest.fixture
def setting(hall, cat_a):
    """Category A in hours at a desk open every day, all day; the next working day to book."""
    cat_a.average_minutes = 60
    cat_a.save()
    desk = make_desk(hall, 5, cat_a, hours=False)
    for weekday in range(7):
        DeskHours.objects.create(desk=desk, weekday=weekday, opens=time(0, 0), closes=time(23, 59))
    day = next_working_day(timezone.localdate())
    return hall, cat_a, day


def urls(hall, cat, day):
    kato = hall.akimat.territory.kato
    return (
        reverse("queue_booking:hall", kwargs={"kato": kato}),
        reverse("queue_booking:category", kwargs={"kato": kato, "letter": cat.letter}),
        reverse("queue_booking:day", kwargs={"kato": kato, "letter": cat.letter, "day": day.isoformat()}),
    )


def otp_of(booking):
    note = Notification.objects.filter(kind="queueing.booking_otp", target_id=booking.pk).latest("pk")
    return re.match(r"\d{6}", note.text).group(0)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_resident_books_on_the_pages_in_each_language(client, setting, lang):
    hall, cat, day = setting
    with timezone.override(ALMATY):
        hall_url, cat_url, day_url = (f"/{lang}{u[3:]}" for u in urls(hall, cat, day))
    assert cat_url in client.get(hall_url).content.decode()
    assert day_url in client.get(cat_url).content.decode()
    page = client.get(day_url)
    assert page.status_code == 200 and 'type="radio"' in page.content.decode()
    ten = datetime.combine(day, time(10), tzinfo=ALMATY).isoformat()
    bad = client.post(day_url, {"starts_at": ten, "phone": "12"})
    assert bad.status_code == 400
    done = client.post(day_url, {"starts_at": ten, "phone": PHONE})
    assert done.status_code == 302 and "7011234567" not in done["Location"]
    booking = Booking.objects.get(status=BookingStatus.PENDING)
    confirm = done["Location"]
    wrong = client.post(confirm, {"action": "confirm", "code": "999999" if otp_of(booking) != "999999" else "111111"})
    assert wrong.status_code == 400
    ok = client.post(confirm, {"action": "confirm", "code": otp_of(booking)})
    assert ok.status_code == 200
    code = re.search(r'id="booking-code"><strong>([A-Z0-9]{4}-[A-Z0-9]{4})<', ok.content.decode()).group(1)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    # The same time again: just taken (the one desk's one seat).
    client.cookies.clear()
    taken = client.post(day_url, {"starts_at": ten, "phone": "+7 701 000 0001"})
    assert taken.status_code in (400, 409)
    # Found by the code and the phone's last digits; never with the code in the address.
    find = reverse("queue_booking:find")
    assert client.post(find, {"code": code, "last_digits": "0000"}).status_code == 404
    found = client.post(find, {"code": code, "last_digits": "4567"})
    assert found.status_code == 302 and code not in found["Location"]
    page = client.get(found["Location"])
    assert "7011234567" not in page.content.decode() and "4567" not in page.content.decode()
    eleven = datetime.combine(day, time(11), tzinfo=ALMATY).isoformat()
    move = reverse("queue_booking:move")
    assert client.get(move, {"day": day.isoformat()}).status_code == 200
    assert client.post(move, {"day": day.isoformat(), "starts_at": eleven}).status_code == 200
    booking.refresh_from_db()
    assert timezone.localtime(booking.starts_at, ALMATY).hour == 11
    assert client.post(found["Location"]).status_code == 200
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_finding_is_rate_limited_per_address(client, setting):
    find = reverse("queue_booking:find")
    statuses = [client.post(find, {"code": "ABCDEFGH", "last_digits": "1234"}).status_code for _ in range(12)]
    assert statuses[:10] == [404] * 10 and statuses[-1] == 429


def test_the_kiosk_checks_a_booking_in(client, setting, monkeypatch):
    hall, cat, _day = setting
    from openakimat.queueing import services

    cat.average_minutes = 15
    cat.save()
    now = timezone.now().astimezone(ALMATY)
    slot = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0) + timedelta(minutes=15)
    if slot + timedelta(minutes=15) > slot.replace(hour=23, minute=59):
        pytest.skip("near midnight")
    checkin = reverse("queue_booking:checkin", kwargs={"kato": hall.akimat.territory.kato})
    assert client.get(checkin).status_code == 200
    assert client.post(checkin, {"code": "ZZZZ-ZZZZ"}).status_code == 404
    booking = services.booking_start(category=cat, starts_at=slot, phone=PHONE)
    booking, code = services.booking_confirm(booking=booking, otp=otp_of(booking))
    hall.checkin_early_minutes = 120
    hall.save()
    page = client.post(checkin, {"code": code})
    assert page.status_code == 200
    assert re.search(rf'id="ticket-number"><strong>{cat.letter}\d{{3}}<', page.content.decode())
    assert client.post(checkin, {"code": code}).status_code == 409


def test_the_day_page_costs_the_same_queries_however_many_bookings(client, setting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openakimat.queueing import services

    hall, cat, day = setting
    day_url = urls(hall, cat, day)[2]

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(day_url).status_code == 200
        return len(queries)

    empty = count()
    for hour in range(9, 14):
        moment = datetime.combine(day, time(hour), tzinfo=ALMATY)
        services.booking_start(category=cat, starts_at=moment, phone=f"+7 701 000 00{hour:02d}")
    assert count() == empty <= 8
