from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openakimat.common.actor import SystemActor
from openakimat.integrity.models import AuditEntry
from openakimat.territory.models import Akimat, Department, ServiceStatus
from openakimat.territory.services import akimat_create, akimat_update, department_create, department_update


def test_the_akim_changes_opening_hours_and_it_is_audited(akim, akzhar_akimat):
    akimat_update(actor=akim, akimat=akzhar_akimat, hours_en="Mon–Fri 09:00–18:00")
    akzhar_akimat.refresh_from_db()
    assert akzhar_akimat.hours_en == "Mon–Fri 09:00–18:00"
    entry = AuditEntry.objects.get(action="akimat.update")
    assert entry.actor == akim
    assert entry.akimat == akzhar_akimat
    assert entry.data["changes"]["hours_en"][1] == "Mon–Fri 09:00–18:00"


def test_an_unchanged_update_writes_no_audit_entry(akim, akzhar_akimat):
    akimat_update(actor=akim, akimat=akzhar_akimat, open_space=akzhar_akimat.open_space)
    assert not AuditEntry.objects.filter(action="akimat.update").exists()


def test_an_operator_cannot_change_the_akimat(operator, akzhar_akimat):
    with pytest.raises(PermissionDenied):
        akimat_update(actor=operator, akimat=akzhar_akimat, hours_en="never")
    akzhar_akimat.refresh_from_db()
    assert akzhar_akimat.hours_en == ""


def test_the_akzhar_akim_cannot_change_aiyrtau(akim, aiyrtau_akimat):
    with pytest.raises(PermissionDenied):
        akimat_update(actor=akim, akimat=aiyrtau_akimat, hours_en="never")


def test_opening_a_service_akimat_needs_a_past_opening_date(akzhar_admin, aiyrtau_akimat, akzhar_akimat):
    with pytest.raises(ValidationError) as exc:
        akimat_update(
            actor=akzhar_admin, akimat=akzhar_akimat, service_status=ServiceStatus.OPEN, service_opened_on=None
        )
    assert "service_opened_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        akimat_update(actor=akzhar_admin, akimat=akzhar_akimat, service_opened_on=date.today() + timedelta(days=3))
    akzhar_akimat.refresh_from_db()
    assert akzhar_akimat.service_opened_on == date(2024, 3, 15)


def test_phone_numbers_are_validated_and_normalised(akim, akzhar_akimat):
    akimat_update(actor=akim, akimat=akzhar_akimat, phone="8 (71546) 2-12-34")
    akzhar_akimat.refresh_from_db()
    assert akzhar_akimat.phone.startswith("+7 7154")
    with pytest.raises(ValidationError) as exc:
        akimat_update(actor=akim, akimat=akzhar_akimat, phone="12345")
    assert "phone" in exc.value.message_dict


def test_fields_outside_the_editable_set_are_refused(akzhar_admin, akzhar_akimat, aiyrtau):
    with pytest.raises(ValidationError):
        akimat_update(actor=akzhar_admin, akimat=akzhar_akimat, territory=aiyrtau)


def test_an_admin_adds_an_other_department_but_not_a_second_of_a_fixed_kind(akzhar_admin, akzhar_construction):
    akimat = akzhar_construction.akimat
    other = department_create(
        actor=akzhar_admin,
        akimat=akimat,
        kind="other",
        name_en="Land relations",
        name_ru="Земельные отношения",
        name_kk="Жер қатынастары",
    )
    assert other.kind == "other"
    with pytest.raises(ValidationError):
        department_create(
            actor=akzhar_admin, akimat=akimat, kind="construction", name_en="Construction 2", name_ru="x", name_kk="x"
        )
    assert Department.objects.filter(akimat=akimat).count() == 2
    assert AuditEntry.objects.filter(action="department.create").count() == 1


def test_a_head_cannot_rename_their_department(akzhar_head, akzhar_construction):
    with pytest.raises(PermissionDenied):
        department_update(actor=akzhar_head, department=akzhar_construction, name_en="Mine now")


def test_only_a_superuser_or_a_system_job_registers_akimats(akzhar_admin, aiyrtau):
    with pytest.raises(PermissionDenied):
        akimat_create(actor=akzhar_admin, territory=aiyrtau, kind="district", name_kk="a", name_ru="a", name_en="a")
    created = akimat_create(
        actor=SystemActor("test"), territory=aiyrtau, kind="district", name_kk="a", name_ru="a", name_en="a"
    )
    assert Akimat.objects.get(territory=aiyrtau) == created
    assert AuditEntry.objects.get(action="akimat.create").actor_label == "system:test"


def test_only_an_administrator_renames_the_akimat(akim, akzhar_admin, akzhar_akimat):
    with pytest.raises(PermissionDenied):
        akimat_update(actor=akim, akimat=akzhar_akimat, name_en="Akim's akimat")
    akimat_update(actor=akzhar_admin, akimat=akzhar_akimat, name_en="Akimat of the Akzhar district")
    akzhar_akimat.refresh_from_db()
    assert akzhar_akimat.name_en == "Akimat of the Akzhar district"


def test_null_for_a_text_field_is_refused_and_changes_nothing(akim, akzhar_akimat):
    with pytest.raises(ValidationError) as exc:
        akimat_update(actor=akim, akimat=akzhar_akimat, address_kk=None, hours_en="x")
    assert "address_kk" in exc.value.message_dict
    akzhar_akimat.refresh_from_db()
    assert akzhar_akimat.hours_en == ""
