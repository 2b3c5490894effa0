"""Every public page passes axe-core's WCAG 2.0/2.1 A and AA rules in Kazakh, Russian and English,
and a resident can switch the language or the text size without losing their place."""

import re

import pytest
from playwright.sync_api import expect

LANGUAGES = ["kk", "ru", "en"]
DISPLAY_SUMMARY = ".display-settings summary"  # its label is translated
AKZHAR = "/{lang}/akimats/593400000/"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("name", "path", "status"),
    [("home", "/{lang}/", 200), ("akimat", AKZHAR, 200), ("not-found", "/{lang}/no-such-page/", 404)],
    ids=["home", "akimat", "404"],
)
def test_resident_finds_each_page_accessible(page, axe, lang, name, path, status):
    response = page.goto(path.format(lang=lang))
    assert response.status == status
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_count(1)
    axe(page, f"the {name} page ({lang})")


def test_resident_switches_language_and_stays_on_the_same_page(page):
    page.goto(AKZHAR.format(lang="en"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Akimat of Akzhar district")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Русский", exact=True).click()

    expect(page).to_have_url(re.compile(re.escape(AKZHAR.format(lang="ru")) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text("Акимат Акжарского района")
    expect(page.locator('.languages a[hreflang="ru"]')).to_have_attribute("aria-current", "true")


def test_low_vision_reader_turns_large_text_on_for_every_page_and_off_again(page, axe):
    html = page.locator("html")
    largest = re.compile(r"\btext-3\b")
    page.goto(AKZHAR.format(lang="kk"))
    expect(html).not_to_have_class(largest)

    page.locator(DISPLAY_SUMMARY).click()
    page.locator('input[name="text"][value="3"]').check()
    expect(html).to_have_class(largest)
    expect(page).to_have_url(re.compile(re.escape(AKZHAR.format(lang="kk")) + "$"))
    axe(page, "the akimat page at the largest text")

    page.goto("/kk/regions/590000000/service-akimats/")
    page.wait_for_selector("#rollout-map.map-ready")
    expect(html).to_have_class(largest)
    axe(page, "the rollout page at the largest text")

    page.locator(DISPLAY_SUMMARY).click()
    page.locator('input[name="text"][value="1"]').check()
    expect(html).not_to_have_class(largest)
    expect(page.locator(".display-status")).not_to_be_empty()
    page.goto("/kk/")
    expect(html).not_to_have_class(largest)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_request_that_cannot_be_read_is_an_accessible_page(page, axe, lang):
    """Bytes that are not UTF-8 in the address: the translated 400 page in the site's layout."""
    response = page.goto(f"/{lang}/services/?q=%FF%FE")
    assert response.status == 400
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_count(1)
    axe(page, f"the 400 page ({lang})")
