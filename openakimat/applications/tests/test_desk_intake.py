"""Desk intake for a queue of people: the service picker (grouped, names first, searchable in any
language), the returning resident found by IIN with their consent, and the printable consent form."""

import re

import pytest

from openakimat.applications.tests.conftest import make_address_reference

NEW = "/en/staff/cases/new/"


@pytest.fixture
def two_services(offering, akzhar_construction):
    return offering, make_address_reference(akzhar_construction)


def options(html):
    return re.findall(r'<option value="(\d+)"([^>]*)>([^<]*)</option>', html)


# --- the service picker --------------------------------------------------------------------------


def test_the_picker_groups_by_department_with_names_first_and_codes_after(staff_client, two_services, operator):
    html = staff_client(operator).get(NEW).content.decode()
    apz, _reference = two_services
    assert '<optgroup label="' in html and apz.department.name in html
    labels = [label for _, _, label in options(html)]
    # By name within the department, each name before its code.
    assert labels == ["Address reference · CONS-09", "Architectural-planning assignment · CONS-01"]
    assert "data-service-picker" in html and "service-picker.js" in html


def test_each_option_carries_its_names_in_the_three_languages_for_the_filter_box(staff_client, offering, operator):
    html = staff_client(operator).get(NEW).content.decode()
    [(value, attrs, _label)] = options(html)
    assert value == str(offering.pk)
    find = re.search(r'data-find="([^"]*)"', attrs).group(1)
    for name in ("сәулет-жоспарлау", "архитектурно-планировочного", "architectural-planning", "cons-01"):
        assert name in find


@pytest.mark.parametrize("query", ["справка", "мекенжай", "address", "adress", "CONS-09"])
def test_without_script_the_search_narrows_the_list_in_any_language(staff_client, two_services, operator, query):
    _apz, reference = two_services
    response = staff_client(operator).get(NEW, {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert [value for value, _, _ in options(html)] == [str(reference.pk)]
    assert "Services found: 1." in html and "Show all services" in html


def test_a_search_that_finds_nothing_says_so_and_offers_the_whole_list(staff_client, two_services, operator):
    html = staff_client(operator).get(NEW, {"q": "nothing like this"}).content.decode()
    assert options(html) == []
    assert "No service matches" in html and f'href="{NEW}"' in html


def test_continuing_without_a_service_asks_for_one(staff_client, two_services, operator):
    response = staff_client(operator).get(NEW, {"offering": ""})
    assert response.status_code == 400
    assert "Choose the service the resident applies for." in response.content.decode()


def test_the_picker_is_for_the_front_office_only(staff_client, two_services, specialist, akim):
    for person in (specialist, akim):
        assert staff_client(person).get(NEW, {"q": "address"}).status_code == 403


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_picker_speaks_the_operators_language(staff_client, offering, operator, lang):
    html = staff_client(operator).get(f"/{lang}/staff/cases/new/").content.decode()
    name = offering.service.name_kk if lang == "kk" else offering.service.name_ru
    assert f">{name} · CONS-01</option>" in html
