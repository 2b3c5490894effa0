"""The cast of the front office: an APZ (architectural-planning assignment) service rendered by
Akzhar's construction department, a specialist of that department, and the helpers that make a
resident's application as the desk would."""

import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from conftest import make_staff
from openakimat.accounts.models import Role
from openakimat.applications.services import Applicant, IdentityCheck, Upload, application_register
from openakimat.catalogue.models import ServiceOffering
from openakimat.catalogue.services import DocumentSpec, public_service_create
from openakimat.common import samples
from openakimat.common.actor import SystemActor
from openakimat.common.calendar import ALMATY
from openakimat.common.iin import check_digit

SYSTEM = SystemActor("tests")
PDF = samples.PDF
PNG = samples.PNG
# Tuesday 1 December 2026, 10:00 in Talshik: a plain working day, before 16 December.
TUESDAY_MORNING = datetime(2026, 12, 1, 10, 0, tzinfo=ALMATY)


def make_iin(birth: str = "900515", century_sex: str = "3", serial: int = 123) -> str:
    """A valid IIN for a person born on `birth` (YYMMDD)."""
    while True:
        first11 = f"{birth}{century_sex}{serial:04d}"
        digit = check_digit(first11)
        if digit is not None:
            return first11 + str(digit)
        serial += 1


IIN = make_iin()
# The applicant's identity card, checked at the desk before the result is handed over.
SHOWN_ID = IdentityCheck(document="id_card", iin=IIN, seen=True)
# The same check as the hand-over form or the API sends it.
SHOWN_ID_FIELDS = {"id_document": "id_card", "id_iin": IIN, "id_seen": True}


def applicant(**extra) -> Applicant:
    fields = {"iin": IIN, "name": "Айгерім Сәтбаева", "phone": "+7 701 123 4567", "email": "", "language": "kk"}
    return Applicant(**(fields | extra))


def pdf(name: str = "application.pdf", content: bytes = PDF) -> tuple[io.BytesIO, str]:
    return io.BytesIO(content), name


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the site's default is Kazakh)."""
    with translation.override("en"):
        yield


@pytest.fixture
def apz(db):
    return public_service_create(
        actor=SYSTEM,
        code="CONS-01",
        department_kind="construction",
        name_en="Architectural-planning assignment",
        name_ru="Выдача архитектурно-планировочного задания",
        name_kk="Сәулет-жоспарлау тапсырмасын беру",
        term_value=6,
        term_unit="working_days",
        extended_term_value=15,
        extended_term_unit="working_days",
        fee=Decimal(0),
        online=True,
        documents=[
            DocumentSpec("Application", "Заявление", "Өтініш", True, "pdf"),
            DocumentSpec("Site plan", "Ситуационная схема", "Ситуациялық сызба", False, "pdf,jpg,png"),
        ],
    )


@pytest.fixture
def offering(apz, akzhar_construction):
    return ServiceOffering.objects.create(service=apz, department=akzhar_construction)


def make_address_reference(department) -> ServiceOffering:
    """An address reference offered by `department`: a service that asks for no documents, so it can
    be applied for with plain JSON and through Open311."""
    service = public_service_create(
        actor=SYSTEM,
        code="CONS-09",
        department_kind="construction",
        name_en="Address reference",
        name_ru="Справка об адресе",
        name_kk="Мекенжай анықтамасы",
        term_value=1,
        term_unit="working_days",
        online=True,
    )
    return ServiceOffering.objects.create(service=service, department=department)


@pytest.fixture
def address_reference(akzhar_construction):
    """The address reference, offered by Akzhar's construction department."""
    return make_address_reference(akzhar_construction).service


@pytest.fixture
def specialist(akzhar_construction):
    return make_staff("erlan.specialist", Role.SPECIALIST, akzhar_construction.akimat, akzhar_construction)


@pytest.fixture
def register(offering, operator):
    """Register a desk application (or an online one with channel="online", actor=None)."""

    def make(actor=operator, *, now=TUESDAY_MORNING, documents=None, **extra):
        if documents is None:
            documents = [Upload(*pdf(), required=offering.service.documents.get(order=1))]
        return application_register(
            actor=actor,
            offering=offering,
            applicant=extra.pop("applicant", applicant()),
            consent=True,
            documents=documents,
            now=now,
            **extra,
        )

    return make


@pytest.fixture
def case(register):
    return register()
