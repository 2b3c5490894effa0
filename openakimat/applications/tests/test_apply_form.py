"""The form is the application: a service asks its own questions (birth registration: the child and
the parents), the answers are checked the same way on the web and the API and stored on the case,
the statement is generated from them, and files attached before a mistake survive it."""

import json
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import FieldError, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_department, make_staff
from openakimat.accounts.models import Role
from openakimat.applications import drafts
from openakimat.applications.models import Application, ApplicationDocument
from openakimat.catalogue.formfields import clean_answers, schema_check
from openakimat.catalogue.models import PublicService, ServiceOffering
from openakimat.catalogue.services import DocumentSpec, public_service_create
from openakimat.demo import catalogue as demo_catalogue
from openakimat.integrity.models import AuditEntry

from .conftest import IIN, PDF, SYSTEM

BIRTH_FIELDS = json.loads((Path(demo_catalogue.FORMS)).read_text(encoding="utf-8"))["ZAGS-01"]
ANSWERS = {
    "answer_child_surname": "Сәтбаев",
    "answer_child_given_name": "Нұрлан",
    "answer_child_sex": "male",
    "answer_child_birth_date": "2026-11-20",
    "answer_child_birth_place": "Талшық ауылы, Ақжар ауданы",
    "answer_mother_name": "Айгерім Сәтбаева",
    "answer_parents_married": "yes",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def birth(akzhar_akimat):
    service = public_service_create(
        actor=SYSTEM,
        code="ZAGS-01",
        department_kind="civil_registry",
        name_en="State registration of birth",
        name_ru="Государственная регистрация рождения",
        name_kk="Баланың тууын мемлекеттік тіркеу",
        term_value=1,
        term_unit="working_days",
        online=True,
        form_fields=BIRTH_FIELDS,
        documents=[DocumentSpec("Medical certificate of birth", "Медицинское свидетельство", "Медициналық куәлік")],
    )
    department = make_department(akzhar_akimat, kind="civil_registry")
    return ServiceOffering.objects.create(service=service, department=department)


def certificate_field(offering) -> str:
    return f"document_{offering.service.documents.get().pk}"


def form_data(offering, *, certificate=True, **extra):
    data = {
        "offering": str(offering.pk),
        "iin": IIN,
        "full_name": "Айгерім Сәтбаева",
        "phone": "+7 701 123 4567",
        "language": "kk",
        "consent": "on",
        "idempotency_key": str(uuid.uuid4()),
        **ANSWERS,
    }
    if certificate:
        data[certificate_field(offering)] = SimpleUploadedFile("birth-certificate.pdf", PDF, "application/pdf")
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def stored(settings, part: str) -> list[Path]:
    root = settings.PRIVATE_MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file() and part in p.parts] if root.exists() else []


# The declaration


def test_the_demo_declarations_are_sound_and_drop_the_uploaded_statement():
    rows = {code: (fields, documents) for code, fields, documents in demo_catalogue.service_rows()}
    declared = [code for code, (fields, _docs) in rows.items() if fields["form_fields"]]
    assert {"ZAGS-01", "ZAGS-06", "EDU-01", "EDU-02", "CONS-04"} <= set(declared)
    for code in declared:
        schema_check(rows[code][0]["form_fields"])
        assert "Application" not in [d.name_en for d in rows[code][1]]
    # A service that declares nothing still has its uploaded statement.
    assert "Application" in [d.name_en for d in rows["HOUS-01"][1]]


@pytest.mark.parametrize(
    "declaration",
    [
        {"legend": {"kk": "а", "ru": "б", "en": "c"}},
        [{"legend": {"kk": "а", "ru": "б"}, "fields": [{"name": "x", "type": "text", "label": {}}]}],
        [{"legend": {"kk": "а", "ru": "б", "en": "c"}, "fields": [{"name": "X y", "type": "text"}]}],
        [
            {
                "legend": {"kk": "а", "ru": "б", "en": "c"},
                "fields": [{"name": "x", "type": "colour", "label": {"kk": "а", "ru": "б", "en": "c"}}],
            }
        ],
        [
            {
                "legend": {"kk": "а", "ru": "б", "en": "c"},
                "fields": [{"name": "x", "type": "choice", "label": {"kk": "а", "ru": "б", "en": "c"}, "choices": []}],
            }
        ],
    ],
)
def test_an_unsound_declaration_is_refused_by_the_register(db, declaration):
    with pytest.raises(ValidationError):
        public_service_create(
            actor=SYSTEM,
            code="TEST-01",
            department_kind="other",
            name_en="Test",
            name_ru="Тест",
            name_kk="Тест",
            term_value=1,
            term_unit="working_days",
            form_fields=declaration,
        )
    assert not PublicService.objects.filter(code="TEST-01").exists()


