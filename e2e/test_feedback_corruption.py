"""A resident reports corruption anonymously on a 390 px phone (with a mistake on the way), keeps the
tracking code; the district's anti-corruption observer signs in with the second factor, opens the
report and answers it; the resident reads the answer with the code and adds information. In Kazakh,
Russian and English, and every page passes axe-core."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from openakimat.demo.territory import DEMO_PASSWORD
from openakimat.feedback.models import CorruptionReport, ReportAccess
from openakimat.territory.models import Akimat

from .test_apply_and_track import no_sideways_scroll
from .test_backoffice import current_code

PHONE_SCREEN = {"width": 390, "height": 844}
TEXT = "The land department asked for 200 000 tenge to register a plot faster, in cash, in the corridor."
ANSWER = "Thank you. We checked the department and forwarded the facts to the agency."


def said(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def observer_signed_in(new_context, lang: str):
    page = new_context().new_page()
    page.goto(f"/{lang}/staff/login/?next=/{lang}/staff/corruption/")
    page.locator("#id_username").fill("demo.observer")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/staff/login/verify/$"))
    page.locator("#id_token").fill(current_code("demo.observer"))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/staff/corruption/$"))
    return page


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_report_is_filed_anonymously_answered_and_followed_with_the_code(new_context, axe, lang):
    akimat = Akimat.objects.get(territory__kato="593400000")
    phone = new_context(viewport=PHONE_SCREEN).new_page()

    # From the footer to the form.
    phone.goto(f"/{lang}/")
    phone.locator(".site-footer").get_by_role("link", name=said(lang, "Report corruption anonymously")).click()
    expect(phone).to_have_url(f"/{lang}/corruption/")
    expect(phone.locator("#stored-heading")).to_be_visible()
    no_sideways_scroll(phone)
    axe(phone, f"the report form on a phone ({lang})")

    # A mistake: too short a text comes back on its field, nothing stored.
    phone.locator("#id_akimat").select_option(str(akimat.pk))
    phone.locator("#id_text").fill("Bribe.")
    phone.get_by_role("button", name=said(lang, "Send the report")).click()
    expect(phone.locator(".error-summary a[href='#id_text']")).to_be_visible()
    assert not CorruptionReport.objects.exists()
    no_sideways_scroll(phone)
    axe(phone, f"the report form with an error ({lang})")
    phone.locator("#id_text").fill(TEXT)
    phone.locator("#id_contact").fill("+7 701 555 0101")
    phone.get_by_role("button", name=said(lang, "Send the report")).click()
    code = phone.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    assert code not in phone.url and "corruption/" in phone.url
    no_sideways_scroll(phone)
    axe(phone, f"the tracking code ({lang})")
    report = CorruptionReport.objects.get()

    # The district's observer opens it, and answers.
    desk = observer_signed_in(new_context, lang)
    axe(desk, f"the observers' list ({lang})")
    desk.locator(f'a[href="/{lang}/staff/corruption/{report.pk}/"]').click()
    expect(desk.locator("main")).to_contain_text("+7 701 555 0101")
    axe(desk, f"the report's staff page ({lang})")
    desk.locator("#id_status").select_option("answered")
    desk.locator("#id_answer").fill(ANSWER)
    desk.get_by_role("button", name=said(lang, "Save the status")).click()
    expect(desk.locator("#report-status")).to_have_text(said(lang, "Answered"))
    assert ReportAccess.objects.filter(report=report, kind="view").count() >= 2

    # The resident reads the answer with the code, and adds information.
    phone.goto(f"/{lang}/corruption/track/")
    axe(phone, f"the tracking form ({lang})")
    phone.locator("#id_code").fill(code.lower())
    phone.get_by_role("button", name=said(lang, "Show my report")).click()
    expect(phone.locator("#report-answer")).to_contain_text(ANSWER)
    expect(phone.locator("#report-status")).to_have_text(said(lang, "Answered"))
    expect(phone.locator("main")).not_to_contain_text("+7 701 555 0101")
    no_sideways_scroll(phone)
    axe(phone, f"the report by its code ({lang})")
    phone.locator("#id_text").fill("He asked again on Monday, in the same corridor.")
    phone.get_by_role("button", name=said(lang, "Add to the report")).click()
    expect(phone.locator("main")).to_contain_text(said(lang, "Your information is added to the report."))
    axe(phone, f"the report with information added ({lang})")
    assert report.additions.count() == 1
