"""The receptions' cast: the akim of Akzhar receives at Talshik tomorrow, three places of 15
minutes; residents of Talshik village sign up with their phones."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_territory
from openakimat.common.actor import SystemActor
from openakimat.notifications.models import Notification
from openakimat.receptions import services
from openakimat.receptions.models import Kind, Reception
from openakimat.territory.models import TerritoryLevel

SYSTEM = SystemActor("test")
PHONES = ["+77011234567", "+77021234567", "+77051234567", "+77071234567", "+77471234567"]


@pytest.fixture
def talshik(talshik_okrug):
    return make_territory("593430100", TerritoryLevel.VILLAGE, talshik_okrug, "Talshik", "Талшик", "Талшық")


@pytest.fixture
def other_village(aiyrtau):
    okrug = make_territory("593230000", TerritoryLevel.RURAL_OKRUG, aiyrtau, "Saumalkol okrug")
    return make_territory("593230100", TerritoryLevel.VILLAGE, okrug, "Saumalkol")


def plan(**extra) -> services.ReceptionPlan:
    fields = {
        "host_name_kk": "Асқар Әкімов",
        "host_name_ru": "Аскар Акимов",
        "host_name_en": "Askar Akimov",
        "host_position_kk": "аудан әкімі",
        "host_position_ru": "аким района",
        "host_position_en": "district akim",
        "kind": Kind.OPEN_PUBLIC,
        "starts_at": timezone.now() + timedelta(days=1, hours=1),
        "capacity": 3,
        "slot_minutes": 15,
        "place_kk": "Талшық, Целинная к-сі, 15",
        "place_ru": "Талшик, ул. Целинная, 15",
        "place_en": "15 Tselinnaya street, Talshik",
        "topics": ["roads", "utilities"],
        "observer": "Observer of the anti-corruption agency",
    }
    fields.update(extra)
    return services.ReceptionPlan(**fields)


@pytest.fixture
def reception(akzhar_akimat, talshik) -> Reception:
    return services.reception_plan(actor=SYSTEM, akimat=akzhar_akimat, plan=plan())


def last_code(signup) -> str:
    note = Notification.objects.filter(kind="receptions.code", target_id=signup.pk).latest("pk")
    return re.match(r"\d{6}", note.text).group(0)


def sign_up(reception, village, phone=PHONES[0], name="Айгерім Сәтбаева", client="203.0.113.1"):
    return services.signup_start(
        reception=reception,
        name=name,
        phone=phone,
        village=village,
        problem="Біздің көшеде жарық жоқ, 12-үйдің жанында.",
        language="kk",
        client=client,
    )


def confirmed(reception, village, phone=PHONES[0], **extra):
    signup, token = sign_up(reception, village, phone, **extra)
    return services.signup_confirm(signup=signup, code=last_code(signup)), token