def test_answers_are_checked_by_type(birth):
    service = birth.service
    answers = {k.removeprefix("answer_"): v for k, v in ANSWERS.items()}
    today = timezone.localdate()
    cleaned = clean_answers(service, {**answers, "child_given_name": "  Нұрлан  "}, today=today)
    assert cleaned["child_given_name"] == "Нұрлан" and cleaned["child_birth_date"] == "2026-11-20"
    bad = {
        **answers,
        "child_birth_date": "2026-02-30",
        "child_sex": "other",
        "mother_name": "",
        "spouse": "x",
        "child_surname": "a\x00b",
    }
    with pytest.raises(ValidationError) as caught:
        clean_answers(service, bad, today=today)
    errors = caught.value.message_dict
    assert set(errors) == {
        "fields.child_birth_date",
        "fields.child_sex",
        "fields.mother_name",
        "fields.spouse",
        "fields.child_surname",
    }
    future = (today + timedelta(days=1)).isoformat()
    with pytest.raises(ValidationError, match="can't be in the future"):
        clean_answers(service, {**answers, "child_birth_date": future}, today=today)


# The web form


def test_the_form_asks_about_the_child_in_fieldsets_and_no_statement_upload(client, birth):
    html = client.get(f"/kk/apply/{birth.service.code}/").content.decode()
    assert "<legend>Бала</legend>" in html and "<legend>Ата-анасы</legend>" in html
    assert 'name="answer_child_birth_date"' in html and 'type="date"' in html
    # A radio group is a fieldset with its question as legend; the optional field says so.
    assert re.search(r'<fieldset class="field field-choice[^"]*" id="id_answer_child_sex"', html)
    assert 'type="radio" name="answer_parents_married" value="yes"' in html
    assert "(міндетті емес)" in html
    assert 'autocomplete="off"' in html
    # The only upload is the medical certificate: the statement is made from the answers.
    assert len(re.findall(r'type="file"', html)) == 1 and "Медициналық куәлік" in html


def test_a_resident_applies_and_the_answers_are_stored_with_the_statement(client, birth, settings):
    response = client.post(f"/kk/apply/{birth.service.code}/", form_data(birth))
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Application.objects.get()
    assert case.answers == {k.removeprefix("answer_"): v for k, v in ANSWERS.items()}
    assert case.statement["language"] == "kk"
    rows = {row["name"]: row for group in case.statement["groups"] for row in group["rows"]}
    assert rows["child_birth_date"] == {"name": "child_birth_date", "label": "Туған күні", "value": "20.11.2026"}
    assert rows["child_sex"]["value"] == "Ұл" and rows["father_name"]["value"] == "—"
    assert case.documents.count() == 1

    receipt = client.get("/kk/apply/receipt/").content.decode()
    assert "/kk/apply/receipt/statement/" in receipt
    statement = client.get("/kk/apply/receipt/statement/")
    html = statement.content.decode()
    assert statement.status_code == 200 and "no-store" in statement["Cache-Control"]
    assert "Өтініш" in html and "Нұрлан" in html and "20.11.2026" in html and case.number in html
    assert IIN not in html  # the resident's page carries no IIN


