"""Fixtures of the triage, list, feed and alert tests: two categories at Akzhar (one routed to
its construction department), one at Aiyrtau, villages, and a maker of reports."""

from decimal import Decimal

import pytest

from conftest import make_territory
from openakimat.problems.models import Category, Report
from openakimat.problems.services import NewReport, report_create
from openakimat.territory.models import TerritoryLevel


def make_category(akimat, department, code="roads", **extra) -> Category:
    return Category.objects.create(
        akimat=akimat,
        code=code,
        department=department,
        name_kk=f"{code} (kk)",
        name_ru=f"{code} (ru)",
        name_en=code.title(),
        **extra,
    )


@pytest.fixture
def roads(akzhar_akimat, akzhar_construction) -> Category:
    return make_category(akzhar_akimat, akzhar_construction, "roads", days_to_fix=7)


@pytest.fixture
def lights(akzhar_akimat, akzhar_construction) -> Category:
    return make_category(akzhar_akimat, akzhar_construction, "lights")


@pytest.fixture
def aiyrtau_roads(aiyrtau_akimat, aiyrtau_construction) -> Category:
    return make_category(aiyrtau_akimat, aiyrtau_construction, "roads")


@pytest.fixture
def talshik_village(talshik_okrug):
    return make_territory("593431100", TerritoryLevel.VILLAGE, talshik_okrug, "Talshik", "Талшик", "Талшық")


def make_report(category, *, description="A deep pothole by the school", lat="53.60", lon="71.90", **extra) -> Report:
    fields = {
        "category": category,
        "description": description,
        "lat": Decimal(lat) if lat is not None else None,
        "lon": Decimal(lon) if lon is not None else None,
        "name": "Айгерім Сәтбаева",
        "phone": "+77011234567",
        "email": "aigerim@example.kz",
        **extra,
    }
    return report_create(NewReport(**fields)).report
