import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from openakimat.news import services
from openakimat.news.models import Item

from .conftest import SYSTEM, draft

ATOM = "{http://www.w3.org/2005/Atom}"


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_lists_render_in_each_language_with_feeds_in_the_head(client, published, full_item, lang):
    html = page(client, f"/{lang}/news/")
    assert "Ремонт дороги" in html
    assert 'rel="alternate" type="application/rss+xml"' in html and 'type="application/atom+xml"' in html
    kato = published.akimat.territory.kato
    html = page(client, f"/{lang}/news/{kato}/")
    assert f'href="/{lang}/news/{kato}/rss/"' in html


def test_the_item_shows_in_the_language_asked_for(client, full_item):
    kato = full_item.akimat.territory.kato
    html = page(client, f"/kk/news/{kato}/{full_item.pk}/")
    assert "Жол жөндеу" in html and "Жөндеу басталды." in html and "The repair has started." not in html
    html = page(client, f"/en/news/{kato}/{full_item.pk}/")
    assert "The repair has started." in html and "In short" in html


@pytest.mark.parametrize(
    ("lang", "notice"),
    [("kk", "This item has no Kazakh version."), ("en", "This item has no English version.")],
)
def test_a_missing_language_is_stated_and_the_others_offered(client, published, lang, notice, settings):
    from django.utils import translation

    with translation.override(lang):
        expected = translation.gettext(notice)
    kato = published.akimat.territory.kato
    html = page(client, f"/{lang}/news/{kato}/{published.pk}/")
    assert expected in html
    assert "Начат ремонт." not in html  # never filled in from another language
    assert f'href="/ru/news/{kato}/{published.pk}/"' in html


def test_drafts_are_not_public(client, ru_item):
    kato = ru_item.akimat.territory.kato
    page(client, f"/ru/news/{kato}/{ru_item.pk}/", status=404)
    assert "Ремонт дороги" not in page(client, "/ru/news/")
    assert "Ремонт дороги" not in page(client, f"/ru/news/{kato}/rss/")


def test_an_item_of_another_akimat_under_the_wrong_code_is_not_found(client, published, aiyrtau_item):
    page(client, f"/en/news/{aiyrtau_item.akimat.territory.kato}/{published.pk}/", status=404)
    page(client, "/en/news/000000000/", status=404)


def test_filters_by_akimat_kind_and_category(client, published, full_item, aiyrtau_item, category):
    kato = published.akimat.territory.kato
    html = page(client, "/en/news/?kind=announcement")
    assert "Road repair" in html and "Aiyrtau fair" not in html
    html = page(client, f"/en/news/?category={category.pk}")
    assert "Ремонт дороги" in html and "Road repair" not in html
    html = page(client, f"/en/news/?akimat={aiyrtau_item.akimat.territory.kato}")
    assert "Aiyrtau fair" in html and "Road repair" not in html
    html = page(client, f"/en/news/{kato}/")
    assert "Aiyrtau fair" not in html and "Road repair" in html


@pytest.mark.parametrize("query", ["kind=gossip", "category=99999", "akimat=123"])
def test_a_bad_filter_is_a_translated_400(client, published, query):
    from django.utils import translation

    with translation.override("ru"):
        message = translation.gettext("Some filters are not valid: correct them and try again.")
    html = page(client, f"/ru/news/?{query}", status=400)
    assert message in html


def test_pinned_first_and_on_the_home_pages(client, published, full_item, secretariat):
    services.item_pin(actor=secretariat, item=published)
    html = page(client, "/en/news/")
    assert html.index("Ремонт дороги") < html.index("Road repair")
    home = page(client, "/en/")
    assert "Ремонт дороги" in home and 'lang="ru"' in home


def test_the_akimat_home_page_shows_its_pinned_items(client, published, secretariat):
    from django.urls import reverse

    services.item_pin(actor=secretariat, item=published)
    url = reverse("akimat-detail", kwargs={"kato": published.akimat.territory.kato})
    assert "Ремонт дороги" in page(client, url)


