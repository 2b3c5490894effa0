"""A low-vision reader sets the text size, the colours and the images from the header's display
settings: by keyboard, in place, without losing what they typed; without JavaScript by a plain
form post back to the same page; and every main page stays accessible in every scheme at the
largest text."""

import re

import pytest
from playwright.sync_api import expect

LANGUAGES = ["kk", "ru", "en"]
SCHEMES = ["default", "bw", "wb", "blue"]
APPLY = "/en/apply/ZAGS-01/"  # state registration of birth: online in the demo register
AKZHAR = "/{lang}/akimats/593400000/"
PAGES = [
    ("home", "/{lang}/"),
    ("register", "/{lang}/services/"),
    ("akimat", AKZHAR),
    ("rollout", "/{lang}/regions/590000000/service-akimats/"),
    ("budget", "/{lang}/budget/593400000/"),
]
PHONE = {"width": 390, "height": 844}


def display_cookie(site: str, value: str) -> list[dict]:
    return [{"name": "display", "value": value, "url": site}]


def test_reader_changes_the_display_by_keyboard_and_keeps_what_they_typed(page):
    page.goto(APPLY)
    page.locator("#id_full_name").fill("Aigerim Seitkali")
    page.evaluate("window.stillTheSamePage = true")

    summary = page.locator(".display-settings summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".display-settings")).to_have_attribute("open", "")
    page.keyboard.press("Tab")  # the checked text size, "Standard"
    page.keyboard.press("ArrowDown")  # "Large"
    page.keyboard.press("ArrowDown")  # "Largest"
    page.keyboard.press("Tab")  # the checked scheme, "Site colours"
    page.keyboard.press("ArrowDown")  # "Black on white"

    html = page.locator("html")
    expect(html).to_have_class(re.compile(r"\btext-3\b"))
    expect(html).to_have_class(re.compile(r"\bscheme-bw\b"))
    expect(page.locator(".display-status")).to_have_text("Display settings saved.")
    assert page.evaluate("window.stillTheSamePage") is True, "the page was reloaded"
    expect(page).to_have_url(re.compile(re.escape(APPLY) + "$"))
    expect(page.locator("#id_full_name")).to_have_value("Aigerim Seitkali")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == 24

    # Saved in the cookie: the next page opens with the same settings.
    page.goto(AKZHAR.format(lang="en"))
    expect(html).to_have_class(re.compile(r"\btext-3\b.*\bscheme-bw\b"))
    expect(page.locator('input[name="text"][value="3"]')).to_be_checked()


def test_without_javascript_the_form_returns_to_the_same_page(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(AKZHAR.format(lang="ru"))
    page.locator(".display-settings summary").click()
    page.locator('input[name="scheme"][value="wb"]').check()
    page.locator('input[name="images"][value="off"]').check()
    page.locator(".display-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(re.escape(AKZHAR.format(lang="ru")) + "$"))
    expect(page.locator("html")).to_have_class("scheme-wb no-images")
    expect(page.get_by_role("heading", level=1)).to_have_text("Акимат Акжарского района")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_main_pages_are_accessible_in_every_scheme_at_the_largest_text(new_context, site, axe, lang, scheme):
    context = new_context()
    context.add_cookies(display_cookie(site, f"3.{scheme}.on"))
    page = context.new_page()
    for name, path in PAGES:
        response = page.goto(path.format(lang=lang))
        assert response.status == 200, name
        page.wait_for_load_state("networkidle")
        expect(page.locator("html")).to_have_class(re.compile(r"\btext-3\b"))
        axe(page, f"the {name} page ({lang}, {scheme}, largest text)")
    # A card opened on the budget map, with its labels, keeps to the scheme's colours too.
    page.goto(f"/{lang}/budget/593400000/")
    page.wait_for_selector("#budget-map.map-ready")
    page.locator("#budget-map [data-kato]").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#budget-map .map-card a")).to_be_focused()
    axe(page, f"a card on the budget map ({lang}, {scheme}, largest text)")
    page.locator(".display-settings summary").click()
    axe(page, f"the open display settings ({lang}, {scheme})")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_images_off_hides_pictures_and_map_tiles_only(new_context, site, axe, lang):
    context = new_context()
    context.add_cookies(display_cookie(site, "1.default.off"))
    page = context.new_page()
    page.goto(PAGES[3][1].format(lang=lang))
    page.wait_for_selector("#rollout-map.map-ready")
    expect(page.locator("#rollout-table tbody tr")).to_have_count(14)
    hidden = page.evaluate("[...document.images].every(img => getComputedStyle(img).display === 'none')")
    assert hidden
    axe(page, f"the rollout page without images ({lang})")


def _header(site, new_context, value):
    context = new_context(viewport=PHONE)
    context.add_cookies(display_cookie(site, value))
    page = context.new_page()
    page.goto("/kk/")
    return page


@pytest.mark.parametrize(("value", "limit"), [("1.default.on", 0.20), ("3.bw.on", 0.35)], ids=["standard", "largest"])
def test_the_display_control_is_one_row_and_opens_over_the_page(new_context, site, value, limit):
    page = _header(site, new_context, value)
    summary = page.locator(".display-settings summary").bounding_box()
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.display-settings summary')).lineHeight)")
    assert summary["height"] <= max(44, line) + 12, f"the display control wraps: {summary}"
    # The row of the brand, the languages and this control: within the header's share of the screen.
    row = page.locator(".header-row").bounding_box()
    assert row["height"] <= limit * PHONE["height"], f"header row {row['height']:.0f}px of {PHONE['height']}px"
    header = page.locator(".site-header").bounding_box()
    page.locator(".display-settings summary").click()
    assert page.locator(".site-header").bounding_box()["height"] == header["height"]
    panel = page.locator(".display-form").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= PHONE["width"] + 0.5, panel


@pytest.mark.parametrize(("value", "limit"), [("1.default.on", 0.20), ("3.bw.on", 0.35)], ids=["standard", "largest"])
def test_the_whole_header_fits_its_share_of_a_phone(new_context, site, value, limit):
    header = _header(site, new_context, value).locator(".site-header").bounding_box()
    assert header["height"] <= limit * PHONE["height"], f"header {header['height']:.0f}px of {PHONE['height']}px"


def test_charts_and_map_markers_grow_with_the_text_size(new_context, site):
    sizes = {}
    for value in ("1.default.on", "3.default.on"):
        context = new_context(viewport=PHONE)
        context.add_cookies(display_cookie(site, value))
        page = context.new_page()
        page.goto("/en/budget/593400000/")
        page.wait_for_load_state("networkidle")
        label = page.locator(".bar-list-label").first.bounding_box()
        marker = page.locator(".leaflet-marker-icon.project-marker")
        sizes[value] = {
            "chart": label["height"],
            "marker": marker.first.bounding_box()["height"] if marker.count() else None,
            "map text": page.evaluate(
                "parseFloat(getComputedStyle(document.querySelector('.leaflet-container') || document.body).fontSize)"
            ),
        }
    small, large = sizes["1.default.on"], sizes["3.default.on"]
    assert large["chart"] > small["chart"] * 1.3, sizes
    assert large["map text"] > small["map text"] * 1.3, sizes
    if small["marker"] is not None:
        assert large["marker"] > small["marker"] * 1.3, sizes
