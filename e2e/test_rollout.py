"""A resident reads how far the service akimats have spread across North Kazakhstan: the headline,
the table and the map, in each language, on a phone, without JavaScript and without the page
calling any other server."""

import re

import pytest
from playwright.sync_api import expect

ROLLOUT = "/{lang}/regions/590000000/service-akimats/"
LANGUAGES = ["kk", "ru", "en"]
DISPLAY_SUMMARY = ".display-settings summary"  # its label is translated


def normalised(text: str) -> str:
    """Inner text with no-break and thin spaces read as plain spaces (a translation may use them)."""
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text)


def open_rollout(page, lang="en", *, wait_for_map=True):
    response = page.goto(ROLLOUT.format(lang=lang))
    assert response.status == 200
    if wait_for_map:
        page.wait_for_selector("#rollout-map.map-ready")
    return response


@pytest.mark.parametrize("lang", LANGUAGES)
def test_resident_reads_rollout_in_each_language(page, axe, lang):
    problems = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    open_rollout(page, lang)

    expect(page.locator("html")).to_have_attribute("lang", lang)
    headline = normalised(page.locator("#rollout-headline").inner_text())
    assert re.search(r"\b9\b", headline) and re.search(r"\b14\b", headline), headline
    assert "64 %" in headline, headline
    expect(page.locator("#rollout-table tbody tr")).to_have_count(14)
    expect(page.locator("#rollout-map-figure")).to_be_visible()
    # No tile server is configured: the map is 14 circle markers, one per district and city.
    expect(page.locator("#rollout-map path.leaflet-interactive")).to_have_count(14)
    expect(page.locator("#rollout-map .leaflet-tile")).to_have_count(0)
    axe(page, f"the rollout page ({lang}) with its map")
    assert not problems, "\n".join(problems)


def test_the_map_speaks_the_pages_language_not_the_browsers(new_context):
    """An English browser on the Russian page: the map's names, labels and links are Russian."""
    page = new_context(locale="en-US").new_page()
    assert page.evaluate("navigator.language") == "en-US"
    open_rollout(page, "ru")

    labels = page.locator("#rollout-map path.leaflet-interactive").evaluate_all(
        "shapes => shapes.map(shape => shape.getAttribute('aria-label'))"
    )
    assert len(labels) == 14, labels
    statuses = {label.rsplit(" — ", 1)[1] for label in labels}
    assert statuses == {"Открыт", "Запланирован"}, labels
    assert not [label for label in labels if re.search(r"district|city|[A-Za-z]{3,}", label)], labels

    marker = page.get_by_role("button", name="Акжарский район — Открыт")
    expect(marker).to_have_count(1)
    marker.focus()
    expect(page.locator(".leaflet-tooltip")).to_have_text("Акжарский район — Открыт")
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup")
    expect(popup).to_contain_text("Акжарский район")
    expect(popup.get_by_role("link", name="Страница акимата")).to_have_attribute("href", "/ru/akimats/593400000/")


@pytest.mark.parametrize("path", [ROLLOUT.format(lang="kk"), "/en/akimats/593400000/", "/ru/"])
def test_pages_call_no_other_server(page, site, path):
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(path)
    if "service-akimats" in path:
        page.wait_for_selector("#rollout-map.map-ready")
    page.wait_for_load_state("networkidle")

    assert requested, "no request was recorded"
    elsewhere = [url for url in requested if not (url.startswith(site + "/") or url.startswith("data:"))]
    assert not elsewhere, f"requests to other hosts: {elsewhere}"


def test_resident_without_javascript_still_gets_the_table(new_context):
    page = new_context(java_script_enabled=False).new_page()
    open_rollout(page, "ru", wait_for_map=False)

    headline = normalised(page.locator("#rollout-headline").inner_text())
    assert "64 %" in headline, headline
    expect(page.locator("#rollout-table tbody tr")).to_have_count(14)
    expect(page.locator("#rollout-map-figure")).to_be_hidden()

    # The display settings are a plain form post, so they work without scripts too.
    page.locator(DISPLAY_SUMMARY).click()
    page.locator('input[name="text"][value="3"]').check()
    page.locator(".display-form button[type=submit]").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-3\b"))
    expect(page).to_have_url(re.compile(re.escape(ROLLOUT.format(lang="ru")) + "$"))
    expect(page.locator("#rollout-table tbody tr")).to_have_count(14)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("low_vision", [False, True], ids=["standard", "low-vision"])
def test_phone_reader_at_320px_reads_the_table_as_cards_without_sideways_scrolling(new_context, lang, low_vision):
    context = new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    if low_vision:
        page.goto("/en/")
        page.locator(DISPLAY_SUMMARY).click()
        page.locator('input[name="text"][value="3"]').check()
        page.locator('input[name="scheme"][value="bw"]').check()
        expect(page.locator("html")).to_have_class(re.compile(r"\btext-3\b"))
    open_rollout(page, lang)

    widths = page.evaluate(
        """() => {
            const region = document.querySelector('.table-scroll');
            const outside = el => !el.closest('.table-scroll, .leaflet-container');
            const describe = el => `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') || ''}">`
                + ` right=${Math.round(el.getBoundingClientRect().right)} ${el.textContent.trim().slice(0, 40)}`;
            return {
                document: document.documentElement.scrollWidth,
                region: region.clientWidth,
                table: region.scrollWidth,
                wide: [...document.querySelectorAll('body *')]
                    .filter(el => outside(el) && el.getBoundingClientRect().right > 320.5)
                    .slice(0, 5)
                    .map(describe),
            };
        }"""
    )
    assert widths["document"] <= 320, f"the page scrolls sideways: {widths}"
    assert widths["region"] <= 320
    assert widths["table"] <= widths["region"], f"the table should fit as cards: {widths}"
    # Each card's cells say which column they are.
    cell = page.locator("#rollout-table tbody td").first
    label = cell.evaluate("el => getComputedStyle(el, '::before').content")
    assert label == f'"{cell.get_attribute("data-label")}"' and label != '""'
