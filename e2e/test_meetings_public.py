"""A resident finds the meetings from the menu, sees a hybrid meeting live now in the list, opens
it (the broadcast's player, the agenda), then opens a public hearing and sends a question — first
without agreeing to the keeping of their name, which comes back on its field, then properly — and
gets the thank-you page; nothing they typed about themselves is in an address. In Kazakh, Russian
and English, at 390 px and at a desk, and every page passes axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from openakimat.common.actor import SystemActor
from openakimat.meetings import services
from openakimat.meetings.models import Format, Kind, Question
from openakimat.meetings.services import AgendaItemData, MeetingData
from openakimat.territory.models import Akimat

from .test_apply_and_track import no_sideways_scroll

PHONE_SCREEN = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
SYSTEM = SystemActor("e2e")
NAME = "Айгерім Сәтбаева"
CONTACT = "+7 701 123 4567"
PLAYER = "<!doctype html><html lang='en'><title>Player</title><body><p>Player</p></body></html>"


def said(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def meetings():
    akimat = Akimat.objects.get(territory__kato="593400000")
    now = timezone.now()
    live = services.meeting_schedule(
        actor=SYSTEM,
        akimat=akimat,
        data=MeetingData(
            kind=Kind.AKIMAT,
            format=Format.HYBRID,
            starts_at=now - timedelta(minutes=5),
            ends_at=now + timedelta(hours=2),
            title_kk="Әкімдік отырысы: жылу маусымы",
            title_ru="Заседание акимата: отопительный сезон",
            title_en="Akimat meeting: the heating season",
            place_kk="Талшық, мәжіліс залы",
            place_ru="Талшик, зал заседаний",
            place_en="Talshik, the assembly hall",
            stream_url="https://www.youtube.com/watch?v=abcDEF12345",
        ),
        agenda=[
            AgendaItemData(
                title_kk="Жылу маусымына дайындық",
                title_ru="Подготовка к отопительному сезону",
                title_en="Getting ready for the heating season",
                presenter_name="Серік Жұмабаев",
                duration_minutes=15,
            )
        ],
        publish=True,
    )
    starts = now + timedelta(days=5)
    hearing = services.meeting_schedule(
        actor=SYSTEM,
        akimat=akimat,
        data=MeetingData(
            kind=Kind.HEARING,
            format=Format.HYBRID,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            title_kk="Қоғамдық тыңдау: Талшықтағы саябақ",
            title_ru="Публичные слушания: парк в Талшике",
            title_en="Public hearing: the park in Talshik",
            place_kk="Талшық, мәдениет үйі",
            place_ru="Талшик, дом культуры",
            place_en="Talshik, the house of culture",
            questions_open_until=starts - timedelta(days=1),
        ),
        publish=True,
    )
    return live, hearing


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_resident_watches_a_live_meeting_and_asks_a_hearing_a_question(new_context, axe, lang):
    live, hearing = meetings()
    for viewport, label in ((PHONE_SCREEN, "phone"), (DESK, "desk")):
        context = new_context(viewport=viewport)
        # The player's host is not reached from the tests: a stand-in page answers for it.
        context.route(
            "https://www.youtube-nocookie.com/**", lambda route: route.fulfill(body=PLAYER, content_type="text/html")
        )
        page = context.new_page()
        page.goto(f"/{lang}/")
        if label == "phone":
            page.locator("#menu summary").click()
        page.get_by_role("link", name=said(lang, "Meetings"), exact=True).click()
        expect(page).to_have_url(re.compile(rf"/{lang}/meetings/$"))
        item = page.locator(".meeting-list li", has=page.locator(f'a[href="/{lang}/meetings/{live.pk}/"]'))
        expect(item.locator(".live-badge")).to_have_text(said(lang, "Live now"))
        no_sideways_scroll(page)
        axe(page, f"the meetings on a {label} ({lang})")

        # The live meeting: the badge, the player with its title, the agenda.
        item.locator("a").first.click()
        expect(page.locator("#meeting-live .live-badge")).to_be_visible()
        player = page.locator(".meeting-player iframe")
        expect(player).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/abcDEF12345")
        expect(player).to_have_attribute("title", re.compile(".+"))
        expect(page.locator(".agenda-list")).to_contain_text("Серік Жұмабаев")
        no_sideways_scroll(page)
        axe(page, f"the live meeting on a {label} ({lang})")

        # The hearing: a question without the consent comes back on its field, then it is sent.
        page.goto(f"/{lang}/meetings/{hearing.pk}/")
        page.locator("#id_text").fill("Саябақта жарықтандырылған жолдар болады ма?")
        page.locator("#id_author_name").fill(NAME)
        page.locator("#id_author_contact").fill(CONTACT)
        page.get_by_role("button", name=said(lang, "Send the question")).click()
        expect(page.locator(".error-summary a[href='#id_consent']")).to_be_visible()
        expect(page.locator("#id_author_name")).to_have_value(NAME)
        no_sideways_scroll(page)
        axe(page, f"the question with an error on a {label} ({lang})")
        page.locator("#id_consent").check()
        page.get_by_role("button", name=said(lang, "Send the question")).click()
        expect(page).to_have_url(re.compile(rf"/{lang}/meetings/{hearing.pk}/questions/sent/$"))
        expect(page.locator("h1")).to_have_text(said(lang, "Thank you for your question"))
        body = page.content()
        assert NAME not in body and "701 123" not in body and "7011234567" not in page.url
        no_sideways_scroll(page)
        axe(page, f"the thank-you page on a {label} ({lang})")
    assert Question.objects.filter(meeting=hearing).count() == 2
