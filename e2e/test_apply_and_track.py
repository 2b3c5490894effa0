"""A resident applies online, keeps the receipt and tracks the application with its number and
code — in each language, by keyboard, with no account — and the pages pass axe-core."""

import io
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from openakimat.applications.models import Status
from openakimat.applications.services import Applicant, Upload, application_register
from openakimat.catalogue.models import ServiceOffering
from openakimat.common import samples
from openakimat.common.iin import check_digit

AKZHAR = "593400000"
SERVICE = "ZAGS-01"  # state registration of birth: online in the demo register
SEARCH = {"kk": "туу", "ru": "рождения", "en": "birth"}
PDF = samples.PDF
PHONE = "+7 701 123 4567"
NAME = "Айгерім Сәтбаева"


def valid_iin(birth: str = "900515", century_sex: str = "4", serial: int = 321) -> str:
    while (digit := check_digit(f"{birth}{century_sex}{serial:04d}")) is None:
        serial += 1
    return f"{birth}{century_sex}{serial:04d}{digit}"


IIN = valid_iin()


def online_offering() -> ServiceOffering:
    """The demo's online birth registration, offered by Akzhar's civil registry."""
    offering = (
        ServiceOffering.objects.select_related("service")
        .filter(service__code=SERVICE, department__akimat__territory__kato=AKZHAR, department__is_active=True)
        .first()
    )
    assert offering is not None and offering.service.online, f"the demo no longer offers {SERVICE} online at Akzhar"
    return offering


# The demo's birth registration asks about the child and the parents (demo/data/forms.json).
BIRTH_ANSWERS = {
    "child_surname": "Сәтбаев",
    "child_given_name": "Нұрлан",
    "child_sex": "male",
    "child_birth_date": "2026-11-20",
    "child_birth_place": "Талшық ауылы",
    "mother_name": NAME,
    "parents_married": "yes",
}


def fill_answers(page, answers: dict[str, str]) -> None:
    """Type the answers to the service's own questions; a choice is a radio button."""
    for name, value in answers.items():
        radio = page.locator(f'input[type=radio][name="answer_{name}"][value="{value}"]')
        if radio.count():
            radio.check()
        else:
            page.locator(f"#id_answer_{name}").fill(value)


def label(lang: str, text) -> str:
    with translation.override(lang):
        return str(text)


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways at {width}px"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_resident_applies_online_and_tracks_application_by_receipt(page, axe, lang):
    online_offering()
    page.goto(f"/{lang}/services/")
    page.locator("#id_q").fill(SEARCH[lang])
    page.locator(".search-form button[type=submit]").click()
    page.locator(f'.service-list a[href="/{lang}/services/{SERVICE}/"]').click()
    apply_link = page.locator(f'a[href="/{lang}/apply/{SERVICE}/"]')
    expect(apply_link).to_have_count(1)
    apply_link.click()
    expect(page).to_have_url(re.compile(rf"/{lang}/apply/{SERVICE}/$"))
    expect(page.locator("#id_language")).to_have_value(lang)
    axe(page, f"the application form ({lang})")

    # Sent empty: every mistake listed at the top, each linked to its field.
    page.locator(".apply-form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator('a[href="#id_iin"]')).to_have_count(1)
    expect(summary.locator('a[href="#id_consent"]')).to_have_count(1)
    axe(page, f"the application form with errors ({lang})")

    page.locator("#id_iin").fill(IIN)
    page.locator("#id_full_name").fill(NAME)
    page.locator("#id_phone").fill(PHONE)
    fill_answers(page, BIRTH_ANSWERS)
    required_files = page.locator("input[type=file][required]")
    assert required_files.count() >= 1
    for i in range(required_files.count()):
        required_files.nth(i).set_input_files(
            files=[{"name": f"document-{i}.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
    page.locator("#id_consent").check()
    page.locator(".apply-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/{lang}/apply/receipt/$"))
    number = page.locator(".receipt-number").inner_text().strip()
    code = page.locator(".tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z]{2,6}-\d{4}-\d{6}|\d{4}-\d{4}-\d{6}", number), number
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{5}", code), code
    html = page.content()
    for personal in (IIN, NAME, "701 123 4567", "+77011234567"):
        assert personal not in html
    axe(page, f"the receipt ({lang})")
    # Printed, the receipt keeps its facts and drops the site's header, footer and links.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".print-hint")).to_be_hidden()
    expect(page.locator(".tracking-code")).to_be_visible()
    page.emulate_media(media="screen")

    page.goto(f"/{lang}/track/")
    axe(page, f"the tracking form ({lang})")
    page.locator("#id_number").fill(number)
    page.locator("#id_tracking_code").fill(code)
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".case-state strong")).to_have_text(label(lang, Status.REGISTERED.label))
    assert code not in page.url and number not in page.url
    html = page.content()
    for personal in (IIN, NAME, "701 123 4567", "+77011234567"):
        assert personal not in html
    axe(page, f"the tracking result ({lang})")


def test_keyboard_user_tracks_an_application_with_tab_and_enter(page):
    case = application_register(
        actor=None,
        offering=online_offering(),
        channel="online",
        consent=True,
        applicant=Applicant(iin=IIN, name=NAME, phone=PHONE, language="en"),
        answers=BIRTH_ANSWERS,
        documents=[
            Upload(file=io.BytesIO(PDF), name="application.pdf", required=d)
            for d in online_offering().service.documents.filter(mandatory=True)
        ],
    )
    page.goto("/en/track/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_number":
            break
    else:
        pytest.fail("the number field was not reached by Tab")
    page.keyboard.type(case.number)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_tracking_code"
    page.keyboard.type(case.tracking_code.lower())
    page.keyboard.press("Enter")
    expect(page.locator(".case-state strong")).to_have_text("Registered")
    expect(page.get_by_role("heading", level=2).first).to_contain_text(case.number)


def test_phone_reader_at_320px_applies_without_sideways_scrolling(new_context):
    online_offering()
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto(f"/ru/apply/{SERVICE}/")
    no_sideways_scroll(page)
    page.locator(".apply-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    no_sideways_scroll(page)
    page.locator("#id_iin").fill(IIN)
    page.locator("#id_full_name").fill(NAME)
    page.locator("#id_phone").fill(PHONE)
    fill_answers(page, BIRTH_ANSWERS)
    for i in range(page.locator("input[type=file][required]").count()):
        page.locator("input[type=file][required]").nth(i).set_input_files(
            files=[{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
    page.locator("#id_consent").check()
    page.locator(".apply-form button[type=submit]").click()
    expect(page.locator(".tracking-code")).to_be_visible()
    no_sideways_scroll(page)
    page.goto("/ru/track/")
    no_sideways_scroll(page)
