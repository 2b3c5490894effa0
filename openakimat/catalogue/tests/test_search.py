import pytest

from openakimat.catalogue.search import query_words, text_matches
from openakimat.catalogue.selectors import public_service_list


def codes(**kwargs):
    return [s.code for s in public_service_list(**kwargs)]


@pytest.mark.parametrize(
    "q",
    [
        "Регистрация рождения",
        "Регистрация раждения",  # misspelt
        "регистрация РОЖДЕНИЯ",
        "тууын",
        "туу",
        "Баланың тууын мемлекеттік тіркеу",
        "birth",
        "registration of birth",
        "registation birth",
    ],
)
def test_a_resident_finds_the_birth_registration_in_any_language(birth, marriage, apz, q):
    assert codes(q=q) == ["ZAGS-01"]


def test_yo_and_ye_are_the_same_letter(db):
    from .conftest import make_service

    make_service("EDU-09", "education", "Tree", "Учёт детей", "Балаларды есепке алу")
    assert codes(q="учет") == codes(q="учёт") == ["EDU-09"]


def test_short_words_match_only_as_a_prefix():
    assert not text_matches(query_words("ата"), "баланың тууын")
    assert text_matches(query_words("ба"), "баланың тууын")


def test_the_department_kind_filter_and_the_search_combine(birth, marriage, apz):
    assert codes(department_kind="construction") == ["CONS-01"]
    assert codes(q="registration", department_kind="civil_registry") == ["ZAGS-01", "ZAGS-02"]
    assert codes(q="registration", department_kind="construction") == []


def test_nothing_matches_nonsense(birth, marriage, apz):
    assert codes(q="qwertyuiop") == []
