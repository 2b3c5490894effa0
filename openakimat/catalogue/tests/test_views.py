import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_department
from openakimat.catalogue.services import service_offer

from .conftest import SYSTEM, make_service


@pytest.fixture
def offered(birth, marriage, apz, akzhar_akimat):
    department = make_department(akzhar_akimat, "civil_registry")
    service_offer(actor=SYSTEM, service=birth, department=department)
    return department


@pytest.mark.parametrize(
    ("lang", "name", "heading"),
    [
        ("kk", "Баланың тууын мемлекеттік тіркеу", "Мемлекеттік қызметтер"),
        ("ru", "Государственная регистрация рождения ребенка", "Государственные услуги"),
        ("en", "State registration of birth", "Public services"),
    ],
)
def test_the_catalogue_lists_services_in_the_page_language(client, offered, lang, name, heading):
    html = client.get(f"/{lang}/services/").content.decode()
    assert f'<html lang="{lang}"' in html
    assert html.count("<h1>") == 1 and f"<h1>{heading}</h1>" in html
    assert name in html
    assert f'href="/{lang}/services/ZAGS-01/"' in html


def test_the_search_form_finds_a_misspelt_russian_name(client, offered):
    html = client.get("/ru/services/", {"q": "Регистрация раждения"}).content.decode()
    assert "Государственная регистрация рождения ребенка" in html
    assert "заключения брака" not in html
    assert '<label for="id_q">' in html and '<label for="id_department_kind">' in html


def test_the_department_filter_keeps_one_kind(client, offered):
    html = client.get("/en/services/", {"department_kind": "construction"}).content.decode()
    assert "Architectural-planning assignment" in html and "State registration of birth" not in html
    assert '<option value="construction" selected>' in html


def test_an_unknown_department_kind_shows_everything_rather_than_failing(client, offered):
    response = client.get("/en/services/", {"department_kind": "nonsense"})
    assert response.status_code == 200


def test_the_catalogue_is_paginated_by_25_with_a_navigation(client, db):
    for i in range(30):
        make_service(f"EDU-{i:02d}", "education", f"Service {i}", f"Услуга {i}", f"Қызмет {i}")
    first = client.get("/en/services/", {"department_kind": "education"}).content.decode()
    assert first.count('<li>\n      <a href="/en/services/EDU-') == 25
    assert '<nav class="pagination" aria-label="Pages">' in first
    assert 'href="?department_kind=education&amp;page=2" rel="next"' in first
    second = client.get("/en/services/", {"department_kind": "education", "page": 2}).content.decode()
    assert second.count('<li>\n      <a href="/en/services/EDU-') == 5
    assert (
        '<a href="?department_kind=education&amp;page=2" aria-current="page">'
        '<span class="visually-hidden">Page 2</span><span aria-hidden="true">2</span></a>'
    ) in second


def test_the_catalogue_reads_a_fixed_number_of_queries(client, offered):
    with CaptureQueriesContext(connection) as before:
        client.get("/en/services/", {"q": "registration"})
    for i in range(10):
        make_service(f"ZAGS-{i + 10}", en=f"Registration {i}")
    with CaptureQueriesContext(connection) as after:
        client.get("/en/services/", {"q": "registration"})
    assert len(after) == len(before) <= 4


@pytest.mark.parametrize(
    ("lang", "term", "fee", "where"),
    [
        ("en", "30 calendar days", "3,450&nbsp;₸", "Akimat of Akzhar district"),
        ("ru", "30 календарных дней", "3\xa0450&nbsp;₸", "Акимат: Акжарский район"),
    ],
)
def test_a_service_page_shows_term_fee_documents_and_where_to_apply(client, offered, marriage, lang, term, fee, where):
    service_offer(actor=SYSTEM, service=marriage, department=offered)
    html = client.get(f"/{lang}/services/ZAGS-02/").content.decode()
    assert html.count("<h1>") == 1
    assert term in html
    assert fee in html
    assert where in html and f'href="/{lang}/akimats/593400000/"' in html
    assert "Marriage certificate" in html or "Свидетельство о браке" in html


