"""A resident books a time in the queue on a phone, confirms it with the SMS code (a wrong code
first), then checks in at the hall's kiosk with the booking code and gets a ticket of the booked
visitors, which the operator's "call next" takes before a walk-in who came earlier. In Kazakh,
Russian and English, at 390 px; every page passes axe-core."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from openakimat.accounts.models import User
from openakimat.notifications.models import Notification
from openakimat.queueing import services, slots
from openakimat.queueing.models import Booking, BookingStatus, Desk, DeskHours, Hall

from .test_apply_and_track import no_sideways_scroll

PHONE_SCREEN = {"width": 390, "height": 844}
KIOSK = {"width": 1080, "height": 1920}
PHONE = "+7 701 765 4321"


def said(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def sms_code(booking: Booking) -> str:
    note = Notification.objects.filter(kind="queueing.booking_otp", target_id=booking.pk).latest("pk")
    return re.match(r"\d{6}", note.text).group(0)


def hall_open_now():
    """The demo hall, with a desk open all of today serving its first category in 15-minute
    slots, so the next free time is minutes away and check-in is open for it."""
    hall = Hall.objects.select_related("akimat__territory").get()
    hall.checkin_early_minutes = 120
    hall.save()
    category = hall.categories.filter(bookable=True, is_active=True).order_by("order", "letter").first()
    category.average_minutes = 15
    category.save()
    desk = Desk.objects.create(hall=hall, number=9)
    desk.categories.set([category])
    now = timezone.localtime()
    DeskHours.objects.create(desk=desk, weekday=now.weekday(), opens=time(0, 0), closes=time(23, 59))
    today = [s for s in slots.day_slots(category, now.date()) if s.free]
    if not today or now + timedelta(minutes=30) > now.replace(hour=23, minute=44):
        pytest.skip("no free time left today (a public holiday, or too near midnight)")
    return hall, category, desk


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_resident_books_online_checks_in_at_the_kiosk_and_is_called_first(new_context, axe, lang):
    hall, category, desk = hall_open_now()
    kato = hall.akimat.territory.kato
    today = timezone.localdate()
    walk_in = services.ticket_issue(category=category).ticket  # came earlier, without booking

    phone = new_context(viewport=PHONE_SCREEN).new_page()
    phone.goto(f"/{lang}/queue/booking/{kato}/")
    no_sideways_scroll(phone)
    axe(phone, f"the hall's categories ({lang})")
    phone.locator(f'a[href="/{lang}/queue/booking/{kato}/{category.letter}/"]').click()
    expect(phone.locator("h1")).to_have_text(said(lang, "Choose a day"))
    no_sideways_scroll(phone)
    axe(phone, f"the days ({lang})")
    phone.locator(f'a[href="/{lang}/queue/booking/{kato}/{category.letter}/{today.isoformat()}/"]').click()
    expect(phone.locator("h1")).to_have_text(said(lang, "Choose a time"))
    no_sideways_scroll(phone)
    axe(phone, f"the times ({lang})")

    # The earliest free time, a phone number with a typo, then the right one.
    phone.locator('input[name="starts_at"]').first.check()
    phone.locator("#id_phone").fill("+7 701 765")
    phone.get_by_role("button", name=said(lang, "Send me the code")).click()
    expect(phone.locator(".error-summary a[href='#id_phone']")).to_be_visible()
    axe(phone, f"the times with an error ({lang})")
    phone.locator('input[name="starts_at"]').first.check()
    phone.locator("#id_phone").fill(PHONE)
    phone.get_by_role("button", name=said(lang, "Send me the code")).click()
    expect(phone).to_have_url(re.compile(rf"/{lang}/queue/booking/confirm/$"))
    booking = Booking.objects.get(status=BookingStatus.PENDING)
    axe(phone, f"the SMS code ({lang})")

    # A wrong code, then the right one.
    right = sms_code(booking)
    phone.locator("#id_code").fill("000000" if right != "000000" else "111111")
    phone.get_by_role("button", name=said(lang, "Confirm"), exact=True).click()
    expect(phone.locator("#id_code_error")).to_contain_text(
        said(lang, "This code is wrong. Check the SMS and type its six digits.")
    )
    axe(phone, f"the wrong SMS code ({lang})")
    phone.locator("#id_code").fill(right)
    phone.get_by_role("button", name=said(lang, "Confirm"), exact=True).click()
    expect(phone.locator("h1")).to_have_text(said(lang, "You are booked"))
    code = phone.locator("#booking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert code.replace("-", "") not in phone.url and "765" not in phone.content()
    no_sideways_scroll(phone)
    axe(phone, f"the booking code ({lang})")

    # The booking found again by its code and the phone's last digits; the page to move it.
    phone.goto(f"/{lang}/queue/booking/manage/")
    axe(phone, f"finding a booking ({lang})")
    phone.locator("#id_code").fill(code)
    phone.locator("#id_last_digits").fill(PHONE[-4:])
    phone.get_by_role("button", name=said(lang, "Find my booking")).click()
    expect(phone.locator("#booking-status")).to_have_text(said(lang, "Booked"))
    assert code not in phone.url and code.replace("-", "") not in phone.url
    no_sideways_scroll(phone)
    axe(phone, f"the booking found ({lang})")
    phone.get_by_role("button", name=said(lang, "Move to another time")).click()
    expect(phone.locator("h1")).to_have_text(said(lang, "Move your booking"))
    no_sideways_scroll(phone)
    axe(phone, f"moving the booking ({lang})")

    # At the kiosk: a mistyped code, then the right one.
    kiosk = new_context(viewport=KIOSK).new_page()
    kiosk.goto(f"/{lang}/queue/booking/{kato}/checkin/")
    axe(kiosk, f"the kiosk's check-in ({lang})")
    kiosk.locator("#id_code").fill("ZZZZ-ZZZZ")
    kiosk.get_by_role("button", name=said(lang, "Check in")).click()
    expect(kiosk.locator(".banner-warning")).to_be_visible()
    kiosk.locator("#id_code").fill(code.lower())
    kiosk.get_by_role("button", name=said(lang, "Check in")).click()
    number = kiosk.locator("#ticket-number")
    expect(number).to_have_text(re.compile(rf"^{category.letter}\d{{3}}$"))
    axe(kiosk, f"the ticket after check-in ({lang})")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN and booking.ticket.priority.code == "booked"
    assert booking.ticket.code == number.inner_text().strip()

    # The operator at the desk calls next: the booked visitor before the earlier walk-in.
    operator = User.objects.get(username="demo.operator")
    services.desk_sign_in(actor=operator, desk=desk)
    called = services.ticket_call_next(actor=operator, desk=desk)
    assert called == booking.ticket and called != walk_in
