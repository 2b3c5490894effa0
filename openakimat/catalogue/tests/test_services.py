from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_department
from openakimat.catalogue.models import PublicService, ServiceOffering
from openakimat.catalogue.services import DocumentSpec, public_service_update, service_offer, service_withdraw
from openakimat.integrity.models import AuditEntry

from .conftest import SYSTEM


def test_creating_a_service_stores_documents_search_text_and_an_audit_entry(birth):
    assert [d.name_en for d in birth.documents.all()] == ["Application", "Marriage certificate"]
    assert "тууын" in birth.search_text and "рождения" in birth.search_text
    assert AuditEntry.objects.filter(action="public_service.create", object_id=str(birth.pk)).exists()


def test_only_a_superuser_changes_the_register(birth, akzhar_admin, superuser):
    with pytest.raises(PermissionDenied):
        public_service_update(actor=akzhar_admin, service=birth, fee=Decimal(100))
    public_service_update(actor=superuser, service=birth, fee=Decimal(100), name_ru="Регистрация рождения")
    birth.refresh_from_db()
    assert birth.fee == Decimal(100)
    assert "регистрация" in birth.search_text
    entry = AuditEntry.objects.filter(action="public_service.update").get()
    assert entry.actor == superuser


def test_an_update_that_changes_nothing_writes_nothing(birth):
    before = (birth.updated_at, AuditEntry.objects.count())
    same_docs = [
        DocumentSpec("Application", "Заявление", "Өтініш", True, "pdf"),
        DocumentSpec("Marriage certificate", "Свидетельство о браке", "Неке куәлігі", False),
    ]
    service = public_service_update(actor=SYSTEM, service=birth, fee=Decimal(0), documents=same_docs)
    assert (service.updated_at, AuditEntry.objects.count()) == before


def test_replacing_the_documents_is_audited(birth):
    public_service_update(actor=SYSTEM, service=birth, documents=[DocumentSpec("Form", "Форма", "Нысан")])
    assert [d.name_en for d in birth.documents.all()] == ["Form"]
    assert AuditEntry.objects.get(action="public_service.update").data["documents"] == 1


def test_a_negative_fee_is_refused_with_a_message(birth):
    with pytest.raises(ValidationError):
        public_service_update(actor=SYSTEM, service=birth, fee=Decimal(-5))


def test_an_akimat_admin_offers_and_withdraws_a_service_at_their_department(birth, akzhar_akimat, akzhar_admin):
    department = make_department(akzhar_akimat, "civil_registry")
    offering = service_offer(actor=akzhar_admin, service=birth, department=department)
    assert AuditEntry.objects.filter(action="service_offering.create", akimat=akzhar_akimat).exists()
    service_withdraw(actor=akzhar_admin, offering=offering)
    assert not ServiceOffering.objects.exists()
    assert AuditEntry.objects.filter(action="service_offering.delete").exists()


@pytest.mark.parametrize("who", ["akim", "operator", "akzhar_head"])
def test_other_roles_cannot_offer_a_service(request, birth, akzhar_akimat, who):
    department = make_department(akzhar_akimat, "civil_registry")
    with pytest.raises(PermissionDenied):
        service_offer(actor=request.getfixturevalue(who), service=birth, department=department)


def test_an_admin_of_one_district_cannot_offer_at_another(birth, akzhar_admin, aiyrtau_akimat):
    department = make_department(aiyrtau_akimat, "civil_registry")
    with pytest.raises(PermissionDenied):
        service_offer(actor=akzhar_admin, service=birth, department=department)
    assert not AuditEntry.objects.filter(action="service_offering.create").exists()


def test_a_service_is_offered_only_by_a_department_of_its_kind_and_once(birth, akzhar_construction, akzhar_admin):
    with pytest.raises(ValidationError):
        service_offer(actor=akzhar_admin, service=birth, department=akzhar_construction)
    department = make_department(akzhar_construction.akimat, "civil_registry")
    service_offer(actor=akzhar_admin, service=birth, department=department)
    with pytest.raises(ValidationError):
        service_offer(actor=akzhar_admin, service=birth, department=department)


def test_the_register_code_is_unique(birth):
    from .conftest import make_service

    with pytest.raises(ValidationError):
        make_service()
    assert PublicService.objects.count() == 1