def test_the_answers_and_the_statement_are_encrypted_at_rest(client, birth):
    from importlib import import_module
    from types import SimpleNamespace

    from django.db import connection

    from openakimat.common import crypto

    assert client.post(f"/kk/apply/{birth.service.code}/", form_data(birth)).status_code == 302
    case = Application.objects.get()

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("SELECT answers, statement FROM applications_application WHERE id = %s", [case.pk])
            return cursor.fetchone()

    answers, statement = raw()
    assert "Нұрлан" not in answers and "Нұрлан" not in statement  # the child's name is not in clear
    assert json.loads(crypto.decrypt(answers))["child_given_name"] == "Нұрлан"
    assert Application.objects.get().answers["child_given_name"] == "Нұрлан"
    # Never searchable: a query on the tokens could never match, so it is refused.
    with pytest.raises(FieldError):
        Application.objects.filter(answers__contains="Нұрлан").exists()
    # The migration encrypts rows written before it and its reverse gives the JSON back.
    migration = import_module("openakimat.applications.migrations.0005_encrypt_answers")
    editor = SimpleNamespace(connection=connection)
    migration.decrypt_rows(None, editor)
    assert json.loads(raw()[0])["child_given_name"] == "Нұрлан"
    migration.encrypt_rows(None, editor)
    assert "Нұрлан" not in raw()[0] and Application.objects.get().answers["child_given_name"] == "Нұрлан"


