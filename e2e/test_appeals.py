"""An appeal is answered within its term: a resident writes to the akim of Akzhar on a phone and
keeps the receipt's tracking code; the operator passes the appeal to the construction department
with an instruction; the akim answers it at the desk by keyboard and publishes the anonymised
version the resident agreed to; the resident reads the answer on the tracking page and the public
finds it in the list. Every page passes axe-core, in Kazakh, Russian and English."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from openakimat.appeals.models import Appeal, Status
from openakimat.demo.territory import DEMO_PASSWORD
from openakimat.territory.models import Akimat, Department

from .test_apply_and_track import no_sideways_scroll
from .test_backoffice import current_code

PHONE_SCREEN = {"width": 390, "height": 844}
AKZHAR = "593400000"
TEXT = "The street lights on the main street of Talshik have been out for two weeks. Please repair them."


def said(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def signed_in(new_context, username: str, lang: str):
    page = new_context().new_page()
    page.goto(f"/{lang}/staff/login/?next=/{lang}/staff/appeals/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/staff/login/verify/$"))
    page.locator("#id_token").fill(current_code(username))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/staff/appeals/$"))
    return page


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_an_appeal_is_answered_within_its_term(new_context, axe, lang):
    akimat = Akimat.objects.get(territory__kato=AKZHAR)
    construction = Department.objects.get(akimat=akimat, kind="construction")

    # The resident writes on a phone; a first try without the consent comes back with its errors.
    phone = new_context(viewport=PHONE_SCREEN).new_page()
    phone.goto(f"/{lang}/appeals/write/")
    axe(phone, f"the appeal form ({lang})")
    no_sideways_scroll(phone)
    phone.locator("#id_akimat").select_option(str(akimat.pk))
    phone.locator("#id_topic").select_option("roads")
    phone.locator("#id_text").fill(TEXT)
    phone.locator("#id_name").fill("Айгерім Сәтбаева")
    phone.locator("#id_phone").fill("+7 701 123 4567")
    phone.locator("#id_language").select_option(lang)
    phone.locator("main form button[type=submit]").click()
    expect(phone.locator("#id_consent_error")).to_be_visible()
    axe(phone, f"the appeal form with an error ({lang})")
    phone.locator("#id_consent").check()
    phone.locator("#id_consent_to_publish").check()
    phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(re.compile(rf"/{lang}/appeals/receipt/$"))
    axe(phone, f"the receipt ({lang})")
    no_sideways_scroll(phone)
    number = phone.locator(".receipt-number").inner_text().strip()
    code = phone.locator(".tracking-code").inner_text().strip()
    appeal = Appeal.objects.get(number=number)
    assert appeal.status == Status.REGISTERED and appeal.consent_to_publish

    # The operator passes it to the construction department with an instruction.
    desk = signed_in(new_context, "demo.operator", lang)
    axe(desk, f"the appeals inbox ({lang})")
    desk.locator(f'a[href$="/staff/appeals/{number}/"]').click()
    axe(desk, f"the appeal page for the operator ({lang})")
    desk.locator("#id_department").select_option(str(construction.pk))
    desk.locator("#id_instruction_title").fill("Repair the street lights on the main street of Talshik")
    desk.locator("#route-button").click()
    expect(desk.locator(".case-state")).to_contain_text(said(lang, Status.ROUTED.label))

    # The akim answers at the desk, by keyboard, then prepares and publishes the anonymised version.
    office = signed_in(new_context, "demo.akim", lang)
    office.goto(f"/{lang}/staff/appeals/{number}/")
    axe(office, f"the appeal page for the akim ({lang})")
    office.locator("#id_text").focus()
    office.keyboard.type("The lights were repaired on the main street. Thank you for writing.")
    office.keyboard.press("Tab")
    expect(office.locator("#answer-button")).to_be_focused()
    office.keyboard.press("Enter")
    expect(office.locator(".case-state")).to_contain_text(said(lang, Status.ANSWERED.label))
    axe(office, f"the answered appeal for the akim ({lang})")
    office.locator("#id_question").fill("When will the street lights on the main street be repaired?")
    office.locator("#id_answer").fill("They were repaired within the term.")
    office.locator("#publication-button").click()
    office.locator("#publish-button").click()
    appeal.refresh_from_db()
    assert appeal.answered_in_term is True and appeal.published

    # The resident tracks it, typing the code in lower case, and reads the answer.
    phone.goto(f"/{lang}/appeals/track/")
    axe(phone, f"the tracking form ({lang})")
    phone.locator("#id_number").fill(number.lower())
    phone.locator("#id_code").fill(code.lower())
    phone.locator("main form button[type=submit]").click()
    expect(phone.locator("#answer")).to_contain_text("The lights were repaired")
    axe(phone, f"the answered appeal for the resident ({lang})")
    no_sideways_scroll(phone)

    # The public finds the anonymised version in the list, on a phone and at a desk.
    for viewer in (phone, new_context().new_page()):
        viewer.goto(f"/{lang}/appeals/?q=street+lights")
        viewer.locator(f'a[href$="/appeals/{number}/"]').click()
        expect(viewer.locator("main")).to_contain_text("They were repaired within the term.")
        expect(viewer.locator("main")).not_to_contain_text("Сәтбаева")
        axe(viewer, f"the published appeal ({lang})")
    phone.goto(f"/{lang}/appeals/")
    axe(phone, f"the list of answers ({lang})")
    no_sideways_scroll(phone)
