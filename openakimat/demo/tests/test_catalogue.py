from decimal import Decimal

import pytest

from openakimat.catalogue.models import LifeSituation, PublicService, RequiredDocument, ServiceOffering
from openakimat.demo.tests import load_demo
from openakimat.integrity.models import AuditEntry


@pytest.fixture
def demo(db):
    load_demo()


def test_the_demo_has_the_register_of_the_domain_notes(demo):
    assert PublicService.objects.count() == 31
    marriage = PublicService.objects.get(name_en="State registration of marriage")
    assert (marriage.term_value, marriage.term_unit, marriage.fee, marriage.fee_mrp) == (30, "calendar_days", None, 1)
    # The notes' 3,450 / 6,900 / 1,725 ₸ are 1, 2 and 0.5 МРП of 2023.
    assert dict(PublicService.objects.filter(fee_mrp__isnull=False).values_list("code", "fee_mrp")) == {
        "ZAGS-02": 1,
        "ZAGS-03": 2,
        "ZAGS-05": Decimal("0.5"),
    }
    queue = PublicService.objects.get(code="EDU-01")
    assert (queue.term_value, queue.term_unit) == (30, "minutes")
    land = PublicService.objects.get(code="CONS-05")
    assert (land.term_value, land.extended_term_value, land.extended_term_unit) == (28, 22, "working_days")
    assert "two stages" in land.extended_condition_en
    assert not PublicService.objects.filter(documents__isnull=True).exists()


def test_every_demo_service_is_offered_at_akzhar_by_a_department_of_its_kind(demo):
    offerings = ServiceOffering.objects.select_related("service", "department__akimat__territory")
    assert offerings.count() == 31
    assert {o.department.akimat.territory.kato for o in offerings} == {"593400000"}
    assert all(o.department.kind == o.service.department_kind for o in offerings)


def test_loading_the_demo_again_changes_nothing_in_the_register(demo):
    def rows():
        return (
            dict(PublicService.objects.values_list("code", "updated_at")),
            dict(RequiredDocument.objects.values_list("pk", "updated_at")),
            dict(ServiceOffering.objects.values_list("pk", "updated_at")),
            dict(LifeSituation.objects.values_list("slug", "updated_at")),
        )

    before, audits = rows(), AuditEntry.objects.exclude(action="demo.load").count()
    load_demo()
    assert rows() == before
    assert AuditEntry.objects.exclude(action="demo.load").count() == audits


def test_the_demo_groups_every_service_into_a_life_situation_and_names_it_commonly(demo):
    assert LifeSituation.objects.count() == 9
    assert not PublicService.objects.filter(life_situations__isnull=True).exists()
    birth = PublicService.objects.get(code="ZAGS-01")
    assert "ЗАГС" in birth.synonyms_ru and "АХАЖ" in birth.synonyms_kk and "civil registry" in birth.synonyms_en
    assert "birth" in [s.slug for s in birth.life_situations.all()]
