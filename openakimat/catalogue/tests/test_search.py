"""Search finds services the way residents ask for them, with the same results on SQLite (Python)
and PostgreSQL (full-text search and pg_trgm)."""

import pytest
from django.db import connection

from openakimat.catalogue import search, selectors
from openakimat.catalogue.models import PublicService
from openakimat.catalogue.selectors import public_service_list, public_service_search

from .conftest import SYSTEM


def codes(**kwargs):
    return [s.code for s in public_service_list(**kwargs)]


@pytest.fixture
def register(db, akzhar_akimat):
    """The demonstration register: 31 services with their synonyms and life situations."""
    from openakimat.demo import catalogue as demo_catalogue

    demo_catalogue.load(SYSTEM, akzhar_akimat)


# What residents type, and the service they mean (first) — the same on both databases.
ASKED = {
    "свидетельство о рождении": "ZAGS-01",
    "birth certificate": "ZAGS-01",
    "ЗАГС": "ZAGS-01",
    "АХАЖ": "ZAGS-01",
    "туу туралы куәлік": "ZAGS-01",
    "Регистрация раждения": "ZAGS-01",
    "registation of birth": "ZAGS-01",
    "registration of birht": "ZAGS-01",
    "тууын": "ZAGS-01",
    "развод": "ZAGS-03",
    "детский сад": "EDU-01",
    "балабақша": "EDU-01",
    "kindergarten": "EDU-01",
    "смена фамилии": "ZAGS-05",
    "земельный участок": "CONS-05",
    "жилищная помощь": "HOUS-02",
    "АСП": "EMP-03",
    "job": "EMP-01",
    "ветсправка": "AGRO-04",
}


def test_residents_find_the_service_they_mean_in_any_language(register):
    found = {q: (codes(q=q) or [None])[0] for q in ASKED}
    assert found == ASKED


@pytest.mark.parametrize("q", ["ЗАГС", "АХАЖ", "civil registry"])
def test_the_department_names_people_use_find_all_its_services_birth_first(register, q):
    found = codes(q=q)
    assert found[0] == "ZAGS-01"
    assert set(found) == set(
        PublicService.objects.filter(department_kind="civil_registry").values_list("code", flat=True)
    )


def test_a_result_in_the_query_outranks_a_word_of_the_legal_basis(register):
    # "certificate" is in the birth service's result (tier 2) and in many synonyms (tier 1).
    found = codes(q="birth certificate")
    assert found[:2] == ["ZAGS-01", "ZAGS-06"]
    assert "ZAGS-04" not in found  # a death certificate is not a birth certificate


def test_a_misspelt_word_is_corrected_and_offered_as_did_you_mean(register):
    result = public_service_search(q="Регистрация раждения")
    assert [s.code for s in result.services][:1] == ["ZAGS-01"]
    assert result.suggestion == "регистрация рождения"
    assert public_service_search(q="Регистрация рождения").suggestion == ""


def test_nothing_matches_nonsense_and_nothing_is_suggested(register):
    result = public_service_search(q="qwertyuiop")
    assert list(result.services) == [] and result.suggestion == ""


def test_without_words_the_register_s_order_and_the_popular_services_apart(register):
    assert codes(department_kind="construction") == ["CONS-01", "CONS-02", "CONS-03", "CONS-04", "CONS-05"]
    assert [s.code for s in selectors.popular_services()] == [
        "ZAGS-01",
        "EDU-01",
        "EMP-03",
        "HOUS-02",
        "ZAGS-02",
        "CONS-05",
    ]


def test_the_department_kind_filter_and_the_search_combine(register):
    assert codes(q="ЗАГС", department_kind="education") == []
    assert codes(q="свидетельство", department_kind="civil_registry")[0] == "ZAGS-01"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares PostgreSQL's search with the Python one")
@pytest.mark.parametrize(
    "q",
    [
        *ASKED,
        "registration",
        "subsidies",
        "school",
        "certificate",
        "раждение",
        "куәлігі",
        "registation of birht",
        "qwertyuiop",
    ],
)
def test_postgresql_orders_every_result_as_the_python_search_does(register, q):
    typed = search.query_words(q)
    qs = PublicService.objects.filter(is_active=True)
    python = selectors._search_python(qs, typed, q)
    database = public_service_search(q=q)
    assert [s.code for s in database.services] == [s.code for s in python.services]
    assert database.suggestion == python.suggestion


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("раждения", "рождения", 0.5), ("registation", "registration", 10 / 15), ("abc", "abc", 1.0), ("ab", "xy", 0.0)],
)
def test_similarity_is_pg_trgm_s(a, b, expected):
    assert search.similarity(a, b) == pytest.approx(expected)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with pg_trgm itself")
@pytest.mark.parametrize(("a", "b"), [("раждения", "рождения"), ("куәлік", "куәлігі"), ("registation", "registration")])
def test_the_python_similarity_equals_pg_trgm(db, a, b):
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity(%s, %s)", [a, b])
        assert cursor.fetchone()[0] == pytest.approx(search.similarity(a, b), abs=1e-6)


@pytest.mark.parametrize("q", ["x" * 5000, "загс\x00", "%' & | ! :* загс", "_загс_", "🙂 " * 50 + "загс"])
def test_odd_queries_are_words_or_nothing_never_an_error(register, client, q):
    # Only letters and digits are searched: tsquery syntax, NUL and emoji are separators.
    expected = [] if q.startswith("x") else codes(q="загс")
    assert codes(q=q) == expected
    # The API refuses a NUL before searching (400); anything else is searched.
    assert client.get("/api/v1/services", {"q": q}).status_code == (400 if "\x00" in q else 200)


def test_short_words_count_only_when_nothing_else_is_asked():
    assert search.query_words("свидетельство о рождении") == ["свидетельство", "рождении"]
    assert search.query_words("о") == ["о"]


def test_stems_find_other_forms_of_a_word():
    assert [search.stem(w) for w in ("рождении", "куәлік", "загс", "certificate")] == [
        "рожден",
        "куәлі",
        "загс",
        "certifica",
    ]
    assert search.score(["рожден"], ["", "свидетельство о рождения", ""]) == 2
    assert search.score(["рожден", "загс"], ["загс", "рождения", ""]) == 6
    assert search.score(["рожден", "брак"], ["загс", "рождения", ""]) == 0


def test_yo_and_ye_are_the_same_letter(db):
    from .conftest import make_service

    make_service("EDU-09", "education", "Tree", "Учёт детей", "Балаларды есепке алу")
    assert codes(q="учет") == codes(q="учёт") == ["EDU-09"]


def test_the_old_rules_still_hold_for_a_tiny_register(birth, marriage, apz):
    assert codes(q="registration of birth") == ["ZAGS-01"]
    assert codes(q="туу") == ["ZAGS-01"]
    assert codes(q="registration", department_kind="construction") == []


def test_a_register_code_typed_whole_is_that_one_service(register):
    assert codes(q="CONS-05") == ["CONS-05"]
    assert codes(q="cons 05") == ["CONS-05"]
    assert codes(q="zags-01") == ["ZAGS-01"]
    assert len(codes(q="CONS")) > 1  # a part of a code is a search like any other