def test_bad_answers_are_translated_errors_and_nothing_is_saved(client, birth):
    data = form_data(birth, answer_child_birth_date="2026-13-01", answer_child_sex=None, answer_mother_name="")
    response = client.post(f"/ru/apply/{birth.service.code}/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Ошибка:" in html
    assert "Введите в поле «Дата рождения» существующую дату" in html
    assert "Выберите ответ на вопрос «Пол»." in html and "Заполните поле «ФИО матери»." in html
    assert 'href="#id_answer_child_sex_0"' in html and 'href="#id_answer_mother_name"' in html
    assert 'aria-describedby="id_answer_mother_name_error"' in html
    # Each radio of the group points at the group's message.
    assert re.search(r'aria-describedby="id_answer_child_sex_error" id="id_answer_child_sex_0"', html)
    assert "autofocus" in html and "js/error-summary" in html
    # What was typed comes back.
    assert 'value="Сәтбаев"' in html
    assert Application.objects.count() == 0


def test_a_file_survives_a_mistake_and_is_attached_once(client, birth, settings):
    url = f"/en/apply/{birth.service.code}/"
    first = client.post(url, form_data(birth, answer_mother_name=""))
    html = first.content.decode()
    assert first.status_code == 400
    assert "Attached: <strong>birth-certificate.pdf</strong>" in html
    assert "needn&#x27;t attach it again" in html or "needn't attach it again" in html
    assert f'name="{certificate_field(birth)}-remove"' in html
    assert len(stored(settings, "drafts")) == 1
    # The session holds where the file lies, never the file or anything personal.
    assert IIN not in json.dumps(client.session[drafts.SESSION_KEY])

    fixed = client.post(url, form_data(birth, certificate=False))
    assert fixed.status_code == 302
    case = Application.objects.get()
    document = ApplicationDocument.objects.get()
    assert document.application == case and document.original_name == "birth-certificate.pdf"
    assert document.file.read() == PDF
    assert stored(settings, "drafts") == []
    assert not client.session.get(drafts.SESSION_KEY)
    assert len(stored(settings, "applications")) == 1


def test_a_kept_file_can_be_removed_and_then_is_asked_for_again(client, birth, settings):
    url = f"/en/apply/{birth.service.code}/"
    client.post(url, form_data(birth, answer_mother_name=""))
    field = certificate_field(birth)
    response = client.post(url, form_data(birth, certificate=False, **{f"{field}-remove": "1"}))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Attach the document “Medical certificate of birth”." in html
    assert "Attached:" not in html and stored(settings, "drafts") == []
    assert Application.objects.count() == 0


def test_a_file_that_fails_its_check_is_not_kept(client, birth, settings):
    bad = SimpleUploadedFile("birth-certificate.pdf", b"not a pdf at all", "application/pdf")
    response = client.post(f"/en/apply/{birth.service.code}/", form_data(birth, **{certificate_field(birth): bad}))
    assert response.status_code == 400 and "Attached:" not in response.content.decode()
    assert stored(settings, "drafts") == []


def test_old_drafts_are_swept(client, birth, settings):
    client.post(f"/en/apply/{birth.service.code}/", form_data(birth, answer_mother_name=""))
    assert len(stored(settings, "drafts")) == 1
    assert drafts.sweep_drafts() == 0 and len(stored(settings, "drafts")) == 1
    later = timezone.now() + drafts.DRAFT_LIFETIME + timedelta(minutes=5)
    assert drafts.sweep_drafts(now=later) == 1
    assert stored(settings, "drafts") == []


def test_a_service_without_fields_asks_the_generic_request(client, offering):
    html = client.get(f"/en/apply/{offering.service.code}/").content.decode()
    assert "What do you ask for?" in html and 'name="answer_request"' in html


# Staff and the API


def test_staff_see_the_answers_and_print_the_statement_audited(client, staff_client, birth):
    client.post(f"/kk/apply/{birth.service.code}/", form_data(birth))
    case = Application.objects.get()
    specialist = make_staff("dana.registrar", Role.SPECIALIST, birth.department.akimat, birth.department)
    client = staff_client(specialist)
    page = client.get(f"/en/staff/cases/{case.number}/").content.decode()
    assert "The resident&#x27;s answers" in page or "The resident's answers" in page
    assert "Нұрлан" in page and f"/staff/cases/{case.number}/statement/" in page
    statement = client.get(f"/en/staff/cases/{case.number}/statement/")
    html = statement.content.decode()
    assert statement.status_code == 200 and "Нұрлан" in html
    assert IIN not in html  # a specialist never sees the resident's IIN
    assert AuditEntry.objects.filter(action="application.statement_view").count() == 1


def test_the_api_takes_the_answers_and_checks_them_the_same_way(client, staff_client, birth):
    answers = {k.removeprefix("answer_"): v for k, v in ANSWERS.items()}
    base = {
        "service": "ZAGS-01",
        "applicant_iin": IIN,
        "applicant_name": "Айгерім Сәтбаева",
        "applicant_phone": "+7 701 123 4567",
        "consent": "true",
    }
    certificate = {certificate_field(birth): SimpleUploadedFile("c.pdf", PDF, "application/pdf")}
    bad = client.post(
        "/api/v1/applications", {**base, **certificate, "fields": json.dumps({**answers, "child_sex": "x"})}
    )
    assert bad.status_code == 400 and "fields.child_sex" in bad.json()["errors"]
    missing = client.post("/api/v1/applications", {**base, **certificate})
    assert missing.status_code == 400 and "fields.child_surname" in missing.json()["errors"]
    certificate = {certificate_field(birth): SimpleUploadedFile("c.pdf", PDF, "application/pdf")}
    good = client.post("/api/v1/applications", {**base, **certificate, "fields": json.dumps(answers)})
    assert good.status_code == 201, good.content
    case = Application.objects.get()
    assert case.answers["child_given_name"] == "Нұрлан" and case.statement["groups"]
    specialist = make_staff("dana.registrar", Role.SPECIALIST, birth.department.akimat, birth.department)
    detail = staff_client(specialist).get(f"/api/v1/staff/cases/{case.number}").json()
    assert detail["answers"]["child_birth_date"] == "2026-11-20" and detail["applicant"] is None
    described = client.get("/api/v1/services/ZAGS-01").json()
    assert described["form_fields"][0]["fields"][0]["name"] == "child_surname"


def test_the_generic_request_makes_a_statement_only_when_answered(client, offering):
    from openakimat.applications.tests.test_public_views import form_data as generic_form

    url = f"/en/apply/{offering.service.code}/"
    assert client.post(url, generic_form(offering)).status_code == 302
    assert Application.objects.get().statement == {}
    cache.clear()
    answered = generic_form(offering, answer_request="An APZ for a house on plot 12", iin=IIN)
    assert client.post(url, answered).status_code == 302
    case = Application.objects.latest("pk")
    assert case.answers == {"request": "An APZ for a house on plot 12"}
    assert case.statement["groups"][0]["rows"][0]["value"] == "An APZ for a house on plot 12"


def test_a_form_sent_again_after_its_kept_file_moved_into_the_case_shows_the_receipt(client, birth):
    url = f"/en/apply/{birth.service.code}/"
    first = form_data(birth, answer_mother_name="")
    client.post(url, first)
    again = form_data(birth, certificate=False, idempotency_key=first["idempotency_key"])
    assert client.post(url, again).status_code == 302
    # The same form once more (a double click): its file is in the case now, and it is not a mistake.
    repeat = client.post(url, again)
    assert repeat.status_code == 302 and repeat["Location"] == "/en/apply/receipt/"
    assert Application.objects.count() == 1 and ApplicationDocument.objects.count() == 1
    # Someone else's details with that key are never shown that receipt.
    other = client.post(url, {**again, "iin": "900515312345"})
    assert other.status_code == 400
