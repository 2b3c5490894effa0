"""Personal data kept close: encrypted at rest, found by the IIN's keyed hash, the IIN masked on the
case page and shown in full only on a deliberate, permission-checked and audited request."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection

from openakimat.applications.models import Application
from openakimat.applications.services import application_reveal_iin
from openakimat.common import crypto
from openakimat.common.iin import iin_hash
from openakimat.integrity.models import AuditEntry

from .conftest import IIN, applicant

NAME, PHONE, EMAIL = "Айгерім Сәтбаева", "+77011234567", "aigerim@example.kz"
FIELDS = ("applicant_iin", "applicant_name", "applicant_phone", "applicant_email")


def raw_row(case) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(FIELDS)}, applicant_iin_hash FROM applications_application WHERE id = %s",  # noqa: S608
            [case.pk],
        )
        row = cursor.fetchone()
    return dict(zip((*FIELDS, "applicant_iin_hash"), row, strict=True))


@pytest.fixture
def case_with_email(register):
    return register(applicant=applicant(email=EMAIL))


def test_round_trip_and_every_save_is_a_new_token():
    first, second = crypto.encrypt(IIN), crypto.encrypt(IIN)
    assert first != second and IIN not in first
    assert crypto.decrypt(first) == crypto.decrypt(second) == IIN


def test_the_database_row_holds_no_clear_value(case_with_email):
    row = raw_row(case_with_email)
    everything = " ".join(row.values())
    for clear in (IIN, NAME, PHONE, EMAIL, "Сәтбаева", "7011234567"):
        assert clear not in everything
    assert {crypto.decrypt(row[f]) for f in FIELDS} == {IIN, NAME, PHONE, EMAIL}
    fresh = Application.objects.get(pk=case_with_email.pk)
    assert (fresh.applicant_iin, fresh.applicant_name, fresh.applicant_phone, fresh.applicant_email) == (
        IIN,
        NAME,
        PHONE,
        EMAIL,
    )


def test_cases_are_still_found_by_the_iin(case):
    assert list(Application.objects.filter(applicant_iin_hash=iin_hash(IIN))) == [case]
    assert raw_row(case)["applicant_iin_hash"] == iin_hash(IIN)


def test_rotation_a_new_key_first_then_reencrypt_then_the_old_key_can_go(settings, case_with_email):
    old_key = settings.PERSONAL_DATA_KEYS[0]
    new_key = Fernet.generate_key().decode()
    before = raw_row(case_with_email)

    settings.PERSONAL_DATA_KEYS = [new_key, old_key]
    assert Application.objects.get(pk=case_with_email.pk).applicant_name == NAME  # old rows still read
    call_command("personal_data_reencrypt", verbosity=0)
    after = raw_row(case_with_email)
    assert all(after[f] != before[f] for f in FIELDS)

    settings.PERSONAL_DATA_KEYS = [new_key]
    assert Application.objects.get(pk=case_with_email.pk).applicant_email == EMAIL
    with pytest.raises(InvalidToken):
        crypto.decrypt(before["applicant_iin"])  # the old token needs the old key


def test_rehash_after_a_new_secret_key(settings, case):
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789abcdef"
    assert raw_row(case)["applicant_iin_hash"] != iin_hash(IIN)
    call_command("personal_data_reencrypt", "--rehash", verbosity=0)
    assert raw_row(case)["applicant_iin_hash"] == iin_hash(IIN)


def test_the_deploy_check_refuses_a_missing_or_derived_key(settings):
    from openakimat.common.checks import personal_data_keys

    settings.DEBUG = False
    assert personal_data_keys() == []
    settings.PERSONAL_DATA_KEYS = []
    assert [m.id for m in personal_data_keys()] == ["openakimat.E005"]
    settings.PERSONAL_DATA_KEYS = [crypto.derived_key().decode()]
    assert [m.id for m in personal_data_keys()] == ["openakimat.E005"]


# --- the masked IIN and the audited "show" ---------------------------------------------------------


def detail(case):
    return f"/en/staff/cases/{case.number}/"


def reveals(case):
    return AuditEntry.objects.filter(action="application.reveal_iin", object_id=str(case.pk))


def test_the_case_page_masks_the_iin_and_offers_to_show_it(staff_client, case, operator):
    html = staff_client(operator).get(detail(case)).content.decode()
    assert IIN not in html
    assert f"{IIN[:4]}••••••{IIN[-2:]}" in html
    assert f'action="{detail(case)}iin/"' in html
    assert not reveals(case).exists()  # looking at the page is not reading the IIN


def test_show_gives_the_full_iin_once_and_audits_who_read_it(staff_client, case, operator):
    client = staff_client(operator)
    assert client.get(f"{detail(case)}iin/").status_code == 405  # only a deliberate POST
    response = client.post(f"{detail(case)}iin/")
    assert response.status_code == 200
    assert IIN in response.content.decode()
    entry = reveals(case).get()
    assert entry.actor == operator and entry.at is not None
    assert IIN not in str(entry.data) and entry.data == {"number": case.number}
    assert IIN not in client.get(detail(case)).content.decode()  # the next view is masked again


@pytest.mark.parametrize("who", ["specialist", "akzhar_head", "akim"])
def test_a_role_that_may_not_see_the_applicant_gets_403_and_nothing_is_audited(request, staff_client, case, who):
    user = request.getfixturevalue(who)
    response = staff_client(user).post(f"{detail(case)}iin/")
    assert response.status_code == 403
    assert IIN not in response.content.decode()
    assert not reveals(case).exists()
    with pytest.raises(PermissionDenied):
        application_reveal_iin(actor=user, application=case)
    assert not reveals(case).exists()


def test_a_case_outside_the_scope_is_not_found(staff_client, case, aiyrtau_head):
    assert staff_client(aiyrtau_head).post(f"{detail(case)}iin/").status_code == 404
    assert not reveals(case).exists()


def test_the_migration_encrypts_existing_rows_and_its_reverse_decrypts_them(case_with_email):
    from importlib import import_module
    from types import SimpleNamespace

    migration = import_module("openakimat.applications.migrations.0004_pdata_encrypt_applicant")
    editor = SimpleNamespace(connection=connection)
    migration.decrypt_rows(None, editor)  # as the rows were before the migration: clear
    assert raw_row(case_with_email)["applicant_iin"] == IIN
    assert raw_row(case_with_email)["applicant_phone"] == PHONE
    migration.encrypt_rows(None, editor)
    row = raw_row(case_with_email)
    assert IIN not in row["applicant_iin"] and crypto.decrypt(row["applicant_iin"]) == IIN
    assert Application.objects.get(pk=case_with_email.pk).applicant_email == EMAIL


def test_encrypted_fields_refuse_queries_that_could_never_match(case):
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        Application.objects.filter(applicant_phone__endswith="1234567").exists()
    assert Application.objects.filter(applicant_email__isnull=False).count() == 1