def test_the_list_is_paginated(client, akzhar_akimat):
    for n in range(25):
        item = services.item_create(
            actor=SYSTEM, akimat=akzhar_akimat, draft=draft(title_en=f"Item {n:02d}", body_en="<p>b</p>")
        )
        services.item_publish(actor=SYSTEM, item=item, now=timezone.now() - timezone.timedelta(minutes=n))
    first = page(client, "/en/news/")
    assert "Item 00" in first and "Item 24" not in first and 'rel="next"' in first
    second = page(client, "/en/news/?page=2")
    assert "Item 24" in second and 'rel="prev"' in second
    page(client, "/en/news/?page=abc")


def test_the_list_reads_a_fixed_number_of_queries(client, akzhar_akimat, category, django_assert_max_num_queries):
    for n in range(8):
        item = services.item_create(
            actor=SYSTEM, akimat=akzhar_akimat, draft=draft(category=category, title_en=f"Item {n}", body_en="<p>b</p>")
        )
        services.item_publish(actor=SYSTEM, item=item)
    with django_assert_max_num_queries(8):
        client.get("/en/news/")


# --- feeds ---------------------------------------------------------------------------------------


def test_the_rss_feed_is_valid_per_language_and_published_only(client, published, full_item, ru_item):
    kato = published.akimat.territory.kato
    draft_item = services.item_create(
        actor=SYSTEM, akimat=published.akimat, draft=draft(title_en="Secret draft", body_en="<p>x</p>")
    )
    response = client.get(f"/en/news/{kato}/rss/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own answer)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.find(required) is not None and channel.find(required).text
    assert channel.findtext("language") == "en"
    titles = [i.findtext("title") for i in channel.findall("item")]
    assert titles == ["Road repair"]  # the Russian-only item is not in the English feed; no drafts
    for item in channel.findall("item"):
        assert item.findtext("link").startswith("http") and item.findtext("guid") and item.findtext("pubDate")
    assert draft_item.title_en not in response.content.decode()
    ru = ET.fromstring(client.get(f"/ru/news/{kato}/rss/").content)  # noqa: S314 (our own answer)
    assert sorted(i.findtext("title") for i in ru.find("channel").findall("item")) == ["Ремонт дороги", "Ремонт дороги"]


def test_the_atom_feed_is_valid(client, full_item):
    kato = full_item.akimat.territory.kato
    response = client.get(f"/kk/news/{kato}/atom/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own answer)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{required}")
    assert root.find(f"{ATOM}link[@rel='alternate']") is not None
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Жол жөндеу"]
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}")
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
    assert ET.fromstring(client.get("/en/news/atom/").content).tag == f"{ATOM}feed"  # noqa: S314 (our own answer)


def test_an_unknown_akimat_feed_is_not_found(client, db):
    assert client.get("/en/news/000000000/rss/").status_code == 404


def test_nothing_personal_or_unsafe_on_the_page(client, akzhar_akimat, secretariat):
    item = services.item_create(
        actor=secretariat,
        akimat=akzhar_akimat,
        draft=draft(title_en="Safe", body_en='<p>Hi <a href="javascript:alert(1)" onclick="x()">l</a></p>'),
    )
    services.item_publish(actor=secretariat, item=item)
    html = page(client, f"/en/news/{akzhar_akimat.territory.kato}/{item.pk}/")
    assert "javascript:" not in html and "onclick" not in html and secretariat.username not in html
    assert Item.objects.count() == 1


def test_the_item_page_and_the_api_list_read_a_fixed_number_of_queries(
    client, full_item, akzhar_construction, django_assert_max_num_queries
):
    import io

    from openakimat.api.tests.test_authz_matrix import instruction_for

    from .conftest import png

    services.photo_add(
        actor=SYSTEM, item=full_item, file=io.BytesIO(png()), name="p.png", alts={"kk": "a", "ru": "b", "en": "c"}
    )
    services.link_add(
        actor=SYSTEM, item=full_item, kind="control.instruction", reference=instruction_for(akzhar_construction).number
    )
    url = f"/en/news/{full_item.akimat.territory.kato}/{full_item.pk}/"
    with django_assert_max_num_queries(8):
        html = client.get(url).content.decode()
    assert "Repair the street lights" in html and 'alt="c"' in html
    with django_assert_max_num_queries(4):
        client.get("/api/v1/news")
