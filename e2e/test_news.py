"""A resident reads the akimat's news on a phone and at a desk: the list with its pinned
announcement first, a filter, an item in their language, and an item not written in it, whose page
says so and offers the languages it has. The secretariat writes an item in one language, adds a
described photo (a photo without a description comes back with the message), previews and publishes
it. In Kazakh, Russian and English, and every page passes axe-core."""

import io

import pytest
from django.utils import translation
from PIL import Image
from playwright.sync_api import expect

from openakimat.news.models import Item

from .test_apply_and_track import no_sideways_scroll
from .test_backoffice import signed_in

PHONE_SCREEN = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
MISSING = {"kk": None, "ru": None, "en": "This item has no English version."}


def said(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("screen", [PHONE_SCREEN, DESK], ids=["phone", "desk"])
def test_a_resident_reads_the_news_in_their_language(new_context, axe, lang, screen):
    pinned = Item.objects.get(is_demo=True, pinned=True)
    road = Item.objects.get(is_demo=True, kind="news", status="published")
    page = new_context(viewport=screen).new_page()

    page.goto(f"/{lang}/news/")
    no_sideways_scroll(page)
    axe(page, f"the news list ({lang}, {screen['width']}px)")
    first = page.locator(".news-list > li").first
    expect(first).to_contain_text(pinned.text("title", lang))
    assert page.locator('link[rel="alternate"][type="application/rss+xml"]').count() == 1

    # The filter, by keyboard-reachable form controls, without script needed.
    page.locator("#id_kind").select_option("announcement")
    page.locator("form.register-filter button[type=submit]").click()
    expect(page.locator(".news-list > li")).to_have_count(1)
    axe(page, f"the filtered list ({lang})")

    page.locator(".news-list a").first.click()
    expect(page.locator("h1")).to_have_text(pinned.text("title", lang))
    no_sideways_scroll(page)
    axe(page, f"an announcement ({lang})")

    page.goto(f"/{lang}/news/{road.akimat.territory.kato}/{road.pk}/")
    no_sideways_scroll(page)
    axe(page, f"the road news ({lang})")
    if MISSING[lang]:
        expect(page.locator("main")).to_contain_text(said(lang, MISSING[lang]))
        page.locator('main a[hreflang="ru"]').click()
        expect(page.locator("h1")).to_have_text(road.title_ru)
    else:
        expect(page.locator("h1")).to_have_text(road.text("title", lang))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_secretariat_writes_describes_a_photo_and_publishes(new_context, axe, lang):
    page = signed_in(new_context, "demo.secretariat", lang)
    page.goto(f"/{lang}/staff/news/")
    axe(page, f"the staff news list ({lang})")
    page.locator(f'a[href="/{lang}/staff/news/new/"]').click()
    axe(page, f"the new item form ({lang})")

    # Nothing written: the form comes back with the message, nothing saved.
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text(said(lang, "Write the item in at least one language."))
    axe(page, f"the form with errors ({lang})")

    page.locator("#id_title_kk").fill("Тұрғындармен кездесу")
    page.locator("#id_body_kk").fill("<p>Кездесу сенбіде өтеді.</p><script>alert(1)</script>")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Тұрғындармен кездесу")
    axe(page, f"the item's staff page ({lang})")
    item = Item.objects.get(title_kk="Тұрғындармен кездесу")
    assert "script" not in item.body_kk

    photo = {"name": "hall.png", "mimeType": "image/png", "buffer": png()}
    form = page.locator(f'form[action="/{lang}/staff/news/{item.pk}/photos/"]')
    form.locator("input[type=file]").set_input_files(photo)
    form.locator("button[type=submit]").click()
    expect(page.locator("#photo-errors")).to_contain_text(
        said(lang, "Describe the photo in this language for those who can't see it.")
    )
    form = page.locator(f'form[action="/{lang}/staff/news/{item.pk}/photos/"]')
    form.locator("input[type=file]").set_input_files(photo)
    form.locator("#id_alt_kk").fill("Әкімдіктің мәжіліс залы")
    form.locator("button[type=submit]").click()
    expect(page.locator('img[alt="Әкімдіктің мәжіліс залы"]')).to_have_count(1)

    page.locator(f'a[href="/{lang}/staff/news/{item.pk}/preview/?lang=kk"]').click()
    expect(page.locator("h1")).to_have_text("Тұрғындармен кездесу")
    axe(page, f"the preview ({lang})")
    page.go_back()
    page.locator('button[value="publish"]').click()
    expect(page.locator('button[value="unpublish"]')).to_be_visible()

    public = new_context().new_page()
    public.goto(f"/kk/news/{item.akimat.territory.kato}/{item.pk}/")
    expect(public.locator("h1")).to_have_text("Тұрғындармен кездесу")
    expect(public.locator('img[alt="Әкімдіктің мәжіліс залы"]')).to_have_count(1)
    axe(public, "the published item (kk)")
