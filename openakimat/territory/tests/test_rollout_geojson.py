"""The rollout map's data speaks the language of the page that shows it, whatever the browser's
Accept-Language says: the API has no language prefix, so the page names its language in `lang`."""

import pytest

GEOJSON = "/api/v1/regions/590000000/service-akimats.geojson"

EXPECTED = {
    "kk": ("Ақжар ауданы", "Ашылған", "Жоспарланған", "Сервистік әкімдіктер"),
    "ru": ("Акжарский район", "Открыт", "Запланирован", "Сервисные акиматы"),
    "en": ("Akzhar district", "Open", "Planned", "Service akimats"),
}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_map_data_is_in_the_language_asked_for_not_the_browsers(client, akzhar_akimat, aiyrtau_akimat, lang):
    browser_language = "en-US,en;q=0.9" if lang != "en" else "ru-RU,ru;q=0.9"
    response = client.get(GEOJSON, {"lang": lang}, HTTP_ACCEPT_LANGUAGE=browser_language)
    assert response.status_code == 200
    body = response.json()
    name, open_label, planned_label, title = EXPECTED[lang]
    assert body["name"] == title
    by_code = {f["id"]: f["properties"] for f in body["features"]}
    akzhar, aiyrtau = by_code["593400000"], by_code["593200000"]
    assert akzhar["name"] == name
    assert akzhar["akimat"] == getattr(akzhar_akimat, f"name_{lang}")
    assert (akzhar["status_label"], aiyrtau["status_label"]) == (open_label, planned_label)
    assert akzhar["url"] == f"/{lang}/akimats/593400000/"
    assert aiyrtau["url"] == f"/{lang}/akimats/593200000/"


def test_without_lang_the_map_data_follows_accept_language(client, akzhar_akimat):
    body = client.get(GEOJSON, HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9").json()
    akzhar = {f["id"]: f["properties"] for f in body["features"]}["593400000"]
    assert (akzhar["name"], akzhar["status_label"], akzhar["url"]) == (
        "Акжарский район",
        "Открыт",
        "/ru/akimats/593400000/",
    )


@pytest.mark.parametrize("lang", ["de", "RU", "ru-RU", ""])
def test_a_language_the_site_does_not_have_is_a_422(client, akzhar_akimat, lang):
    response = client.get(GEOJSON, {"lang": lang})
    assert response.status_code == 422
    assert "lang" in response.json()["errors"]


def test_the_map_on_the_page_asks_for_the_pages_language(client, akzhar_akimat):
    html = client.get("/ru/regions/590000000/service-akimats/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert f'data-src="{GEOJSON}?lang=ru"' in html
    assert f'href="{GEOJSON}?lang=ru"' in html  # the "This data as GeoJSON" link too


@pytest.mark.parametrize(
    ("lang", "label"), [("kk", "15 наурыз 2024 ж."), ("ru", "15 марта 2024 г."), ("en", "15 March 2024")]
)
def test_the_opening_date_is_iso_and_as_the_pages_language_writes_it(client, akzhar_akimat, lang, label):
    body = client.get(GEOJSON, {"lang": lang}).json()
    akzhar = {f["id"]: f["properties"] for f in body["features"]}["593400000"]
    assert akzhar["opened_on"] == "2024-03-15"
    assert akzhar["opened_on_label"] == label
