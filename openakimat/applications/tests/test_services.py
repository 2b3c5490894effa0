"""Registering cases and working them: numbers, codes, deadlines, documents, and the moves that
aren't status changes (assign, transfer, extend)."""

import io
import logging
from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from conftest import make_staff
from openakimat.accounts.models import Role
from openakimat.applications.models import Application, ApplicationDocument, Channel, Consultation, Status
from openakimat.applications.services import (
    Upload,
    application_add_documents,
    application_assign,
    application_extend,
    application_move,
    application_register,
    application_transfer,
    application_withdraw_by_resident,
    consultation_log,
)
from openakimat.applications.tracking import TRACKING_ALPHABET, TRACKING_LENGTH, find_by_tracking
from openakimat.catalogue.models import ServiceOffering
from openakimat.common.calendar import ALMATY, working_minutes_between
from openakimat.common.errors import ConflictError
from openakimat.common.phone import phone_normalise
from openakimat.common.storage import private_storage
from openakimat.integrity.models import AuditEntry

from .conftest import IIN, PDF, PNG, applicant, make_iin, pdf

WEDNESDAY = datetime(2026, 12, 2, 10, 0, tzinfo=ALMATY)


def test_registration_numbers_codes_and_due_date(case, operator, offering):
    assert case.number == "AKZ-2026-000001"
    assert case.channel == Channel.DESK and case.status == Status.REGISTERED
    assert case.registered_by == operator and case.department == offering.department
    # 6 working days from Tuesday 1 December: 2, 3, 4, 7, 8, 9 December, at the office's close.
    assert case.due_at == datetime(2026, 12, 9, 18, 0, tzinfo=ALMATY)
    assert len(case.tracking_code) == TRACKING_LENGTH and set(case.tracking_code) <= set(TRACKING_ALPHABET)
    assert case.applicant_iin == IIN and case.applicant_phone == "+77011234567"
    assert case.events.get().kind == "registered"


def test_numbers_count_up_per_akimat_and_year(register, akzhar_akimat):
    numbers = [register().number for _ in range(3)]
    assert numbers == ["AKZ-2026-000001", "AKZ-2026-000002", "AKZ-2026-000003"]
    next_year = register(now=datetime(2027, 1, 5, 10, 0, tzinfo=ALMATY))
    assert next_year.number == "AKZ-2027-000001"


def test_an_akimat_without_a_prefix_numbers_by_its_kato_code(register, akzhar_akimat):
    akzhar_akimat.case_prefix = ""
    akzhar_akimat.save()
    assert register().number == "593400000-2026-000001"  # the whole code: no other territory has it


def test_tracking_codes_differ(register):
    codes = {register().tracking_code for _ in range(20)}
    assert len(codes) == 20


def test_a_term_in_days_crosses_independence_day(register):
    # Registered Monday 14 December 2026: 16 and 17 December are holidays.
    case = register(now=datetime(2026, 12, 14, 10, 0, tzinfo=ALMATY))
    assert case.due_at == datetime(2026, 12, 23, 18, 0, tzinfo=ALMATY)


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("iin", "900515312345", "applicant_iin"),
        ("iin", "12345", "applicant_iin"),
        ("phone", "+7 495 123 45 67", "applicant_phone"),  # a Moscow number is not a Kazakh one
        ("phone", "12", "applicant_phone"),
        ("name", "   ", "applicant_name"),
        ("email", "not-an-address", "applicant_email"),
    ],
)
def test_bad_applicant_data_is_refused_and_nothing_written(register, field, value, key):
    with pytest.raises(ValidationError) as exc:
        register(applicant=applicant(**{field: value}))
    assert key in exc.value.message_dict
    assert not Application.objects.exists()


def test_consent_is_required(offering, operator):
    with pytest.raises(ValidationError) as exc:
        application_register(
            actor=operator,
            offering=offering,
            applicant=applicant(),
            consent=False,
            documents=[Upload(*pdf(), required=offering.service.documents.get(order=1))],
        )
    assert "consent" in exc.value.message_dict
    assert not Application.objects.exists()


