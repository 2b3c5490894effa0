"""The front office's cast (the APZ service in Akzhar, its specialist, a registered case), and a key
for Akzhar's city app."""

import pytest
from django.core.cache import cache

from openakimat.applications.tests.conftest import (  # noqa: F401
    address_reference,
    apz,
    case,
    offering,
    register,
    specialist,
)
from openakimat.open311.services import api_key_create


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def akzhar_key(superuser, akzhar_akimat) -> str:
    return api_key_create(actor=superuser, akimat=akzhar_akimat, name="Talshik city app").raw


@pytest.fixture
def aiyrtau_key(superuser, aiyrtau_akimat) -> str:
    return api_key_create(actor=superuser, akimat=aiyrtau_akimat, name="Aiyrtau portal").raw
