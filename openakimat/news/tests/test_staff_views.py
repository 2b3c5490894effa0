import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape

from conftest import verified_client
from openakimat.news.models import Item, Photo, Status

from .conftest import png


def form_data(**extra):
    data = {"kind": "news", "category": "", "title_en": "", "lead_en": "", "body_en": ""}
    for code in ("kk", "ru", "en"):
        data |= {f"title_{code}": "", f"lead_{code}": "", f"body_{code}": ""}
    return data | extra


def said(lang, text):
    with translation.override(lang):
        return escape(translation.gettext(text))


def test_staff_pages_need_a_sign_in(client, ru_item):
    assert client.get("/en/staff/news/").status_code == 302
    assert client.get(f"/en/staff/news/{ru_item.pk}/").status_code == 302


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_secretariat_writes_previews_and_publishes(secretariat, akzhar_akimat, lang):
    client = verified_client(secretariat)
    assert client.get(f"/{lang}/staff/news/").status_code == 200
    form = client.get(f"/{lang}/staff/news/new/")
    assert form.status_code == 200 and 'id="lang-kk"' in form.content.decode()
    response = client.post(
        f"/{lang}/staff/news/new/",
        form_data(akimat=akzhar_akimat.pk, title_ru="Ремонт", body_ru="<p>Текст<script>x()</script></p>"),
    )
    assert response.status_code == 302
    item = Item.objects.get()
    assert item.body_ru == "<p>Текст</p>"
    page = client.get(f"/{lang}/staff/news/{item.pk}/")
    assert page.status_code == 200
    preview = client.get(f"/{lang}/staff/news/{item.pk}/preview/?lang=ru")
    assert preview.status_code == 200 and "Текст" in preview.content.decode()
    assert client.post(f"/{lang}/staff/news/{item.pk}/state/", {"action": "publish"}).status_code == 302
    assert client.post(f"/{lang}/staff/news/{item.pk}/state/", {"action": "pin"}).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.pinned


def test_bad_input_comes_back_translated_with_nothing_saved(secretariat, akzhar_akimat):
    client = verified_client(secretariat)
    response = client.post("/ru/staff/news/new/", form_data(akimat=akzhar_akimat.pk, title_ru="Только заголовок"))
    assert response.status_code == 400
    assert said("ru", "Write the text in this language.") in response.content.decode()
    response = client.post("/kk/staff/news/new/", form_data(akimat=akzhar_akimat.pk))
    assert response.status_code == 400
    assert said("kk", "Write the item in at least one language.") in response.content.decode()
    assert not Item.objects.exists()


def test_a_photo_without_its_description_or_not_a_photo_is_refused(secretariat, ru_item):
    client = verified_client(secretariat)
    url = f"/ru/staff/news/{ru_item.pk}/photos/"
    response = client.post(url, {"photo": SimpleUploadedFile("p.png", png(), "image/png")})
    assert response.status_code == 400
    assert said("ru", "Describe the photo in this language for those who can't see it.") in response.content.decode()
    response = client.post(
        url, {"photo": SimpleUploadedFile("p.jpg", b"MZ\x90\x00 an exe", "image/jpeg"), "alt_ru": "Дорога"}
    )
    assert response.status_code == 400
    assert not Photo.objects.exists()
    response = client.post(url, {"photo": SimpleUploadedFile("p.png", png(), "image/png"), "alt_ru": "Дорога"})
    assert response.status_code == 302 and Photo.objects.count() == 1


def test_an_unknown_action_or_a_conflict_is_a_4xx(secretariat, published):
    client = verified_client(secretariat)
    assert client.post(f"/en/staff/news/{published.pk}/state/", {"action": "explode"}).status_code == 400
    assert client.post(f"/en/staff/news/{published.pk}/state/", {"action": "publish"}).status_code == 409


def test_observers_read_drafts_but_do_not_write(region_observer, ru_item):
    client = verified_client(region_observer)
    page = client.get(f"/en/staff/news/{ru_item.pk}/")
    assert page.status_code == 200 and 'value="publish"' not in page.content.decode()
    assert client.get(f"/en/staff/news/{ru_item.pk}/preview/").status_code == 200
    assert client.post(f"/en/staff/news/{ru_item.pk}/state/", {"action": "publish"}).status_code == 403
    assert client.get("/en/staff/news/new/").status_code == 403
    ru_item.refresh_from_db()
    assert ru_item.status == Status.DRAFT


def test_staff_of_another_akimat_do_not_see_the_item(aiyrtau_secretariat, ru_item):
    client = verified_client(aiyrtau_secretariat)
    assert client.get(f"/en/staff/news/{ru_item.pk}/").status_code == 404
    assert client.post(f"/en/staff/news/{ru_item.pk}/state/", {"action": "publish"}).status_code == 404
    assert "Ремонт" not in client.get("/en/staff/news/").content.decode()


def test_the_staff_menu_offers_news_to_staff(secretariat):
    page = verified_client(secretariat).get("/en/staff/").content.decode()
    assert "/en/staff/news/" in page