def test_a_missing_mandatory_document_is_named(register):
    with pytest.raises(ValidationError) as exc:
        register(documents=[])
    assert exc.value.message_dict["documents"] == ["Attach the mandatory document “Application”."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("application.pdf", b"", "is empty"),
        ("application.pdf", b"MZ\x90\x00 an executable", "is not a PDF file"),
        ("application.pdf", PNG, "is not a PDF file"),  # the list item takes PDF only
        ("../../etc/passwd.pdf", PDF, "is not allowed"),
        ("..\\boot.pdf", PDF, "is not allowed"),
        (".hidden.pdf", PDF, "is not allowed"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(register, offering, name, content, message):
    doc = offering.service.documents.get(order=1)
    with pytest.raises(ValidationError) as exc:
        register(documents=[Upload(io.BytesIO(content), name, required=doc)])
    assert message in " ".join(exc.value.message_dict["documents"])
    assert not Application.objects.exists()
    assert not private_storage.exists("applications")


def test_an_oversized_file_is_refused(register, offering, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    doc = offering.service.documents.get(order=1)
    with pytest.raises(ValidationError, match="larger than"):
        register(documents=[Upload(io.BytesIO(PDF + b"0" * 1000), "big.pdf", required=doc)])
    assert not Application.objects.exists()


def test_type_comes_from_the_content_not_the_name(register, offering):
    site_plan = offering.service.documents.get(order=2)  # pdf, jpg or png
    case = register(
        documents=[
            Upload(*pdf(), required=offering.service.documents.get(order=1)),
            Upload(io.BytesIO(PNG), "plan.jpg", required=site_plan),
        ]
    )
    png = case.documents.get(required=site_plan)
    assert png.content_type == "image/png"
    assert png.file.name.endswith(".png") and "plan" not in png.file.name
    assert png.original_name == "plan.jpg"


def test_documents_are_stored_privately_and_removed_when_registration_fails(register, offering, settings, monkeypatch):
    case = register()
    doc = case.documents.get()
    assert doc.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not doc.file.path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(NotImplementedError):
        doc.file.url  # noqa: B018 - private files have no URL
    with doc.file.open("rb") as f:
        assert f.read() == PDF

    def boom(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("openakimat.applications.services.intake.record_event", boom)
    with pytest.raises(RuntimeError):
        register()
    assert Application.objects.count() == 1
    assert ApplicationDocument.objects.count() == 1
    assert len(list((settings.PRIVATE_MEDIA_ROOT / "applications" / "2026").rglob("*.*"))) == 1


def test_the_same_idempotency_key_makes_one_application(register):
    first = register(idempotency_key="form-7f3a")
    again = register(idempotency_key="form-7f3a")
    assert again.pk == first.pk
    assert Application.objects.count() == 1


def test_online_applications_need_an_online_service(offering, apz):
    apz.online = False
    apz.save()
    with pytest.raises(ValidationError) as exc:
        application_register(
            actor=None,
            offering=offering,
            applicant=applicant(),
            consent=True,
            channel=Channel.ONLINE,
            documents=[Upload(*pdf(), required=apz.documents.get(order=1))],
        )
    assert "service" in exc.value.message_dict


def test_a_resident_applies_online(offering, apz):
    documents = [Upload(*pdf(), required=apz.documents.get(order=1))]
    case = application_register(
        actor=None,
        offering=offering,
        applicant=applicant(language="ru"),
        consent=True,
        channel=Channel.ONLINE,
        documents=documents,
    )
    assert case.channel == Channel.ONLINE and case.registered_by is None and case.language == "ru"
    assert AuditEntry.objects.get(action="application.register").actor_label == "resident"


@pytest.mark.parametrize("who", ["specialist", "akzhar_head", "akim", "region_observer", "aiyrtau_head"])
def test_only_operators_register_at_the_desk(register, who, request):
    with pytest.raises(PermissionDenied):
        register(actor=request.getfixturevalue(who))


def test_pausing_for_documents_moves_the_due_date_by_the_paused_office_time(case, specialist):
    case = application_move(actor=specialist, application=case, move="accept", now=WEDNESDAY)
    due = case.due_at
    paused = datetime(2026, 12, 3, 15, 0, tzinfo=ALMATY)
    resumed = datetime(2026, 12, 8, 11, 30, tzinfo=ALMATY)
    case = application_move(
        actor=specialist,
        application=case,
        move="request_documents",
        note="Bring the site plan signed by the owner.",
        now=paused,
    )
    assert case.paused_at == paused and case.public_note == "Bring the site plan signed by the owner."
    case = application_move(actor=specialist, application=case, move="resume", now=resumed)
    assert case.paused_at is None
    # Thursday 15:00 → Tuesday 11:30: 3 h + 9 h (Fri) + 9 h (Mon) + 2.5 h = 23.5 office hours.
    assert working_minutes_between(paused, resumed) == 23 * 60 + 30
    assert working_minutes_between(due, case.due_at) == 23 * 60 + 30


def test_a_refusal_needs_reason_and_basis(case, specialist):
    case = application_move(actor=specialist, application=case, move="accept")
    with pytest.raises(ValidationError) as exc:
        application_move(actor=specialist, application=case, move="refuse", note="", basis="")
    assert set(exc.value.message_dict) == {"note", "basis"}
    case = application_move(
        actor=specialist,
        application=case,
        move="refuse",
        note="The plot is not the applicant's.",
        basis="Standard of the service, item 9",
    )
    assert (case.status, case.refusal_basis) == (Status.REFUSED, "Standard of the service, item 9")


def test_a_stale_page_gets_a_conflict(case, specialist, akzhar_head):
    stale = case.version
    application_move(actor=akzhar_head, application=case, move="accept", expected_version=stale)
    with pytest.raises(ConflictError, match="Someone else changed this case"):
        application_move(actor=specialist, application=case, move="accept", expected_version=stale)
    case.refresh_from_db()
    assert case.events.count() == 2


def test_the_head_assigns_and_the_specialist_then_works_only_their_cases(case, akzhar_head, specialist):
    colleague = make_staff(
        "saule.specialist", Role.SPECIALIST, akzhar_head.grants.get().akimat, akzhar_head.grants.get().department
    )
    case = application_assign(actor=akzhar_head, application=case, assignee=colleague)
    assert case.assignee == colleague
    with pytest.raises(PermissionDenied, match="assigned to someone else"):
        application_move(actor=specialist, application=case, move="accept")
    assert application_move(actor=akzhar_head, application=case, move="accept").status == Status.IN_PROGRESS
    with pytest.raises(PermissionDenied):
        application_assign(actor=specialist, application=case, assignee=specialist)


def test_cases_are_assigned_within_the_department_only(case, akzhar_head, aiyrtau_head, operator):
    for outsider in (aiyrtau_head, operator):
        with pytest.raises(ValidationError):
            application_assign(actor=akzhar_head, application=case, assignee=outsider)


def test_a_specialist_who_accepts_takes_the_case(case, specialist):
    assert application_move(actor=specialist, application=case, move="accept").assignee == specialist


def test_transfer_to_a_department_that_renders_the_service(case, akzhar_head, aiyrtau_construction, apz, specialist):
    other = aiyrtau_construction
    with pytest.raises(ValidationError, match="does not render"):
        application_transfer(actor=akzhar_head, application=case, department=other, reason="Wrong department")
    ServiceOffering.objects.create(service=apz, department=other)
    with pytest.raises(ValidationError):
        application_transfer(actor=akzhar_head, application=case, department=other, reason=" ")
    case = application_transfer(actor=akzhar_head, application=case, department=other, reason="Their territory")
    assert case.department == other and case.status == Status.REGISTERED and case.assignee is None
    with pytest.raises(PermissionDenied):  # no longer the first department's case
        application_move(actor=specialist, application=case, move="accept")


def test_the_head_extends_the_term_once_with_a_reason(case, akzhar_head, specialist):
    with pytest.raises(ConflictError):  # not yet taken into work
        application_extend(actor=akzhar_head, application=case, reason="Complex object")
    case = application_move(actor=specialist, application=case, move="accept", now=WEDNESDAY)
    with pytest.raises(PermissionDenied):
        application_extend(actor=specialist, application=case, reason="Complex object")
    case = application_extend(actor=akzhar_head, application=case, reason="Technically complex object")
    # 15 working days from 1 December: … 16–17 December are holidays → 23 December.
    assert case.due_at == datetime(2026, 12, 23, 18, 0, tzinfo=ALMATY) and case.term_extended
    with pytest.raises(ConflictError, match="already been extended"):
        application_extend(actor=akzhar_head, application=case, reason="Again")


def test_no_extension_where_the_register_allows_none(case, akzhar_head, specialist, apz):
    apz.extended_term_value, apz.extended_term_unit = None, ""
    apz.save()
    case = application_move(actor=specialist, application=case, move="accept")
    with pytest.raises(ValidationError, match="no longer term"):
        application_extend(actor=akzhar_head, application=case, reason="Complex")


def test_documents_brought_later_are_added_at_the_desk(case, operator, specialist, offering):
    site_plan = offering.service.documents.get(order=2)
    case = application_add_documents(
        actor=operator,
        application=case,
        now=WEDNESDAY,
        documents=[Upload(io.BytesIO(PNG), "plan.png", required=site_plan)],
    )
    assert case.documents.count() == 2 and case.events.last().kind == "document"
    with pytest.raises(PermissionDenied):
        application_add_documents(
            actor=specialist, application=case, documents=[Upload(io.BytesIO(PNG), "plan.png", required=site_plan)]
        )


def test_tracking_finds_the_case_only_with_its_code(case):
    code = case.tracking_code
    assert find_by_tracking(case.number.lower(), f" {code[:4]}-{code[4:8]} {code[8:]} ") == case
    wrong = ("1" if code[0] != "1" else "2") + code[1:]
    assert find_by_tracking(case.number, wrong) is None
    assert find_by_tracking("AKZ-2026-000002", code) is None
    assert find_by_tracking("", "") is None


def test_the_resident_withdraws_with_number_and_code(case):
    case = application_withdraw_by_resident(number=case.number, tracking_code=case.tracking_code)
    assert case.status == Status.WITHDRAWN and case.closed_at is not None
    with pytest.raises(ConflictError):
        application_withdraw_by_resident(number=case.number, tracking_code=case.tracking_code)
    with pytest.raises(ValidationError):
        application_withdraw_by_resident(number=case.number, tracking_code="0" * TRACKING_LENGTH)


def test_consultations_are_logged_by_operators(operator, akzhar_akimat, apz, specialist):
    c = consultation_log(actor=operator, akimat=akzhar_akimat, minutes=4, outcome="answered", service=apz)
    assert Consultation.objects.get() == c
    with pytest.raises(ValidationError):
        consultation_log(actor=operator, akimat=akzhar_akimat, minutes=0, outcome="answered", topic="Pensions")
    with pytest.raises(ValidationError):
        consultation_log(actor=operator, akimat=akzhar_akimat, minutes=3, outcome="answered")  # no subject
    with pytest.raises(PermissionDenied):
        consultation_log(actor=specialist, akimat=akzhar_akimat, minutes=3, outcome="answered", service=apz)


def test_nothing_personal_reaches_events_audit_or_logs(
    register, specialist, caplog, django_capture_on_commit_callbacks
):
    name, phone = "Айгерім Сәтбаева", "+77011234567"
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        case = register(applicant=applicant(email="aigerim@example.kz"))
        case = application_move(actor=specialist, application=case, move="accept")
        application_move(actor=specialist, application=case, move="complete")
    written = " ".join(
        [str(e.data) + e.note + e.actor_label for e in case.events.all()]
        + [str(a.data) + a.actor_label for a in AuditEntry.objects.all()]
        + [caplog.text]
    )
    for secret in (IIN, name, phone, "aigerim@example.kz", "701 123"):
        assert secret not in written
    assert case.number in caplog.text  # the SMS backend logged the messages by case number


def test_phone_numbers_are_kazakh_and_normalised():
    assert phone_normalise("8 (701) 123-45-67") == "+77011234567"
    assert phone_normalise("+7 7152 46 12 34") == "+77152461234"
    with pytest.raises(ValidationError):
        phone_normalise("+7 912 345 67 89")  # Russian mobile


@override_settings(UPLOAD_MAX_BYTES=10_000)
def test_iin_of_a_person_born_in_2008_is_accepted(register):
    assert register(applicant=applicant(iin=make_iin("080229", "5"))).applicant_iin.startswith("080229")
