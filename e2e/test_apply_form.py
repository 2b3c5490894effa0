"""On a 390 px phone, in Kazakh, a parent applies for the registration of a child's birth: the form
asks about the child, a mistake brings the error summary into focus with the attached certificate
kept, and after the fix the statement is made from the answers — every page axe-clean."""

import re

from django.utils import translation
from playwright.sync_api import expect

from openakimat.applications.models import Application

from .test_apply_and_track import BIRTH_ANSWERS, IIN, NAME, PDF, PHONE, SERVICE, fill_answers, online_offering


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways at {width}px"


def test_a_parent_on_a_phone_applies_for_a_birth_registration_in_kazakh(new_context, axe):
    online_offering()
    page = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    page.goto(f"/kk/apply/{SERVICE}/")
    expect(page.locator("legend", has_text=re.compile("^Бала$"))).to_have_count(1)
    expect(page.locator("legend", has_text=re.compile("^Ата-анасы$"))).to_have_count(1)
    no_sideways_scroll(page)
    axe(page, "the birth registration form (kk, 390 px)")

    page.locator("#id_iin").fill(IIN)
    page.locator("#id_full_name").fill(NAME)
    page.locator("#id_phone").fill(PHONE)
    # The mistake: the mother's name left out.
    fill_answers(page, {k: v for k, v in BIRTH_ANSWERS.items() if k != "mother_name"})
    certificate = page.locator("input[type=file][required]")
    expect(certificate).to_have_count(1)
    certificate.set_input_files(files=[{"name": "tuu-kualik.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.locator("#id_consent").check()
    page.locator(".apply-form button[type=submit]").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    with translation.override("kk"):
        error = translation.gettext("Error")
    assert page.title().startswith(f"{error}:"), page.title()
    expect(summary.locator('a[href="#id_answer_mother_name"]')).to_have_count(1)
    # The certificate is kept: shown as attached, no longer required.
    expect(page.locator(".kept-file")).to_contain_text("tuu-kualik.pdf")
    expect(page.locator("input[type=file][required]")).to_have_count(0)
    # What was typed is still there.
    expect(page.locator("#id_answer_child_given_name")).to_have_value("Нұрлан")
    no_sideways_scroll(page)
    axe(page, "the birth registration form with a mistake (kk, 390 px)")

    summary.locator('a[href="#id_answer_mother_name"]').click()
    expect(page.locator("#id_answer_mother_name")).to_be_focused()
    page.locator("#id_answer_mother_name").fill(BIRTH_ANSWERS["mother_name"])
    page.locator("#id_consent").check()
    page.locator(".apply-form button[type=submit]").click()

    # (The browser keeps the fragment of the error link it followed across the redirect.)
    expect(page).to_have_url(re.compile(r"/kk/apply/receipt/(#[a-z_]*)?$"))
    axe(page, "the receipt (kk, 390 px)")
    number = page.locator(".receipt-number").inner_text().strip()
    page.locator('a[href="/kk/apply/receipt/statement/"]').click()
    statement = page.locator("article.statement")
    expect(statement.locator("h1")).to_have_text("Өтініш")
    expect(statement).to_contain_text("Нұрлан")
    expect(statement).to_contain_text(NAME)  # the mother's name, as answered
    no_sideways_scroll(page)
    axe(page, "the statement (kk, 390 px)")

    case = Application.objects.get(number=number)
    assert case.answers["mother_name"] == NAME and case.statement["language"] == "kk"
    assert [d.original_name for d in case.documents.all()] == ["tuu-kualik.pdf"]
