"""A Kazakh-speaking resident uses the map controls: the zoom buttons, the popup's close button and
the attribution link are named in Kazakh (Leaflet's own texts are English), and the popup of a
district reads in Kazakh too."""

import pytest
from playwright.sync_api import expect

ROLLOUT = "/{lang}/regions/590000000/service-akimats/"
BUDGET = "/{lang}/budget/593400000/"
ZOOM = {
    "kk": ("Үлкейту", "Кішірейту"),
    "ru": ("Приблизить", "Отдалить"),
    "en": ("Zoom in", "Zoom out"),
}


def assert_zoom_buttons(page, lang):
    zoom_in, zoom_out = ZOOM[lang]
    for selector, label in ((".leaflet-control-zoom-in", zoom_in), (".leaflet-control-zoom-out", zoom_out)):
        button = page.locator(selector)
        expect(button).to_have_attribute("title", label)
        expect(button).to_have_attribute("aria-label", label)
    expect(page.get_by_role("button", name=zoom_in)).to_be_visible()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_resident_zooms_the_service_akimat_map_with_buttons_named_in_their_language(page, lang):
    assert page.goto(ROLLOUT.format(lang=lang)).status == 200
    page.wait_for_selector("#rollout-map.map-ready")
    assert_zoom_buttons(page, lang)
    if lang == "kk":
        title = page.locator(".leaflet-control-attribution a[href='https://leafletjs.com']")
        expect(title).to_have_attribute("title", "Интерактивті карталарға арналған JavaScript кітапханасы")
        # A district's popup: its close button is Kazakh as well.
        page.locator("#rollout-map .leaflet-interactive").first.focus()
        page.locator("#rollout-map .leaflet-interactive").first.click()
        expect(page.locator(".leaflet-popup-close-button")).to_have_attribute("aria-label", "Қалқымалы терезені жабу")
    html = page.content()
    if lang != "en":
        assert "Zoom in" not in html and "Zoom out" not in html and "Close popup" not in html


def test_resident_zooms_the_budget_map_with_kazakh_buttons(page):
    assert page.goto(BUDGET.format(lang="kk")).status == 200
    page.wait_for_selector("#budget-map.map-ready")
    assert_zoom_buttons(page, "kk")
    page.locator(".leaflet-control-zoom-in").click()  # the button works, not only its name
