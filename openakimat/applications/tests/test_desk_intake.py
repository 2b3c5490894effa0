"""Desk intake for a queue of people: the service picker (grouped, names first, searchable in any
language), the returning resident found by IIN with their consent, and the printable consent form."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_staff
from openakimat.accounts.models import Role
from openakimat.applications.models import Application
from openakimat.applications.services import Applicant, applicant_lookup
from openakimat.applications.tests.conftest import IIN, applicant, make_address_reference, make_iin
from openakimat.integrity.models import AuditEntry

OTHER_IIN = make_iin("880808", "4", 321)

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


# --- the returning resident ----------------------------------------------------------------------


def lookup_url(offering):
    return f"/en/staff/cases/new/lookup/?offering={offering.pk}"


def test_the_service_fills_in_the_residents_latest_details_at_this_akimat(register, offering, operator):
    register(applicant=applicant(phone="+7 701 000 0001", language="ru"))
    register(applicant=applicant(phone="+7 701 000 0002", email="aigerim@example.kz", language="en"))
    found = applicant_lookup(actor=operator, akimat=offering.department.akimat, iin=IIN, consent=True)
    assert found == Applicant(
        iin=IIN, name="Айгерім Сәтбаева", phone="+77010000002", email="aigerim@example.kz", language="en"
    )
    entry = AuditEntry.objects.get(action="applicant.lookup")
    assert entry.actor == operator and entry.akimat_id == offering.department.akimat_id
    assert entry.data["consent"] is True and entry.data["found"] is True
    assert IIN not in str(entry.data) and "Сәтбаева" not in str(entry.data)


def test_a_resident_who_never_applied_here_is_not_found_and_the_look_up_is_still_audited(
    register, offering, operator, aiyrtau_akimat
):
    register()
    assert applicant_lookup(actor=operator, akimat=offering.department.akimat, iin=OTHER_IIN, consent=True) is None
    assert AuditEntry.objects.get(action="applicant.lookup").data["found"] is False


def test_an_earlier_application_at_another_akimat_is_not_used(register, operator, aiyrtau_construction):
    register()
    far_operator = make_staff("far.operator", Role.OPERATOR, aiyrtau_construction.akimat)
    assert applicant_lookup(actor=far_operator, akimat=aiyrtau_construction.akimat, iin=IIN, consent=True) is None


def test_no_look_up_without_the_residents_consent_or_with_a_wrong_iin(register, offering, operator):
    register()
    with pytest.raises(ValidationError) as raised:
        applicant_lookup(actor=operator, akimat=offering.department.akimat, iin="123", consent=False)
    assert set(raised.value.message_dict) == {"iin", "consent"}
    assert not AuditEntry.objects.filter(action="applicant.lookup").exists()


@pytest.mark.parametrize("who", ["specialist", "akzhar_head", "akim", "region_observer"])
def test_only_the_front_office_may_look_a_resident_up(request, register, offering, who):
    register()
    with pytest.raises(PermissionDenied):
        applicant_lookup(actor=request.getfixturevalue(who), akimat=offering.department.akimat, iin=IIN, consent=True)
    assert not AuditEntry.objects.filter(action="applicant.lookup").exists()


def test_the_desk_form_is_filled_in_after_the_look_up(staff_client, register, offering, operator):
    register(applicant=applicant(email="aigerim@example.kz", language="ru"))
    client = staff_client(operator)
    response = client.post(lookup_url(offering), {"lookup-iin": IIN, "lookup-consent": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{IIN}"' in html and 'value="Айгерім Сәтбаева"' in html and 'value="aigerim@example.kz"' in html
    assert '<option value="ru" selected>' in html
    assert 'name="looked_up" value="True"' in html
    assert "Filled in from the resident's latest application" in html


def test_the_look_up_is_recorded_with_the_case_it_leads_to(staff_client, register, offering, operator):
    from openakimat.applications.tests.test_staff_views import intake_data

    register()
    client = staff_client(operator)
    data = intake_data(offering, looked_up="True", idempotency_key="1f0c5a7e-5b1f-4d7a-9c55-2f2b8e0c7d11")
    assert client.post(f"/en/staff/cases/new/?offering={offering.pk}", data).status_code == 302
    case = Application.objects.order_by("-pk").first()
    assert case.events.get(kind="registered").data["lookup_consent"] is True
    assert AuditEntry.objects.get(action="application.register", object_id=str(case.pk)).data["lookup_consent"]


def test_the_desk_look_up_without_consent_is_a_400_that_says_so(staff_client, register, offering, operator):
    register()
    response = staff_client(operator).post(lookup_url(offering), {"lookup-iin": IIN})
    html = response.content.decode()
    assert response.status_code == 400
    assert "only with their consent" in html
    assert 'value="Айгерім Сәтбаева"' not in html
    assert not AuditEntry.objects.filter(action="applicant.lookup").exists()


def test_a_look_up_that_finds_nothing_keeps_the_iin_and_says_so(staff_client, offering, operator):
    response = staff_client(operator).post(lookup_url(offering), {"lookup-iin": IIN, "lookup-consent": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "no earlier application at this akimat" in html and f'value="{IIN}"' in html


def test_the_back_office_cannot_use_the_desk_look_up(staff_client, register, offering, specialist):
    register()
    response = staff_client(specialist).post(lookup_url(offering), {"lookup-iin": IIN, "lookup-consent": "on"})
    assert response.status_code == 403
    assert "Сәтбаева" not in response.content.decode()


def test_the_look_up_takes_no_get(staff_client, offering, operator):
    assert staff_client(operator).get(lookup_url(offering)).status_code == 405


# --- the consent form ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("kk", ["Дербес деректерді жинауға және өңдеуге келісім", "№ 94-V"]),
        ("ru", ["Согласие на сбор и обработку персональных данных", "№ 94-V"]),
        ("en", ["Consent to the collection and processing of personal data", "No. 94-V"]),
    ],
)
def test_the_consent_form_prints_in_the_residents_language(staff_client, offering, operator, lang, words):
    response = staff_client(operator).get("/en/staff/cases/new/consent/", {"offering": offering.pk, "lang": lang})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<article class="consent-sheet" lang="{lang}">' in html
    for word in words:
        assert word in html
    name = {"kk": offering.service.name_kk, "ru": offering.service.name_ru, "en": offering.service.name_en}[lang]
    assert name in html
    assert "no-print" in html


def test_the_intake_page_links_the_consent_form_in_each_language(staff_client, offering, operator):
    html = staff_client(operator).get("/en/staff/cases/new/", {"offering": offering.pk}).content.decode()
    for lang in ("kk", "ru", "en"):
        assert f"/en/staff/cases/new/consent/?offering={offering.pk}&amp;lang={lang}" in html


def test_the_consent_form_is_for_the_front_office(staff_client, offering, specialist):
    assert staff_client(specialist).get("/en/staff/cases/new/consent/", {"offering": offering.pk}).status_code == 403
