import pytest
from django.test import Client

from conftest import make_akimat, make_staff, make_territory
from openakimat.common.roles import Role
from openakimat.territory.models import AkimatKind

TEXT = "The head of the land department asked for money to speed up my plot's registration."


@pytest.fixture
def observer(akzhar_akimat):
    return make_staff("nurlan.observer", Role.OBSERVER, akzhar_akimat)


@pytest.fixture
def aiyrtau_observer(aiyrtau_akimat):
    return make_staff("marat.observer", Role.OBSERVER, aiyrtau_akimat)


@pytest.fixture
def file_report(akzhar_akimat):
    """File a report through the public form; returns (response, code)."""

    def submit(client: Client | None = None, lang: str = "en", **data):
        client = client or Client()
        payload = {"akimat": akzhar_akimat.pk, "text": TEXT, "contact": ""} | data
        response = client.post(f"/{lang}/corruption/", payload)
        code = response.context["code"] if response.status_code == 200 and "code" in response.context else None
        return response, code

    return submit


__all__ = ["AkimatKind", "make_akimat", "make_territory"]
