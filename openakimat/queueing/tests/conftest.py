"""The queue's cast: the hall of the Akzhar district akimat with two categories — A, construction
(the architectural-planning assignment) and B, civil registry (birth registration) — desk 1
serving both and desk 2 serving B, an operator signed in at each."""

from datetime import datetime

import pytest

from conftest import make_department, make_staff
from openakimat.catalogue.models import ServiceOffering
from openakimat.catalogue.tests.conftest import make_service
from openakimat.common.actor import SystemActor
from openakimat.common.calendar import ALMATY
from openakimat.common.roles import Role
from openakimat.queueing import services
from openakimat.queueing.models import Desk, DeskHours, Hall

# A Tuesday morning in Talshik.
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=ALMATY)
SYSTEM = SystemActor("tests")


@pytest.fixture
def offerings(akzhar_akimat):
    apz = make_service(
        "CONS-01", "construction", "Architectural-planning assignment", "Выдача АПЗ", "СЖТ беру", term_value=6
    )
    birth = make_service()
    construction = make_department(akzhar_akimat, "construction")
    registry = make_department(akzhar_akimat, "civil_registry")
    return (
        ServiceOffering.objects.create(service=apz, department=construction),
        ServiceOffering.objects.create(service=birth, department=registry),
    )


@pytest.fixture
def hall(akzhar_akimat, offerings) -> Hall:
    return services.hall_setup(actor=SYSTEM, akimat=akzhar_akimat)


@pytest.fixture
def cat_a(hall):
    return hall.categories.get(letter="A")


@pytest.fixture
def cat_b(hall):
    return hall.categories.get(letter="B")


def make_desk(hall, number, *categories, hours=True) -> Desk:
    desk = Desk.objects.create(hall=hall, number=number)
    desk.categories.set(categories)
    if hours:
        for weekday in range(5):
            DeskHours.objects.create(
                desk=desk,
                weekday=weekday,
                opens="09:00",
                closes="18:00",
                break_starts="13:00",
                break_ends="14:00",
            )
    return desk


@pytest.fixture
def desk1(hall, cat_a, cat_b):
    return make_desk(hall, 1, cat_a, cat_b)


@pytest.fixture
def desk2(hall, cat_b):
    return make_desk(hall, 2, cat_b)


@pytest.fixture
def dana(akzhar_akimat, desk1):
    """The operator at desk 1."""
    user = make_staff("dana.operator", Role.OPERATOR, akzhar_akimat)
    services.desk_sign_in(actor=user, desk=desk1, now=NOW)
    return user


@pytest.fixture
def yerlan(akzhar_akimat, desk2):
    """The operator at desk 2."""
    user = make_staff("yerlan.operator", Role.OPERATOR, akzhar_akimat)
    services.desk_sign_in(actor=user, desk=desk2, now=NOW)
    return user
