"""The smoke run's data, written as an operator would set up a fresh install (no demo data, which
production refuses): a district with its akimat and a department, one online service with a
required PDF, and a staff operator whose authenticator key the journeys know.

    python deploy/smoke/setup_data.py OUT.json   (with the production environment of run.sh)

Writes the names, the password and the TOTP key to OUT.json for the journeys."""

import json
import os
import secrets
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from openakimat.accounts.models import Role, RoleGrant, User  # noqa: E402
from openakimat.catalogue.services import DocumentSpec, public_service_create, service_offer  # noqa: E402
from openakimat.common.actor import SystemActor  # noqa: E402
from openakimat.territory.models import (  # noqa: E402
    Akimat,
    AkimatKind,
    Department,
    ServiceStatus,
    Territory,
    TerritoryLevel,
)
from openakimat.territory.services import territory_save  # noqa: E402

SETUP = SystemActor("smoke-setup")
SERVICE = "SMOKE-01"


def territory(kato: str, level: str, parent: Territory | None, en: str, ru: str, kk: str) -> Territory:
    place = Territory(kato=kato, level=level, parent=parent, name_en=en, name_ru=ru, name_kk=kk)
    territory_save(place)
    return place


def main(out: Path) -> None:
    region = territory(
        "590000000",
        TerritoryLevel.REGION,
        None,
        "North Kazakhstan region",
        "Северо-Казахстанская область",
        "Солтүстік Қазақстан облысы",
    )
    district = territory(
        "593400000", TerritoryLevel.DISTRICT, region, "Akzhar district", "Акжарский район", "Ақжар ауданы"
    )
    akimat = Akimat.objects.create(
        territory=district,
        kind=AkimatKind.DISTRICT,
        name_en="Akimat of Akzhar district",
        name_ru="Акимат Акжарского района",
        name_kk="Ақжар ауданының әкімдігі",
        service_status=ServiceStatus.OPEN,
        service_opened_on=date(2024, 3, 15),
        case_prefix="SMK",
    )
    department = Department.objects.create(
        akimat=akimat,
        kind="construction",
        name_en="Department of construction",
        name_ru="Отдел строительства",
        name_kk="Құрылыс бөлімі",
    )
    service = public_service_create(
        actor=SETUP,
        code=SERVICE,
        department_kind="construction",
        name_en="Architectural-planning assignment",
        name_ru="Выдача архитектурно-планировочного задания",
        name_kk="Сәулет-жоспарлау тапсырмасын беру",
        term_value=6,
        term_unit="working_days",
        fee=Decimal(0),
        online=True,
        documents=[DocumentSpec("Application", "Заявление", "Өтініш", True, "pdf")],
    )
    service_offer(actor=SETUP, service=service, department=department)

    username, password = "smoke.operator", secrets.token_urlsafe(18)
    operator = User.objects.create_user(username=username, password=password, is_staff=True)
    RoleGrant.objects.create(user=operator, role=Role.OPERATOR, akimat=akimat)
    key = secrets.token_hex(20)
    TOTPDevice.objects.create(user=operator, name="smoke authenticator", key=key, confirmed=True)

    document = service.documents.get()
    out.write_text(
        json.dumps(
            {
                "service": SERVICE,
                "document_field": f"document_{document.pk}",
                "username": username,
                "password": password,
                "totp_key": key,
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
