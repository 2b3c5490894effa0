"""Life situations: written through their service (superusers and the system), audited, idempotent."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openakimat.catalogue.models import LifeSituation
from openakimat.catalogue.services import life_situation_save
from openakimat.integrity.models import AuditEntry

from .conftest import SYSTEM

NAMES = {"name_kk": "Баланың тууы", "name_ru": "Рождение ребенка", "name_en": "A child is born"}


def test_a_life_situation_is_saved_once_and_audited(birth, marriage):
    situation = life_situation_save(actor=SYSTEM, slug="birth", service_codes=["ZAGS-01"], **NAMES)
    assert [s.code for s in situation.services.all()] == ["ZAGS-01"]
    assert AuditEntry.objects.filter(action="life_situation.save").count() == 1
    life_situation_save(actor=SYSTEM, slug="birth", service_codes=["ZAGS-01"], **NAMES)
    assert AuditEntry.objects.filter(action="life_situation.save").count() == 1
    life_situation_save(actor=SYSTEM, slug="birth", service_codes=["ZAGS-01", "ZAGS-02"], **NAMES)
    assert AuditEntry.objects.filter(action="life_situation.save").count() == 2
    assert LifeSituation.objects.get().services.count() == 2


def test_an_unknown_service_code_is_refused_and_nothing_saved(birth):
    with pytest.raises(ValidationError):
        life_situation_save(actor=SYSTEM, slug="birth", service_codes=["ZAGS-01", "NOPE-1"], **NAMES)
    assert not LifeSituation.objects.exists()


def test_only_a_superuser_changes_life_situations(birth, akzhar_admin):
    with pytest.raises(PermissionDenied):
        life_situation_save(actor=akzhar_admin, slug="birth", service_codes=["ZAGS-01"], **NAMES)


def test_a_superuser_adds_a_life_situation_in_the_admin(staff_client, superuser, birth, akzhar_admin):
    data = {"slug": "birth", "order": "1", "services": [birth.pk], **NAMES}
    assert staff_client(akzhar_admin).post("/admin/catalogue/lifesituation/add/", data).status_code == 403
    response = staff_client(superuser).post("/admin/catalogue/lifesituation/add/", data)
    assert response.status_code == 302
    situation = LifeSituation.objects.get(slug="birth")
    assert list(situation.services.all()) == [birth]
    assert AuditEntry.objects.get(action="life_situation.save").actor == superuser
