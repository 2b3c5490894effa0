"""A resident looks up a rural okrug's akimat: how to reach it, when the akim receives, where to
apply for services, its budget and its villages — in each language, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

OKRUG = "593430000"  # Talshik rural okrug, Akzhar district
DISTRICT = "593400000"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_resident_finds_an_okrugs_phone_hours_services_and_budget(page, axe, lang):
    page.goto(f"/{lang}/akimats/{OKRUG}/")
    main = page.locator("main")
    expect(main.locator('a[href^="tel:+77154600"]')).to_be_visible()
    expect(main.locator("#akim-heading")).to_be_visible()
    expect(main.locator(f'a[href="/{lang}/budget/{OKRUG}/"]')).to_be_visible()
    expect(main.locator(f'a[href="/{lang}/akimats/{DISTRICT}/"]').first).to_be_visible()
    assert main.locator(".tree-list li").count() == 4  # Talshik, Kazanskoye, Tugurzhap, Ulgili
    assert not re.search(r"<dd>\s*[—-]\s*</dd>", main.inner_html()), "a fact shown as a dash"
    expect(page.locator("#akimat-map.map-ready")).to_be_visible()  # the map, with JavaScript
    axe(page, f"the okrug akimat page ({lang})")
    # The services its residents get at the district's service akimat, one click away.
    page.locator("details.served-services summary").click()
    link = page.locator("details.served-services a").first
    expect(link).to_be_visible()
    axe(page, f"the okrug akimat page with the services open ({lang})")
    link.click()
    expect(page).to_have_url(re.compile(rf"/{lang}/services/[A-Z]+-\d+/$"))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_resident_reads_the_district_akimat_page(page, axe, lang):
    page.goto(f"/{lang}/akimats/{DISTRICT}/")
    expect(page.locator(".service-groups h3").first).to_be_visible()
    assert page.locator("#services-heading ~ .service-groups a").count() >= 30
    expect(page.locator(f'a[href="/{lang}/akimats/{OKRUG}/"]').first).to_be_visible()
    axe(page, f"the district akimat page ({lang})")


def test_without_javascript_the_address_and_a_map_link_remain(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"/en/akimats/{OKRUG}/")
    expect(page.locator("main")).to_contain_text("Tsentralnaya street, Talshik village")
    expect(page.get_by_role("link", name="Open this place in OpenStreetMap")).to_be_visible()
    expect(page.locator("#akimat-map-figure")).to_be_hidden()
    expect(page.locator("details.served-services summary")).to_be_visible()
