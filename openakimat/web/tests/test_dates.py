"""The akimat page and the service-akimat table write the opening date as the page's language does."""

import pytest

OPENED = {"kk": "15 наурыз 2024 ж.", "ru": "15 марта 2024 г.", "en": "15 March 2024"}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_akimat_page_shows_the_opening_date_in_words(client, akzhar_akimat, lang):
    html = client.get(f"/{lang}/akimats/593400000/").content.decode()
    assert f'<time datetime="2024-03-15">{OPENED[lang]}</time>' in html


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_rollout_table_shows_the_opening_date_day_first(client, akzhar_akimat, aiyrtau_akimat, lang):
    html = client.get(f"/{lang}/regions/590000000/service-akimats/").content.decode()
    assert '<time datetime="2024-03-15">15.03.2024</time>' in html
    assert "03/15/2024" not in html
