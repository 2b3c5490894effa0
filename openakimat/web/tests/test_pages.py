import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

LANGS = ["kk", "ru", "en"]


@pytest.fixture
def rollout(akzhar_akimat, aiyrtau_akimat, talshik_akimat, region_akimat):
    return "/{lang}/regions/590000000/service-akimats/"


def test_the_root_redirects_to_the_kazakh_home_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/kk/"


def test_the_root_follows_the_browser_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")["Location"] == "/ru/"


@pytest.mark.parametrize("lang", LANGS)
def test_rollout_page_shows_headline_and_table_in_each_language(client, rollout, lang):
    response = client.get(rollout.format(lang=lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    # "1 of 2 (50 %)", the number and its sign held together by a no-break space
    assert re.search(r"<strong>1\D+2 \(50&nbsp;%\)</strong>", html), "headline 1 of 2 (50 %)"
    assert html.count('<th scope="row">') == 2
    # the district names are shown in the page's language
    expected = {"kk": "Ақжар ауданы", "ru": "Акжарский район", "en": "Akzhar district"}[lang]
    assert expected in html


def test_rollout_page_reads_a_fixed_number_of_queries(client, rollout, region):
    from conftest import make_akimat, make_territory

    with CaptureQueriesContext(connection) as before:
        client.get(rollout.format(lang="en"))
    for i in range(5):
        t = make_territory(f"59{70 + i}00000", "district", region, f"District {i}")
        make_akimat(t, "district")
    with CaptureQueriesContext(connection) as after:
        client.get(rollout.format(lang="en"))
    assert len(after) == len(before) <= 4


def test_service_akimats_link_leads_to_the_only_region(client, region):
    response = client.get("/en/service-akimats/")
    assert response.status_code == 302
    assert response["Location"] == "/en/regions/590000000/service-akimats/"


def test_a_district_is_not_a_region_page(client, akzhar_akimat):
    assert client.get("/en/regions/593400000/service-akimats/").status_code == 404


def test_akimat_page_shows_address_departments_and_okrug_akimats(client, akzhar_construction, talshik_akimat):
    html = client.get("/en/akimats/593400000/").content.decode()
    assert "15 Tselinnaya street, Talshik" in html
    assert "construction" in html
    assert "/en/akimats/593430000/" in html


def test_breadcrumbs_link_only_ancestors_that_have_a_page(client, region, akzhar_akimat, talshik_okrug):
    from conftest import make_akimat, make_territory

    # Talshik rural okrug has no akimat registered here; a village in it has one.
    village = make_territory("593430100", "village", talshik_okrug, "Talshik village")
    make_akimat(village, "village")
    html = client.get("/en/akimats/593430100/").content.decode()
    crumbs = re.search(r'<nav aria-label="Breadcrumbs" class="breadcrumbs">(.*?)</nav>', html, re.S).group(1)
    items = re.findall(r"<li[^>]*>(.*?)</li>", crumbs, re.S)
    assert items == [
        '<a href="/en/">Home</a>',
        '<a href="/en/regions/590000000/service-akimats/">North Kazakhstan region</a>',
        '<a href="/en/akimats/593400000/">Akzhar district</a>',
        "Talshik rural okrug",  # no akimat, so no link to a page that would be a 404
        "Akimat of Talshik village",
    ]
    assert client.get("/en/akimats/593430000/").status_code == 404


def test_a_field_error_is_tied_to_its_input(client, db):
    from html.parser import HTMLParser

    class Elements(HTMLParser):
        def __init__(self):
            super().__init__()
            self.by_id, self.inputs, self._open = {}, {}, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "input":
                self.inputs[attrs.get("name")] = attrs
            if "id" in attrs:
                self.by_id[attrs["id"]] = {"tag": tag, "text": ""}
                self._open = attrs["id"]

        def handle_endtag(self, tag):
            self._open = None

        def handle_data(self, data):
            if self._open:
                self.by_id[self._open]["text"] += data

    response = client.post("/en/staff/login/", {"username": "", "password": "whatever-it-is"})
    assert response.status_code == 200
    page = Elements()
    page.feed(response.content.decode())
    username, password = page.inputs["username"], page.inputs["password"]
    assert username["aria-invalid"] == "true"
    error = page.by_id[username["aria-describedby"]]
    assert error["tag"] == "p"
    assert "This field is required." in error["text"]
    assert "aria-invalid" not in password
    assert "aria-describedby" not in password


def test_akimat_page_never_shows_staff_names(client, akzhar_head, akzhar_akimat):
    akzhar_head.first_name, akzhar_head.last_name = "Gulnar", "Secretname"
    akzhar_head.save()
    html = client.get("/en/akimats/593400000/").content.decode()
    assert "Secretname" not in html
    assert "gulnar.head" not in html


@pytest.mark.parametrize("lang", LANGS)
def test_language_links_point_to_the_same_page(client, akzhar_akimat, lang):
    html = client.get(f"/{lang}/akimats/593400000/").content.decode()
    for other in LANGS:
        assert f'href="/{other}/akimats/593400000/" lang="{other}"' in html
    assert f'lang="{lang}" hreflang="{lang}" aria-current="true"' in html


def test_page_has_skip_link_landmarks_and_one_h1(client, akzhar_akimat):
    html = client.get("/en/akimats/593400000/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    for landmark in ("<header", '<main id="main"', "<footer", "<nav"):
        assert landmark in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "Page not found"), ("ru", "Страница не найдена"), ("kk", "Бет табылмады")]
)
def test_404_page_is_in_the_current_language(client, db, lang, text):
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert text in html


@pytest.mark.parametrize(
    ("lang", "heading"), [("en", "Something went wrong"), ("ru", "Произошла ошибка"), ("kk", "Қате орын алды")]
)
def test_500_page_is_rendered_in_the_current_language(rf, settings, lang, heading):
    from django.utils import translation

    from openakimat.web.views import server_error

    with translation.override(lang):
        response = server_error(rf.get(f"/{lang}/boom/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert f'<a href="/{lang}/">' in html


def test_no_asset_comes_from_another_host(client, rollout):
    html = client.get(rollout.format(lang="en")).content.decode()
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url


def test_security_headers_are_sent(client, db):
    response = client.get("/en/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_health_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_is_503_when_the_database_fails(client, db, monkeypatch):
    from django.db import DatabaseError

    import openakimat.web.health as health

    class Broken:
        def cursor(self):
            raise DatabaseError("down")

    monkeypatch.setattr(health, "connection", Broken())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
