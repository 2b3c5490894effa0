"""A resident on a phone finds birth registration by the words people use — "ЗАГС" in Russian,
"birth certificate" in English — or by browsing life situations, with axe clean on every page."""

import re

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
BIRTH = {
    "ru": ("ЗАГС", "Государственная регистрация рождения ребенка"),
    "en": ("birth certificate", "State registration of birth"),
    "kk": ("туу туралы куәлік", "Баланың тууын мемлекеттік тіркеу"),
}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_resident_on_a_phone_finds_birth_registration_by_common_words(new_context, axe, lang):
    query, name = BIRTH[lang]
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(f"/{lang}/services/")
    # Even before a search, birth registration heads the popular services on the first screen.
    popular = page.locator('#popular-heading ~ ul a[href$="/ZAGS-01/"]')
    expect(popular).to_have_text(name)
    box = popular.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    axe(page, f"the catalogue on a phone ({lang})")

    page.locator("#id_q").fill(query)
    page.locator(".search-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"\?q="))
    first = page.locator(".service-list a").first
    expect(first).to_have_text(name)
    # The answer is on the first screen of the phone, not 1,667 px down.
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    axe(page, f"the search results on a phone ({lang})")

    first.click()
    expect(page).to_have_url(re.compile(rf"/{lang}/services/ZAGS-01/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    axe(page, f"the service page on a phone ({lang})")


def test_resident_without_javascript_browses_life_situations_to_birth_registration(new_context, axe):
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto("/kk/services/")
    page.get_by_role("link", name="Баланың тууы", exact=True).click()
    expect(page).to_have_url(re.compile(r"/kk/services/situations/#birth$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Өмірлік жағдайлар бойынша қызметтер")
    page.locator("section", has=page.locator("h2#birth")).get_by_role("link", name=BIRTH["kk"][1], exact=True).click()
    expect(page).to_have_url(re.compile(r"/kk/services/ZAGS-01/$"))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_life_situations_page_is_axe_clean_on_a_phone(new_context, axe, lang):
    # axe needs JavaScript, which the journey above goes without.
    page = new_context(viewport=PHONE).new_page()
    page.goto(f"/{lang}/services/situations/")
    expect(page.locator("h2#birth")).to_be_visible()
    axe(page, f"the life situations ({lang})")


def test_a_misspelt_search_offers_the_right_words(new_context, axe):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/ru/services/?q=свидетельство+о+раждении")
    suggestion = page.locator(".did-you-mean a")
    expect(suggestion).to_have_text("свидетельство о рождении")
    expect(page.locator(".service-list a").first).to_have_text(BIRTH["ru"][1])
    axe(page, "did you mean (ru)")
    suggestion.click()
    expect(page.locator(".did-you-mean")).to_have_count(0)
    expect(page.locator(".service-list a").first).to_have_text(BIRTH["ru"][1])
