"""The cast of the news tests: a category, the secretariat of Akzhar, items of Akzhar and Aiyrtau,
and photos made in memory."""

import io

import pytest
from PIL import Image

from conftest import make_staff
from openakimat.common.actor import SystemActor
from openakimat.common.roles import Role
from openakimat.news import services
from openakimat.news.models import Category

SYSTEM = SystemActor("tests")


def png(size=(40, 30), colour="red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (50, 40), "blue")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0110] = "Model X serial 123"
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def draft(**texts) -> services.ItemDraft:
    return services.ItemDraft(**texts)


RU_ONLY = {"title_ru": "Ремонт дороги", "lead_ru": "Коротко", "body_ru": "<p>Начат ремонт.</p>"}
ALL = {
    "title_kk": "Жол жөндеу",
    "body_kk": "<p>Жөндеу басталды.</p>",
    "title_ru": "Ремонт дороги",
    "body_ru": "<p>Начат ремонт.</p>",
    "title_en": "Road repair",
    "lead_en": "In short",
    "body_en": "<p>The repair has started.</p>",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def category(db):
    return Category.objects.create(slug="roads", name_kk="Жолдар", name_ru="Дороги", name_en="Roads")


@pytest.fixture
def secretariat(akzhar_akimat):
    return make_staff("saule.secretariat", Role.SECRETARIAT, akzhar_akimat)


@pytest.fixture
def aiyrtau_secretariat(aiyrtau_akimat):
    return make_staff("erlan.secretariat", Role.SECRETARIAT, aiyrtau_akimat)


@pytest.fixture
def ru_item(akzhar_akimat, category):
    return services.item_create(actor=SYSTEM, akimat=akzhar_akimat, draft=draft(category=category, **RU_ONLY))


@pytest.fixture
def published(ru_item):
    return services.item_publish(actor=SYSTEM, item=ru_item)


@pytest.fixture
def full_item(akzhar_akimat):
    item = services.item_create(actor=SYSTEM, akimat=akzhar_akimat, draft=draft(kind="announcement", **ALL))
    return services.item_publish(actor=SYSTEM, item=item)


@pytest.fixture
def aiyrtau_item(aiyrtau_akimat):
    item = services.item_create(
        actor=SYSTEM, akimat=aiyrtau_akimat, draft=draft(title_en="Aiyrtau fair", body_en="<p>A fair.</p>")
    )
    return services.item_publish(actor=SYSTEM, item=item)
