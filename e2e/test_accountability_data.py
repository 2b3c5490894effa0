"""A resident or a journalist finds the open data from the footer, reads the catalogue in Kazakh,
Russian and English, opens a dataset on a phone, and downloads its CSV. Every page passes axe-core
and works without JavaScript."""

import csv
import io

import pytest
from playwright.sync_api import expect

from openakimat.common import datasets

from .test_apply_and_track import no_sideways_scroll

PHONE_SCREEN = {"width": 390, "height": 844}
HEADING = {"kk": "Ашық деректер", "ru": "Открытые данные", "en": "Open data"}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_catalogue_is_found_from_the_footer_in_each_language(new_context, axe, lang):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"/{lang}/")
    page.locator(f'footer a[href="/{lang}/data/"]').click()
    expect(page.locator("h1")).to_have_text(HEADING[lang])
    for dataset in datasets.registered():
        expect(page.get_by_role("link", name=dataset.title.get(lang), exact=True)).to_be_visible()
    # axe-core runs as a script of the page (its checks wait on timers): on a page of its own.
    checked = new_context().new_page()
    checked.goto(f"/{lang}/data/")
    axe(checked, f"the open-data catalogue ({lang})")


def test_a_dataset_page_on_a_phone_and_its_csv_download(new_context, axe):
    phone = new_context(viewport=PHONE_SCREEN).new_page()
    phone.goto("/ru/data/")
    phone.get_by_role("link", name="Реестр поручений", exact=True).click()
    expect(phone.locator("h1")).to_have_text("Реестр поручений")
    expect(phone.get_by_text("Номер поручения в реестре")).to_be_visible()
    no_sideways_scroll(phone)
    axe(phone, "a dataset page on a phone (ru)")

    with phone.expect_download() as started:
        phone.locator('a[href="/ru/data/instructions.csv"]').click()
    download = started.value
    assert download.suggested_filename == "instructions.csv"
    with open(download.path(), encoding="utf-8", newline="") as downloaded:
        text = downloaded.read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    assert list(rows[0]) == datasets.get("instructions").field_names
