from decimal import Decimal

import pytest

from openakimat.problems.models import Category


@pytest.fixture(autouse=True)
def _public_media(settings, tmp_path):
    """Report photos of each test go to its own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def roads(akzhar_akimat, akzhar_construction) -> Category:
    return Category.objects.create(
        akimat=akzhar_akimat,
        code="roads",
        department=akzhar_construction,
        name_kk="Жолдар",
        name_ru="Дороги",
        name_en="Roads",
        description_en="Potholes, broken kerbs",
        description_ru="Ямы, бордюры",
        description_kk="Шұңқырлар",
        order=1,
    )


@pytest.fixture
def lighting(akzhar_akimat, akzhar_construction) -> Category:
    return Category.objects.create(
        akimat=akzhar_akimat,
        code="lighting",
        department=akzhar_construction,
        name_kk="Көше жарығы",
        name_ru="Уличное освещение",
        name_en="Street lighting",
        anonymous_allowed=True,
        order=2,
    )


POINT = (Decimal("54.200000"), Decimal("69.100000"))
