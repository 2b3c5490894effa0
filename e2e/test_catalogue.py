"""A resident looks up a public service: searches the register, opens the service's page and
sees its term, fee, documents and where to apply — in each language, by keyboard, without
JavaScript."""

import re

import pytest
from playwright.sync_api import expect

SEARCH = {
    "kk": ("туу", "Баланың тууын мемлекеттік тіркеу", "1 жұмыс күні"),
    "ru": ("Регистрация раждения", "Государственная регистрация рождения ребенка", "1 рабочий день"),
    "en": ("birth", "State registration of birth", "1 working day"),
}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_resident_searches_the_catalogue_and_opens_a_service(page, axe, lang):
    query, name, term = SEARCH[lang]
    page.goto(f"/{lang}/services/")
    expect(page.locator("h1")).to_have_count(1)
    axe(page, f"the catalogue ({lang})")

    page.locator("#id_q").fill(query)
    page.locator(".search-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"\?q="))
    result = page.locator(".service-list a", has_text=name)
    expect(result).to_have_count(1)
    axe(page, f"the search results ({lang})")

    result.click()
    expect(page).to_have_url(re.compile(rf"/{lang}/services/ZAGS-01/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator(".facts")).to_contain_text(term)
    expect(page.locator(f'a[href="/{lang}/akimats/593400000/"]')).to_have_count(1)
    axe(page, f"the service page ({lang})")


def test_keyboard_user_searches_and_opens_a_result_with_tab_and_enter(page):
    page.goto("/en/services/")
    page.locator("#id_q").focus()
    page.keyboard.type("marriage")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Search"
    page.keyboard.press("Enter")
    expect(page.locator(".service-list a").first).to_be_visible()
    for _ in range(30):
        page.keyboard.press("Tab")
        if "/services/ZAGS-02/" in (page.evaluate("document.activeElement.getAttribute('href')") or ""):
            break
    else:
        pytest.fail("the result link was not reached by Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("State registration of marriage")


def test_resident_without_javascript_filters_by_department(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/ru/services/")
    page.locator("#id_department_kind").select_option("construction")
    page.locator(".search-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"department_kind=construction"))
    links = page.locator(".service-list a")
    expect(links).to_have_count(5)
    expect(links.first).to_contain_text("архитектурно-планировочного")