def test_a_free_service_says_free_and_shows_its_extended_term(client, apz):
    html = client.get("/en/services/CONS-01/").content.decode()
    assert "Free" in html
    assert "15 working days — for technically complex objects" in html
    assert "At the front-office desk or online" in html
    ru = client.get("/ru/services/CONS-01/").content.decode()
    assert "Бесплатно" in ru and "15 рабочих дней" in ru


def test_an_unknown_or_inactive_service_is_not_found(client, birth):
    from openakimat.catalogue.services import public_service_update

    assert client.get("/en/services/NOPE-1/").status_code == 404
    public_service_update(actor=SYSTEM, service=birth, is_active=False)
    assert client.get("/en/services/ZAGS-01/").status_code == 404


def test_the_home_page_and_the_menu_lead_to_the_catalogue(client, db):
    html = client.get("/kk/").content.decode()
    assert html.count('href="/kk/services/"') >= 2


@pytest.fixture
def register(db, akzhar_akimat):
    from openakimat.demo import catalogue as demo_catalogue

    demo_catalogue.load(SYSTEM, akzhar_akimat)


@pytest.mark.parametrize(
    ("lang", "q", "name"),
    [
        ("ru", "ЗАГС", "Государственная регистрация рождения ребенка"),
        ("ru", "свидетельство о рождении", "Государственная регистрация рождения ребенка"),
        ("kk", "АХАЖ", "Баланың тууын мемлекеттік тіркеу"),
        ("kk", "туу туралы куәлік", "Баланың тууын мемлекеттік тіркеу"),
        ("en", "birth certificate", "State registration of birth"),
    ],
)
def test_the_words_people_use_put_birth_registration_first(client, register, lang, q, name):
    html = client.get(f"/{lang}/services/", {"q": q}).content.decode()
    first = html.index('<ul class="service-list">')
    assert html.index(name, first) < html.index("</li>", first)


def test_a_misspelt_search_offers_did_you_mean_with_a_link(client, register):
    html = client.get("/en/services/", {"q": "registation of birht"}).content.decode()
    assert 'Did you mean <a href="?q=registration+of+birth">registration of birth</a>?' in html
    assert "State registration of birth" in html


def test_the_empty_catalogue_shows_popular_services_and_life_situations(client, register):
    html = client.get("/ru/services/").content.decode()
    popular = html[html.index('id="popular-heading"') : html.index('id="situations-heading"')]
    assert popular.index("регистрация рождения") < popular.index("Постановка на очередь детей")
    assert '<a href="/ru/services/situations/#birth">Рождение ребенка</a>' in html
    searched = client.get("/ru/services/", {"q": "ЗАГС"}).content.decode()
    assert 'id="popular-heading"' not in searched and 'id="situations-heading"' not in searched


@pytest.mark.parametrize(
    ("lang", "heading", "situation"),
    [
        ("kk", "Өмірлік жағдайлар бойынша қызметтер", "Баланың тууы"),
        ("ru", "Услуги по жизненным ситуациям", "Рождение ребенка"),
        ("en", "Services by life situation", "A child is born"),
    ],
)
def test_the_life_situations_page_lists_each_situation_with_its_services(client, register, lang, heading, situation):
    html = client.get(f"/{lang}/services/situations/").content.decode()
    assert html.count("<h1>") == 1 and f"<h1>{heading}</h1>" in html
    assert f'<h2 id="birth">{situation}</h2>' in html
    birth = html[html.index('<h2 id="birth">') : html.index('<h2 id="family">')]
    assert f'href="/{lang}/services/ZAGS-01/"' in birth and f'href="/{lang}/services/EDU-01/"' in birth
    assert f'href="/{lang}/services/AGRO-04/"' not in birth


def test_the_life_situations_page_reads_a_fixed_number_of_queries(client, register, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get("/en/services/situations/")


def test_a_service_page_links_to_its_life_situations(client, register):
    html = client.get("/en/services/ZAGS-01/").content.decode()
    assert '<a href="/en/services/situations/#birth">A child is born</a>' in html
