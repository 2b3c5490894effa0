"""The cast of execution control's tests: a registered test source (a territory stands in for a
problem report), an instruction of Akzhar's construction department, and its people."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_department, make_staff
from openakimat.common.actor import SystemActor
from openakimat.common.roles import Role
from openakimat.control import services, sources
from openakimat.control.models import Instruction
from openakimat.territory.models import Territory

SYSTEM = SystemActor("tests")
SOURCE = "tests.place"
EVENTS: list[tuple[str, str]] = []


@pytest.fixture(autouse=True)
def test_source():
    """A source kind on an existing model, as a source app registers its own."""
    kind = sources.register(
        sources.SourceKind(
            name=SOURCE,
            model=Territory,
            label="Test place",
            public_url=lambda t: f"/places/{t.kato}/",
            on_event=lambda instruction, event: EVENTS.append((instruction.number, event)),
        )
    )
    EVENTS.clear()
    yield kind
    sources._kinds.pop(SOURCE, None)


def in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


def make_instruction(actor, akimat, department, *, title="Repair the street lights", days=10, **extra) -> Instruction:
    return services.instruction_create(
        actor=actor,
        source=akimat.territory,
        akimat=akimat,
        department=department,
        title=title,
        deadline=in_days(days),
        **extra,
    )


def make_overdue(instruction: Instruction, days: int = 2) -> Instruction:
    """Its deadline in the past, written straight to the row (the services never allow that)."""
    past = timezone.localdate() - timedelta(days=days)
    Instruction.objects.filter(pk=instruction.pk).update(deadline=past, original_deadline=past)
    instruction.refresh_from_db()
    return instruction


@pytest.fixture
def specialist(akzhar_construction):
    return make_staff("erlan.specialist", Role.SPECIALIST, akzhar_construction.akimat, akzhar_construction)


@pytest.fixture
def akzhar_education(akzhar_akimat):
    return make_department(akzhar_akimat, "education")


@pytest.fixture
def instruction(akim, akzhar_akimat, akzhar_construction, talshik_okrug):
    return make_instruction(akim, akzhar_akimat, akzhar_construction, territory=talshik_okrug)
