from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from openakimat.catalogue.models import PublicService, ServiceOffering, format_term


def _raw(**extra):
    fields = {
        "code": "X-1",
        "department_kind": "education",
        "name_kk": "a",
        "name_ru": "b",
        "name_en": "c",
        "term_value": 1,
        "term_unit": "working_days",
        "fee": Decimal(0),
    } | extra
    return PublicService(**fields)


@pytest.mark.parametrize(
    "extra",
    [{"fee": Decimal(-1)}, {"term_value": 0}, {"extended_term_value": 5}, {"extended_term_unit": "working_days"}],
    ids=["negative-fee", "zero-term", "extended-without-unit", "extended-unit-without-value"],
)
def test_the_database_refuses_impossible_terms_and_fees(db, extra):
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw(**extra).save()


def test_a_service_is_offered_once_per_department(birth, akzhar_akimat):
    from conftest import make_department

    department = make_department(akzhar_akimat, "civil_registry")
    ServiceOffering.objects.create(service=birth, department=department)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceOffering.objects.create(service=birth, department=department)


@pytest.mark.parametrize(
    ("lang", "value", "unit", "expected"),
    [
        ("en", 15, "working_days", "15 working days"),
        ("en", 1, "working_days", "1 working day"),
        ("ru", 15, "working_days", "15 рабочих дней"),
        ("ru", 1, "working_days", "1 рабочий день"),
        ("ru", 22, "working_days", "22 рабочих дня"),
        ("ru", 30, "minutes", "30 минут"),
        ("ru", 30, "calendar_days", "30 календарных дней"),
        ("kk", 15, "working_days", "15 жұмыс күні"),
        ("kk", 30, "minutes", "30 минут"),
    ],
)
def test_terms_read_naturally_with_plural_forms(lang, value, unit, expected):
    with translation.override(lang):
        assert format_term(value, unit) == expected
