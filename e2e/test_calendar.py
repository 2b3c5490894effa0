"""A resident finds the akim's next open reception in the public calendar, at a desk and on a phone
at 390 px, in Kazakh, Russian and English: the month table with the reception in its day, the
previous and next months reached by keyboard alone, the list of upcoming events, and the feed to
subscribe to. Every page passes axe-core."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from openakimat.agenda.ical import ALMATY
from openakimat.agenda.selectors import add_months
from openakimat.receptions.models import Reception

from .test_apply_and_track import no_sideways_scroll

PHONE_SCREEN = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


def said(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def tab_to(page, locator, presses: int = 80) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    target = locator.element_handle()
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("el => document.activeElement === el", target):
            return
    pytest.fail("the link was never reached with the Tab key")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_resident_finds_a_reception_in_the_calendar_by_keyboard_and_on_a_phone(new_context, axe, lang):
    reception = Reception.objects.filter(status="scheduled").order_by("starts_at").first()
    kato = reception.akimat.territory.kato
    start = reception.starts_at.astimezone(ALMATY)
    month = start.date().replace(day=1)

    # At a desk: the menu leads to the calendar of all akimats; choosing the akimat leads to its own.
    desk = new_context(viewport=DESK).new_page()
    desk.goto(f"/{lang}/")
    desk.get_by_role("link", name=said(lang, "Calendar"), exact=True).first.click()
    expect(desk).to_have_url(re.compile(rf"/{lang}/calendar/$"))
    axe(desk, f"the calendar of all akimats ({lang})")
    desk.locator("#akimat-choice").select_option(kato)
    desk.get_by_role("button", name=said(lang, "Show the akimat")).click()
    expect(desk).to_have_url(re.compile(rf"/{lang}/calendar/{kato}/$"))

    desk.goto(f"/{lang}/calendar/{kato}/?month={month:%Y-%m}")
    table = desk.locator("table.calendar-table")
    expect(table).to_be_visible()
    cell = table.locator("td", has=desk.locator(f'time[datetime="{start:%Y-%m-%d}"]'))
    expect(cell.locator(f'a[href="/{lang}/receptions/{reception.pk}/"]')).to_be_visible()
    expect(cell).to_contain_text(f"{start:%H:%M}")
    expect(cell).to_contain_text(said(lang, "Open reception"))
    axe(desk, f"the month of the akimat at a desk ({lang})")

    # The next month and back again, with the keyboard alone.
    after, before = add_months(month, 1), month
    next_link = desk.locator('a[rel="next"]')
    tab_to(desk, next_link)
    desk.keyboard.press("Enter")
    expect(desk).to_have_url(re.compile(rf"month={after:%Y-%m}"))
    prev_link = desk.locator('a[rel="prev"]')
    tab_to(desk, prev_link)
    desk.keyboard.press("Enter")
    expect(desk).to_have_url(re.compile(rf"month={before:%Y-%m}"))

    # The list of upcoming events, and the feed the page offers to subscribe to.
    desk.get_by_role("link", name=said(lang, "Upcoming events as a list")).click()
    expect(desk.locator(".day-list")).to_contain_text(reception.host_name_en if lang == "en" else "")
    axe(desk, f"the list of upcoming events ({lang})")
    # The demo's cancelled reception: struck through, and saying so in words.
    cancelled = desk.locator(".day-list .event-cancelled").first
    expect(cancelled).to_contain_text(said(lang, "Cancelled"))
    decoration = cancelled.locator(".event-body").evaluate("el => getComputedStyle(el).textDecorationLine")
    assert "line-through" in decoration
    feed = desk.request.get(f"/{lang}/calendar/{kato}.ics")
    assert feed.ok and feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert f"reception-{reception.pk}@".encode() in feed.body()

    # On a phone: the month is the list of its days, nothing scrolls sideways.
    phone = new_context(viewport=PHONE_SCREEN).new_page()
    phone.goto(f"/{lang}/calendar/{kato}/?month={month:%Y-%m}")
    expect(phone.locator("table.calendar-table")).to_be_hidden()
    expect(phone.locator(f'.month-agenda a[href="/{lang}/receptions/{reception.pk}/"]')).to_be_visible()
    no_sideways_scroll(phone)
    axe(phone, f"the month on a phone ({lang})")
    phone.goto(f"/{lang}/calendar/?view=list")
    no_sideways_scroll(phone)
    axe(phone, f"the list of all akimats on a phone ({lang})")

    # Nonsense in the address: a message in the reader's language and a 400, not an error page.
    answer = phone.goto(f"/{lang}/calendar/{kato}/?month=2026-13")
    assert answer.status == 400
    expect(phone.locator(".banner-warning")).to_contain_text(
        said(lang, "Give a month as year and month, like %(example)s, between %(earliest)s and %(latest)s.").split("%")[
            0
        ]
    )
    axe(phone, f"a refused month ({lang})")
