from decimal import Decimal

import pytest

from openakimat.catalogue.services import DocumentSpec, public_service_create
from openakimat.common.actor import SystemActor

SYSTEM = SystemActor("tests")


def make_service(
    code="ZAGS-01",
    kind="civil_registry",
    en="State registration of birth",
    ru="Государственная регистрация рождения ребенка",
    kk="Баланың тууын мемлекеттік тіркеу",
    **extra,
):
    fields = {"term_value": 1, "term_unit": "working_days", "fee": Decimal(0)} | extra
    return public_service_create(
        actor=SYSTEM,
        code=code,
        department_kind=kind,
        name_en=en,
        name_ru=ru,
        name_kk=kk,
        documents=[
            DocumentSpec("Application", "Заявление", "Өтініш", True, "pdf"),
            DocumentSpec("Marriage certificate", "Свидетельство о браке", "Неке куәлігі", False),
        ],
        **fields,
    )


@pytest.fixture
def birth(db):
    return make_service()


@pytest.fixture
def marriage(db):
    return make_service(
        "ZAGS-02",
        en="State registration of marriage",
        ru="Государственная регистрация заключения брака",
        kk="Неке қиюды мемлекеттік тіркеу",
        term_value=30,
        term_unit="calendar_days",
        fee=Decimal(3450),
    )


@pytest.fixture
def apz(db):
    return make_service(
        "CONS-01",
        "construction",
        "Architectural-planning assignment",
        "Выдача архитектурно-планировочного задания",
        "Сәулет-жоспарлау тапсырмасын беру",
        term_value=6,
        extended_term_value=15,
        extended_term_unit="working_days",
        extended_condition_en="for technically complex objects",
        online=True,
    )
