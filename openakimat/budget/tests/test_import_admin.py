"""The admin upload page: finance staff load budgets of their territories; errors on the form."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_staff
from openakimat.accounts.models import Role
from openakimat.budget.models import Budget
from openakimat.budget.services import LineData, budget_replace, classification_load
from openakimat.common.actor import SystemActor

from .budget_cast import CLASSIFICATION

IMPORT = "/admin/budget/budget/import/"
CHANGELIST = "/admin/budget/budget/"


@pytest.fixture
def setting(db, akzhar, talshik_okrug, aiyrtau):
    classification_load(actor=SystemActor("tests"), rows=CLASSIFICATION)


@pytest.fixture
def english_client(staff_client):
    """The staff client asking for English pages (the default language is Kazakh)."""

    def make(user):
        client = staff_client(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


@pytest.fixture
def finance(akzhar_akimat):
    return make_staff("dina.finance", Role.FINANCE, akzhar_akimat)


def upload(text: str, name="budget.csv", **fields):
    return {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv"), **fields}


def test_the_urls_are_where_the_tests_look():
    assert reverse("admin:budget_budget_import") == IMPORT and reverse("admin:budget_budget_changelist") == CHANGELIST


def test_finance_of_akzhar_loads_a_budget_of_an_akzhar_okrug(setting, finance, english_client):
    client = english_client(finance)
    page = client.get(IMPORT)
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()
    response = client.post(IMPORT, upload("kato;year;code;approved\n593430000;2026;07.3.123.008;1,5\n"))
    assert response.status_code == 302 and response["Location"] == CHANGELIST
    budget = Budget.objects.get()
    assert budget.territory.kato == "593430000" and budget.lines.get().approved == 1500
    assert budget.source_name == "budget.csv"
    listing = client.get(CHANGELIST).content.decode()
    assert "1 budgets, 1 lines" in listing  # the summary as a message
    assert IMPORT in listing


def test_finance_of_akzhar_cant_load_aiyrtau_and_sees_why_on_the_form(setting, finance, english_client):
    client = english_client(finance)
    response = client.post(
        IMPORT,
        upload("kato;year;code;approved\n593430000;2026;07.3.123.008;1\n593200000;2026;07.3.123.008;1\n"),
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors[0] == "Nothing was saved: the file has 1 problem(s)."
    assert errors[1].startswith("row 3: you may not load budgets of ") and "(593200000)" in errors[1]
    assert 'id="import-errors"' in response.content.decode()
    assert not Budget.objects.exists()


def test_every_error_of_a_messy_file_is_listed_and_nothing_is_saved(setting, finance, english_client):
    response = english_client(finance).post(
        IMPORT, upload("kato;year;code;approved\n59343000;2026;07.3.123.008;1\n593430000;2026;07.3.123.008;-1\n")
    )
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 3 and "has 8 digits" in errors[1] and "negative" in errors[2]
    assert not Budget.objects.exists()


def test_a_dry_run_from_the_admin_saves_nothing(setting, finance, english_client):
    response = english_client(finance).post(
        IMPORT, upload("kato;year;code;approved\n593430000;2026;07.3.123.008;1\n", dry_run="on"), follow=True
    )
    assert response.redirect_chain[-1][0] == IMPORT and not Budget.objects.exists()


def test_staff_without_the_finance_role_cant_open_the_upload(setting, operator, english_client):
    client = english_client(operator)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, upload("kato;year;code;approved\n593430000;2026;07.3.123.008;1\n")).status_code == 403
    assert not Budget.objects.exists()
    assert IMPORT not in client.get(CHANGELIST).content.decode()


def test_the_list_is_read_only_and_scoped_to_the_staff_members_territories(
    setting, finance, english_client, talshik_okrug, aiyrtau
):
    lines = [LineData("07.3.123.008", approved=Decimal(1))]
    system = SystemActor("tests")
    budget_replace(actor=system, territory=talshik_okrug, year=2026, version=0, lines=lines)
    aiyrtau_budget = budget_replace(actor=system, territory=aiyrtau, year=2026, version=0, lines=lines)
    client = english_client(finance)
    response = client.get(CHANGELIST)
    assert [b.territory.kato for b in response.context["cl"].result_list] == ["593430000"]
    assert client.get(f"{CHANGELIST}{aiyrtau_budget.pk}/change/").status_code in (302, 403, 404)
    assert client.get(f"{CHANGELIST}add/").status_code == 403
