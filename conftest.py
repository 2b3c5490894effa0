"""The cast shared by every test: North Kazakhstan with Akzhar and Aiyrtau, their akimats and a
staff member in each role. Tests read like stories about these people."""

from datetime import date

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from openakimat.accounts.models import Role, RoleGrant, User
from openakimat.territory.models import Akimat, AkimatKind, Department, ServiceStatus, Territory, TerritoryLevel
from openakimat.territory.services import territory_save

# The fault tests' own PostgreSQL and Redis (`own_postgres`, `own_redis`), for any test to use.
pytest_plugins = ["openakimat.common.tests.faults"]

# Property tests are about correctness, not speed: on a busy 2-core machine generation can be
# slow, and a timing failure would say nothing about the code.
hypothesis_settings.register_profile("openakimat", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("openakimat")


def make_territory(kato, level, parent=None, en="", ru="", kk="", lat=None, lon=None) -> Territory:
    t = Territory(kato=kato, level=level, parent=parent, name_en=en, name_ru=ru or en, name_kk=kk or en)
    t.centre_lat, t.centre_lon = lat, lon
    territory_save(t)
    return t


@pytest.fixture
def region(db) -> Territory:
    return make_territory(
        "590000000",
        TerritoryLevel.REGION,
        None,
        "North Kazakhstan region",
        "Северо-Казахстанская область",
        "Солтүстік Қазақстан облысы",
        54.867,
        69.15,
    )


@pytest.fixture
def akzhar(region) -> Territory:
    return make_territory(
        "593400000",
        TerritoryLevel.DISTRICT,
        region,
        "Akzhar district",
        "Акжарский район",
        "Ақжар ауданы",
        53.637,
        71.874,
    )


@pytest.fixture
def aiyrtau(region) -> Territory:
    return make_territory(
        "593200000",
        TerritoryLevel.DISTRICT,
        region,
        "Aiyrtau district",
        "Айыртауский район",
        "Айыртау ауданы",
        53.293,
        68.105,
    )


@pytest.fixture
def talshik_okrug(akzhar) -> Territory:
    return make_territory(
        "593430000",
        TerritoryLevel.RURAL_OKRUG,
        akzhar,
        "Talshik rural okrug",
        "Талшикский сельский округ",
        "Талшық ауылдық округі",
    )


def make_akimat(territory, kind, **extra) -> Akimat:
    return Akimat.objects.create(
        territory=territory,
        kind=kind,
        name_en=f"Akimat of {territory.name_en}",
        name_ru=f"Акимат: {territory.name_ru}",
        name_kk=f"{territory.name_kk} әкімдігі",
        **extra,
    )


@pytest.fixture
def region_akimat(region) -> Akimat:
    return make_akimat(region, AkimatKind.REGION)


@pytest.fixture
def akzhar_akimat(akzhar) -> Akimat:
    return make_akimat(
        akzhar,
        AkimatKind.DISTRICT,
        service_status=ServiceStatus.OPEN,
        service_opened_on=date(2024, 3, 15),
        open_space=True,
        address_en="15 Tselinnaya street, Talshik",
        case_prefix="AKZ",
    )


@pytest.fixture
def aiyrtau_akimat(aiyrtau) -> Akimat:
    return make_akimat(aiyrtau, AkimatKind.DISTRICT, service_status=ServiceStatus.PLANNED, case_prefix="AIR")


@pytest.fixture
def talshik_akimat(talshik_okrug) -> Akimat:
    return make_akimat(talshik_okrug, AkimatKind.RURAL_OKRUG)


def make_department(akimat, kind="construction") -> Department:
    return Department.objects.create(
        akimat=akimat, kind=kind, name_en=f"{akimat.name_en} {kind}", name_ru=f"{kind} (ru)", name_kk=f"{kind} (kk)"
    )


@pytest.fixture
def akzhar_construction(akzhar_akimat) -> Department:
    return make_department(akzhar_akimat)


@pytest.fixture
def aiyrtau_construction(aiyrtau_akimat) -> Department:
    return make_department(aiyrtau_akimat)


def make_staff(username, role, akimat, department=None) -> User:
    user = User.objects.create_user(username=username, password="correct-horse-battery", is_staff=True)
    RoleGrant.objects.create(user=user, role=role, akimat=akimat, department=department)
    return user


@pytest.fixture
def resident(db) -> User:
    return User.objects.create_user(username="aigerim.resident", password="correct-horse-battery")


@pytest.fixture
def operator(akzhar_akimat) -> User:
    return make_staff("dana.operator", Role.OPERATOR, akzhar_akimat)


@pytest.fixture
def akzhar_head(akzhar_construction) -> User:
    return make_staff("gulnar.head", Role.HEAD, akzhar_construction.akimat, akzhar_construction)


@pytest.fixture
def aiyrtau_head(aiyrtau_construction) -> User:
    return make_staff("marat.head", Role.HEAD, aiyrtau_construction.akimat, aiyrtau_construction)


@pytest.fixture
def akim(akzhar_akimat) -> User:
    return make_staff("askar.akim", Role.AKIM, akzhar_akimat)


@pytest.fixture
def akzhar_admin(akzhar_akimat) -> User:
    return make_staff("baurzhan.admin", Role.ADMIN, akzhar_akimat)


@pytest.fixture
def region_observer(region_akimat) -> User:
    return make_staff("asel.observer", Role.OBSERVER, region_akimat)


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser(username="root", password="correct-horse-battery")


def verified_client(user: User) -> Client:
    """A client signed in as `user` with a confirmed second factor, as after the real sign-in."""
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def staff_client():
    return verified_client


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Residents' documents of each test go to its own directory, removed with it."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rate limiters count in the cache: every test starts with none of another's counts."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's default language (Kazakh), whatever an earlier request in the
    same thread activated: a test that wants another says so."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
