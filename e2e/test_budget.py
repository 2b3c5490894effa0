"""A resident follows the money from the region down to a village project: on the map, by
clicking, and in the table view, by keyboard alone; every page passes axe in kk, ru and en."""

import re

import pytest
from playwright.sync_api import expect

REGION = "/{lang}/budget/590000000/"
AKZHAR, TALSHIK = "593400000", "593430000"
LANGUAGES = ["kk", "ru", "en"]


def watch_errors(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return problems


def click_topmost(page, selector: str) -> str:
    """Click the first of the matching map shapes that no other shape covers; return its link."""
    # elementFromPoint sees only the viewport: bring the whole map into it first.
    page.locator(selector).first.evaluate("el => el.closest('.map').scrollIntoView({block: 'center'})")
    index = page.evaluate(
        """selector => [...document.querySelectorAll(selector)].findIndex(el => {
            const box = el.getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return hit === el || el.contains(hit);
        })""",
        selector,
    )
    assert index >= 0, f"every {selector} is covered"
    shape = page.locator(selector).nth(index)
    label = shape.get_attribute("aria-label")
    shape.click()
    return label


@pytest.mark.parametrize("lang", LANGUAGES)
def test_resident_drills_down_the_map_to_a_village_project(page, axe, lang):
    problems = watch_errors(page)
    assert page.goto(REGION.format(lang=lang)).status == 200
    page.wait_for_selector("#budget-map.map-ready")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#budget-map-figure")).to_be_visible()
    expect(page.locator("#budget-map .leaflet-tile")).to_have_count(0)  # no tile server configured
    axe(page, f"the region budget page ({lang})")

    # The districts are drawn and labelled; those without a budget this year in grey, for context.
    expect(page.locator("#budget-map .map-label").first).to_be_visible()
    assert page.locator("#budget-map .map-label").count() >= 14  # every district and the city
    # The district: a named shape on the map; a tap opens its card, whose link opens its page.
    district = page.locator(f'#budget-map [data-kato="{AKZHAR}"]').first
    expect(district).to_have_attribute("role", "button")
    district.click()
    card = page.locator("#budget-map .map-card")
    expect(card).to_be_visible()
    axe(page, f"the region budget page with a card open ({lang})")
    card.locator("a").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/budget/{AKZHAR}/\?year=\d{{4}}&phase=adjusted$"))
    page.wait_for_selector("#budget-map.map-ready")
    expect(page.locator("h1")).to_contain_text(page.locator(".breadcrumbs li").last.inner_text())
    axe(page, f"the Akzhar budget page ({lang})")

    # The rural okrug by keyboard: Enter opens its card and puts the focus on the card's link.
    page.locator(f'#budget-map [data-kato="{TALSHIK}"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator("#budget-map .map-card a")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{lang}/budget/{TALSHIK}/\?year=\d{{4}}&phase=adjusted$"))
    page.wait_for_selector("#budget-map.map-ready")
    assert page.locator("#budget-map .project-marker").count() > 0
    click_topmost(page, "#budget-map .project-marker")
    page.locator("#budget-map .map-card a").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/budget/projects/[\w-]+/$"))
    expect(page.locator("#project-progress")).to_be_visible()
    crumbs = page.locator(".breadcrumbs a")
    expect(crumbs.nth(0)).to_have_attribute("href", f"/{lang}/budget/590000000/")
    expect(crumbs.nth(1)).to_have_attribute("href", f"/{lang}/budget/{AKZHAR}/")
    expect(crumbs.nth(2)).to_have_attribute("href", f"/{lang}/budget/{TALSHIK}/")
    axe(page, f"a project page ({lang})")
    assert not problems, "\n".join(problems)


def tab_to(page, href_pattern: str, limit: int = 250) -> None:
    """Press Tab until a link whose address matches is focused (as a keyboard user would)."""
    pattern = re.compile(href_pattern)
    for _ in range(limit):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement && document.activeElement.getAttribute('href')")
        if href and pattern.search(href):
            return
    pytest.fail(f"no link matching {href_pattern} reached by Tab")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keyboard_user_follows_the_table_view_to_a_village_project(page, axe, lang):
    problems = watch_errors(page)
    assert page.goto(REGION.format(lang=lang) + "table/").status == 200
    expect(page.locator("#children-table")).to_be_visible()
    axe(page, f"the region table view ({lang})")

    tab_to(page, rf"^/{lang}/budget/{AKZHAR}/table/\?")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{lang}/budget/{AKZHAR}/table/\?year=\d{{4}}&phase=adjusted$"))
    tab_to(page, rf"^/{lang}/budget/{TALSHIK}/table/\?")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{lang}/budget/{TALSHIK}/table/"))
    axe(page, f"the Talshik table view ({lang})")

    tab_to(page, rf"^/{lang}/budget/projects/[\w-]+/$")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{lang}/budget/projects/[\w-]+/$"))
    expect(page.locator("h1")).not_to_be_empty()
    assert not problems, "\n".join(problems)


def test_table_view_sorts_by_keyboard(page):
    page.goto(REGION.format(lang="en") + "table/")
    tab_to(page, r"sort=amount$")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=amount$"))
    expect(page.locator('#children-table th[aria-sort="ascending"]')).to_have_count(1)


def test_map_page_works_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"/ru/budget/{AKZHAR}/")
    expect(page.locator("#budget-map-figure")).to_be_hidden()
    assert page.locator("#children-table tbody tr").count() == 12  # the rural okrugs
    assert page.locator("#groups-table tbody tr").count() > 0
    # The state form is a plain GET form.
    page.select_option("#budget-phase", "paid")
    page.locator(".budget-state button").click()
    expect(page).to_have_url(re.compile(r"phase=paid"))
    expect(page.locator("#budget-phase")).to_have_value("paid")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_budget_reading_pages_are_accessible_on_a_phone(new_context, axe, lang):
    """The pages around the budget map, as a resident on a phone meets them: a village with projects
    and no budget of its own, the terms, the comparisons, the search and the embeddable view."""
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    problems = watch_errors(page)
    pages = [
        f"/{lang}/budget/593430100/",  # Talshik village: its projects and who pays
        f"/{lang}/budget/glossary/",
        f"/{lang}/budget/{AKZHAR}/compare/",
        f"/{lang}/budget/compare/?kato={TALSHIK}&kato=593432000",  # two okrugs of Akzhar
        f"/{lang}/budget/search/?q=Talsh",
        f"/{lang}/budget/{AKZHAR}/embed/",
        f"/{lang}/budget/{AKZHAR}/table/?status=in_progress",
    ]
    for url in pages:
        response = page.goto(url)
        assert response.status == 200, url
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{url} scrolls sideways"
        axe(page, f"{url} on a phone")
    assert not problems, "\n".join(problems)
