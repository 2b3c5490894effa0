"""A civic developer asks for an Open311 API key, confirms by the e-mailed link and sees the key once
— each page accessible in Kazakh, Russian and English, at 390 px and by keyboard; the form works
without JavaScript."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from openakimat.problems.models import Category
from openakimat.territory.models import Akimat, Department

AKZHAR = "593400000"


@pytest.fixture
def roads(site):
    akimat = Akimat.objects.get(territory__kato=AKZHAR)
    department = Department.objects.filter(akimat=akimat).first()
    return Category.objects.get_or_create(
        akimat=akimat, code="roads", defaults={"department": department, "name_kk": "Жолдар", "name_en": "Roads"}
    )[0]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_developer_gets_a_key_by_keyboard_at_390px(new_context, axe, roads, lang):
    mail.outbox.clear()
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"/{lang}/developers/open311/keys/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    axe(page, f"the key sign-up page ({lang})")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways at 390 px"
    page.locator("#id_name").focus()
    page.keyboard.type("Civic Lab")
    page.keyboard.press("Tab")
    page.keyboard.type("dev@civic.example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("Pothole app")
    page.locator("#id_jurisdiction").select_option(AKZHAR)
    page.locator("form.form button[type=submit]").press("Enter")
    expect(page.locator("h1")).to_have_count(1)
    axe(page, f"the link-sent page ({lang})")
    assert len(mail.outbox) == 1
    confirm = re.search(r"https?://[^/]+(/\w+/developers/open311/keys/confirm/[^/\s]+/)", mail.outbox[0].body).group(1)
    page.goto(confirm)
    axe(page, f"the confirmation page ({lang})")
    page.locator("main form button").press("Enter")
    key = page.locator("#api-key")
    expect(key).to_be_visible()
    assert len(key.input_value()) == 43
    axe(page, f"the key page ({lang})")


def test_the_form_works_without_javascript(new_context, roads):
    mail.outbox.clear()
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/ru/developers/open311/keys/")
    page.locator("#id_name").fill("Civic Lab")
    page.locator("#id_email").fill("dev@civic.example.org")
    page.locator("#id_project").fill("Pothole app")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Проверьте электронную почту")
    assert len(mail.outbox) == 1


def test_a_form_with_mistakes_comes_back_accessible(page, axe, roads):
    page.goto("/en/developers/open311/keys/")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page, "the sign-up form with errors")
