"""A resident takes a ticket at the hall's kiosk (after a slip: no service chosen), follows it on a
phone through the ticket's own page, and the operator calls it: the display board across the hall
shows the number and the desk within 2 seconds, and the phone page says which desk to go to. In
Kazakh, Russian and English, each page passing axe-core; nothing personal on the board."""

import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from openakimat.accounts.models import User
from openakimat.demo import territory as demo
from openakimat.queueing import services
from openakimat.queueing.models import Desk, Hall, Ticket
from openakimat.queueing.services import tickets as ticket_services

from .test_apply_and_track import no_sideways_scroll

KIOSK_SCREEN = {"width": 1080, "height": 1920}
PHONE_SCREEN = {"width": 390, "height": 844}
TV = {"width": 1920, "height": 1080}
PHONE = "+7 701 123 4567"


def said(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


@pytest.fixture
def tokens(monkeypatch):
    """The tokens of the tickets taken, as the QR code carries them (the database keeps a hash)."""
    taken: list[str] = []
    original = ticket_services.new_token

    def remember() -> str:
        token = original()
        taken.append(token)
        return token

    monkeypatch.setattr(ticket_services, "new_token", remember)
    return taken


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_resident_takes_a_ticket_and_the_board_shows_it_called(new_context, axe, tokens, lang):
    hall = Hall.objects.get(akimat__territory__kato=demo.AKZHAR)
    kato = hall.akimat.territory.kato

    # The board on the hall's TV, open before anything happens.
    tv = new_context(viewport=TV).new_page()
    tv.goto(f"/{lang}/queue/{kato}/board/")
    expect(tv.locator("#board-sound")).to_be_visible()
    axe(tv, f"the board ({lang})")

    # The kiosk: choose a service.
    kiosk = new_context(viewport=KIOSK_SCREEN).new_page()
    kiosk.goto(f"/{lang}/queue/{kato}/kiosk/")
    expect(kiosk.locator(".kiosk-languages a[aria-current='true']")).to_have_attribute("lang", lang)
    axe(kiosk, f"the kiosk's services ({lang})")
    first = kiosk.locator("a.kiosk-choice[href*='category=']").first
    category_name = first.inner_text()
    first.click()
    expect(kiosk.locator("h1")).to_contain_text(category_name.split(maxsplit=1)[-1])
    axe(kiosk, f"the kiosk's second step ({lang})")

    # A slip: the form sent without its service (as a stale page would) is refused, nothing issued.
    kiosk.evaluate("document.querySelector('input[name=category]').remove()")
    kiosk.locator("#no-priority").click()
    expect(kiosk.locator(".error-summary")).to_contain_text(said(lang, "Choose a service first."))
    assert not Ticket.objects.filter(day=timezone.localdate()).exists()  # the demo's history is of past days
    axe(kiosk, f"the kiosk with an error ({lang})")

    # Again, with a phone for the SMS, no priority group.
    kiosk.locator("a.kiosk-choice[href*='category=']").first.click()
    kiosk.locator("#id_phone").fill(PHONE)
    kiosk.locator("#no-priority").click()
    expect(kiosk).to_have_url(re.compile(rf"/{lang}/queue/{kato}/kiosk/ticket/$"))
    ticket = Ticket.objects.get(day=timezone.localdate())
    expect(kiosk.locator("#ticket-number")).to_have_text(ticket.code)
    expect(kiosk.locator("#ticket-ahead")).to_have_text("0")
    expect(kiosk.locator(".receipt-qr img")).to_have_attribute("src", re.compile(r"^data:image/svg\+xml;base64,"))
    axe(kiosk, f"the ticket at the kiosk ({lang})")
    # Shown once: the kiosk can't bring it back.
    kiosk.reload()
    expect(kiosk).to_have_url(re.compile(rf"/{lang}/queue/{kato}/kiosk/$"))

    # The resident's phone opens the QR code's page.
    (token,) = tokens
    phone = new_context(viewport=PHONE_SCREEN).new_page()
    phone.goto(f"/{lang}/queue/ticket/{token}/")
    expect(phone.locator("h1")).to_contain_text(ticket.code)
    expect(phone.locator("#ticket-sms")).to_be_visible()
    no_sideways_scroll(phone)
    axe(phone, f"the ticket page waiting ({lang})")

    # The operator at desk 1 calls the next ticket: the board shows it within 2 seconds.
    operator = User.objects.get(username="demo.operator")
    desk = Desk.objects.get(hall=hall, number=1)
    services.desk_sign_in(actor=operator, desk=desk)
    called = services.ticket_call_next(actor=operator, desk=desk)
    assert called == ticket
    row = tv.locator("#board-calling tr").first
    expect(row).to_contain_text(ticket.code, timeout=2000)
    expect(row.locator(".board-desk")).to_have_text("1")
    expect(row).to_have_class("board-new")
    assert "4567" not in tv.content()
    axe(tv, f"the board with a call ({lang})")

    phone.reload()
    expect(phone.locator("#ticket-status")).to_contain_text(said(lang, "Go to desk %(desk)s") % {"desk": 1})
    no_sideways_scroll(phone)
    axe(phone, f"the ticket page called ({lang})")
