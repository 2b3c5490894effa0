"""The staff pages of the front office and the back office: who sees what, who may do what, and
what the pages say when something goes wrong."""

from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_staff
from openakimat.accounts.models import Role
from openakimat.applications.models import Application, Consultation, Status
from openakimat.applications.services import application_move
from openakimat.catalogue.models import ServiceOffering
from openakimat.common.calendar import ALMATY
from openakimat.integrity.models import AuditEntry

from .conftest import IIN, PDF

NAME, PHONE = "Айгерім Сәтбаева", "+77011234567"
INBOX = "/en/staff/cases/"


def page(client, url, **params):
    response = client.get(url, params)
    return response, response.content.decode()


def detail_url(case, lang="en"):
    return f"/{lang}/staff/cases/{case.number}/"


@pytest.fixture
def observer(region_observer):
    return region_observer


# --- the inbox ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["operator", "specialist", "akzhar_head", "akim", "region_observer"])
def test_every_role_with_cases_sees_the_case_in_the_inbox(request, staff_client, case, who):
    response, html = page(staff_client(request.getfixturevalue(who)), INBOX)
    assert response.status_code == 200
    assert f'href="/en/staff/cases/{case.number}/"' in html
    assert "Architectural-planning assignment" in html


def test_the_inbox_never_shows_the_residents_details(staff_client, case, operator):
    _, html = page(staff_client(operator), INBOX)
    assert case.number in html
    assert IIN not in html and NAME not in html and PHONE not in html


def test_a_head_of_another_district_sees_an_empty_inbox(staff_client, case, aiyrtau_head):
    response, html = page(staff_client(aiyrtau_head), INBOX)
    assert response.status_code == 200
    assert case.number not in html and "No cases match." in html


def test_a_resident_account_is_refused_and_a_visitor_sent_to_sign_in(client, staff_client, case, resident):
    assert client.get(INBOX).status_code == 302
    assert staff_client(resident).get(INBOX).status_code == 403


def test_the_inbox_filters_by_status_number_and_assignee(staff_client, register, specialist, operator):
    first, second = register(), register()
    application_move(actor=specialist, application=first, move="accept")  # assigns it to the specialist
    application_move(actor=specialist, application=first, move="complete")
    client = staff_client(specialist)
    _, open_html = page(client, INBOX)
    assert second.number in open_html and first.number not in open_html
    _, ready_html = page(client, INBOX, status="ready")
    assert first.number in ready_html and second.number not in ready_html
    _, all_html = page(client, INBOX, status="all")
    assert first.number in all_html and second.number in all_html
    _, mine = page(client, INBOX, status="all", mine="on")
    assert first.number in mine and second.number not in mine
    _, by_part = page(client, INBOX, status="all", q=second.number[-6:])
    assert second.number in by_part and first.number not in by_part
    _, exact = page(client, INBOX, status="all", q=first.number.lower())
    assert first.number in exact and second.number not in exact


def test_the_department_filter_appears_only_for_those_who_reach_several(
    staff_client, case, specialist, region_observer, aiyrtau_construction
):
    _, html = page(staff_client(specialist), INBOX)
    assert 'name="department"' not in html
    _, html = page(staff_client(region_observer), INBOX)
    assert 'name="department"' in html
    _, html = page(staff_client(region_observer), INBOX, department=aiyrtau_construction.pk)
    assert case.number not in html
    _, html = page(staff_client(region_observer), INBOX, department=case.department_id)
    assert case.number in html


def test_overdue_cases_are_marked_in_words(staff_client, register, specialist):
    late = register(now=datetime(2026, 1, 6, 10, 0, tzinfo=ALMATY))
    _, html = page(staff_client(specialist), INBOX)
    assert late.number in html
    assert '<strong class="badge badge-overdue">Overdue</strong>' in html


def test_the_deadline_state_of_a_case():
    now = datetime(2026, 12, 1, 12, 0, tzinfo=ALMATY)
    case = Application(status=Status.IN_PROGRESS, due_at=now - timedelta(minutes=1))
    assert case.deadline_state(now) == "overdue"
    case.due_at = now + timedelta(hours=5)
    assert case.deadline_state(now) == "today"
    case.due_at = now + timedelta(days=1)  # Wednesday, the next working day
    assert case.deadline_state(now) == "soon"
    case.due_at = now + timedelta(days=2)
    assert case.deadline_state(now) == ""
    friday = datetime(2026, 12, 4, 12, 0, tzinfo=ALMATY)
    case.due_at = datetime(2026, 12, 7, 18, 0, tzinfo=ALMATY)  # Monday: the next working day
    assert case.deadline_state(friday) == "soon"
    # Paused before its due date: the clock stopped, not overdue.
    case.status, case.paused_at, case.due_at = (
        Status.AWAITING_DOCUMENTS,
        now - timedelta(days=3),
        now - timedelta(days=1),
    )
    assert case.deadline_state(now) == ""
    case.status, case.paused_at = Status.READY, None
    assert case.deadline_state(now) == ""


def test_the_inbox_costs_the_same_queries_for_3_cases_as_for_55_and_pages_by_50(
    staff_client, register, specialist, django_assert_max_num_queries
):
    for _ in range(3):
        register()
    client = staff_client(specialist)
    client.get(INBOX)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(INBOX)
    baseline = len(few.captured_queries)
    assert 0 < baseline <= 8
    for _ in range(52):
        register()
    with django_assert_max_num_queries(baseline):
        response = client.get(INBOX)
    html = response.content.decode()
    assert html.count('<th scope="row"><a href="/en/staff/cases/') == 50
    assert 'rel="next"' in html and "page=2" in html
    second = client.get(INBOX, {"page": 2}).content.decode()
    assert second.count('<th scope="row"><a href="/en/staff/cases/') == 5
    assert 'rel="prev"' in second and 'rel="next"' not in second
    for nonsense in ("x", "-3", "9" * 40):
        assert client.get(INBOX, {"page": nonsense}).status_code == 200


# --- the case page -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["operator", "region_observer"])
def test_the_front_office_and_observers_see_the_applicant(request, staff_client, case, who):
    response, html = page(staff_client(request.getfixturevalue(who)), detail_url(case))
    assert response.status_code == 200
    assert NAME in html and PHONE in html
    assert IIN not in html and f"{IIN[:4]}••••••{IIN[-2:]}" in html  # masked until asked for


@pytest.mark.parametrize("who", ["specialist", "akzhar_head", "akim"])
def test_the_back_office_and_the_akim_never_see_the_applicant(request, staff_client, case, who):
    response, html = page(staff_client(request.getfixturevalue(who)), detail_url(case))
    assert response.status_code == 200
    assert case.number in html and "Architectural-planning assignment" in html
    assert IIN not in html and NAME not in html and PHONE not in html
    assert "Applicant" not in html


def test_a_case_outside_the_scope_reads_as_not_found(staff_client, case, aiyrtau_head):
    client = staff_client(aiyrtau_head)
    assert client.get(detail_url(case)).status_code == 404
    assert client.get("/en/staff/cases/AKZ-2026-999999/").status_code == 404
    assert client.post(f"{detail_url(case)}move/accept/", {"accept-version": case.version}).status_code == 404


def test_the_case_page_shows_documents_and_history(staff_client, case, specialist):
    _, html = page(staff_client(specialist), detail_url(case))
    document = case.documents.get()
    assert f'href="/en/staff/cases/{case.number}/documents/{document.pk}/"' in html
    assert "application.pdf" in html and '<td data-label="Type">PDF document</td>' in html
    assert "dana.operator" in html  # who registered it, in the history
    assert "Registered" in html


def test_the_specialist_gets_the_moves_of_the_status_and_the_operator_does_not(
    staff_client, case, specialist, operator
):
    _, html = page(staff_client(specialist), detail_url(case))
    assert f'action="/en/staff/cases/{case.number}/move/accept/"' in html
    assert 'name="accept-version" value="1"' in html
    assert "/move/issue/" not in html
    _, html = page(staff_client(operator), detail_url(case))
    assert "/move/accept/" not in html
    assert "/move/withdraw/" in html  # at the resident's request, at the desk


def test_a_move_redirects_to_the_case_and_changes_it(staff_client, case, specialist):
    response = staff_client(specialist).post(f"{detail_url(case)}move/accept/", {"accept-version": case.version})
    assert response.status_code == 302 and response["Location"] == detail_url(case)
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.assignee == specialist


def test_a_move_from_a_stale_page_is_refused_with_409_and_changes_nothing(staff_client, case, specialist, akzhar_head):
    stale = case.version
    application_move(actor=akzhar_head, application=case, move="accept")
    response = staff_client(specialist).post(
        f"{detail_url(case)}move/request_documents/",
        {"request_documents-version": stale, "request_documents-note": "Bring the site plan"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this case a moment ago" in html and 'role="alert"' in html
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.public_note == ""


def test_a_move_without_its_required_note_is_a_400_with_the_message(staff_client, case, specialist):
    client = staff_client(specialist)
    client.post(f"{detail_url(case)}move/accept/", {"accept-version": 1})
    response = client.post(
        f"{detail_url(case)}move/refuse/", {"refuse-version": 2, "refuse-note": "", "refuse-basis": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'href="#id_refuse-note"' in html
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS


def test_a_specialist_can_not_make_the_desks_move(staff_client, case, specialist):
    response = staff_client(specialist).post(
        f"{detail_url(case)}move/withdraw/", {"withdraw-version": 1, "withdraw-note": "x"}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == Status.REGISTERED


def test_a_colleague_sees_a_case_assigned_to_someone_else_without_its_moves(
    staff_client, case, specialist, akzhar_construction
):
    colleague = make_staff("timur.specialist", Role.SPECIALIST, akzhar_construction.akimat, akzhar_construction)
    application_move(actor=specialist, application=case, move="accept")
    client = staff_client(colleague)
    html = client.get(detail_url(case)).content.decode()
    assert case.number in html and "/move/complete/" not in html
    assert client.post(f"{detail_url(case)}move/complete/", {"complete-version": 2}).status_code == 403


def test_an_unknown_move_is_not_found(staff_client, case, specialist):
    assert staff_client(specialist).post(f"{detail_url(case)}move/explode/", {}).status_code == 404


def test_the_head_assigns_extends_and_sees_where_to_transfer(
    staff_client, case, akzhar_head, specialist, aiyrtau_construction
):
    ServiceOffering.objects.create(service=case.service, department=aiyrtau_construction)
    client = staff_client(akzhar_head)
    html = client.get(detail_url(case)).content.decode()
    assert 'name="assign-assignee"' in html and "erlan.specialist" in html
    assert f'<option value="{aiyrtau_construction.pk}">' in html
    assert 'name="extend-reason"' not in html  # only once work has started
    response = client.post(f"{detail_url(case)}assign/", {"assign-version": 1, "assign-assignee": specialist.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == specialist
    application_move(actor=specialist, application=case, move="accept")
    html = client.get(detail_url(case)).content.decode()
    assert 'name="extend-reason"' in html
    response = client.post(
        f"{detail_url(case)}extend/", {"extend-version": case.version + 1, "extend-reason": "Technically complex"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.term_extended
    assert 'name="extend-reason"' not in client.get(detail_url(case)).content.decode()


def test_the_head_transfers_the_case_to_another_district(staff_client, case, akzhar_head, aiyrtau_construction):
    ServiceOffering.objects.create(service=case.service, department=aiyrtau_construction)
    response = staff_client(akzhar_head).post(
        f"{detail_url(case)}transfer/",
        {
            "transfer-version": 1,
            "transfer-department": aiyrtau_construction.pk,
            "transfer-reason": "Their territory",
        },
    )
    assert response.status_code == 302 and response["Location"] == INBOX
    case.refresh_from_db()
    assert case.department == aiyrtau_construction


def test_others_can_not_assign(staff_client, case, specialist, operator):
    for user in (specialist, operator):
        data = {"assign-version": 1, "assign-assignee": specialist.pk}
        response = staff_client(user).post(f"{detail_url(case)}assign/", data)
        assert response.status_code == 403


def test_the_desk_adds_the_asked_document_and_resumes(staff_client, case, specialist, operator):
    application_move(actor=specialist, application=case, move="accept")
    application_move(actor=specialist, application=case, move="request_documents", note="Site plan")
    client = staff_client(operator)
    plan = case.service.documents.get(order=2)
    html = client.get(detail_url(case)).content.decode()
    assert f'name="add-doc_{plan.pk}"' in html and 'accept=".pdf,.jpg,.png"' in html
    response = client.post(
        f"{detail_url(case)}documents/", {f"add-doc_{plan.pk}": SimpleUploadedFile("plan.pdf", PDF, "application/pdf")}
    )
    assert response.status_code == 302
    assert case.documents.count() == 2
    case.refresh_from_db()
    response = client.post(f"{detail_url(case)}move/resume/", {"resume-version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.paused_at is None


def test_adding_no_file_or_a_wrong_one_is_a_400(staff_client, case, operator):
    client = staff_client(operator)
    plan = case.service.documents.get(order=2)
    assert client.post(f"{detail_url(case)}documents/", {}).status_code == 400
    response = client.post(
        f"{detail_url(case)}documents/", {f"add-doc_{plan.pk}": SimpleUploadedFile("plan.pdf", b"MZ not a pdf")}
    )
    assert response.status_code == 400
    assert "is not a" in response.content.decode()
    assert case.documents.count() == 1


def test_the_case_page_costs_the_same_queries_however_long_its_history(
    staff_client, case, specialist, operator, django_assert_max_num_queries
):
    client = staff_client(operator)
    client.get(detail_url(case))
    with CaptureQueriesContext(connection) as short:
        client.get(detail_url(case))
    baseline = len(short.captured_queries)  # read now: every request clears the connection's log
    application_move(actor=specialist, application=case, move="accept")
    application_move(actor=specialist, application=case, move="request_documents", note="Site plan")
    plan = case.service.documents.get(order=2)
    for name in ("plan.pdf", "plan-2.pdf"):
        client.post(f"{detail_url(case)}documents/", {f"add-doc_{plan.pk}": SimpleUploadedFile(name, PDF)})
    with django_assert_max_num_queries(baseline):
        html = client.get(detail_url(case)).content.decode()
    assert "plan-2.pdf" in html and "Site plan" in html


# --- documents ---------------------------------------------------------------------------------


def test_a_document_is_downloaded_as_a_private_attachment_and_audited(staff_client, case, specialist):
    document = case.documents.get()
    response = staff_client(specialist).get(f"{detail_url(case)}documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    entry = AuditEntry.objects.filter(action="application.document_download").get()
    assert entry.actor == specialist
    assert IIN not in str(entry.data) and NAME not in str(entry.data)


# A PDF/HTML polyglot: a PDF header with a page that runs script after it. Opened as a page, it
# would run on the site's origin; the whole-file check (common.filecheck) refuses it.
POLYGLOT = (
    b"%PDF-1.4\n%<html><head><title>x</title></head><body>"
    b"<script>fetch('/en/staff/cases/').then(r=>r.text()).then(t=>alert(t))</script></body></html>\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_a_pdf_html_polyglot_is_refused_at_intake_and_nothing_is_stored(staff_client, offering, operator):
    client = staff_client(operator)
    first = offering.service.documents.order_by("order")[0]
    data = intake_data(offering) | {f"doc_{first.pk}": SimpleUploadedFile("x.pdf", POLYGLOT, "application/pdf")}
    response = client.post(f"/en/staff/cases/new/?offering={offering.pk}", data)
    assert response.status_code == 400
    assert "is damaged, or holds something besides a PDF" in response.content.decode()
    assert not Application.objects.exists()


def test_a_pdf_named_html_is_downloaded_as_a_sandboxed_pdf(staff_client, offering, operator):
    client = staff_client(operator)
    first = offering.service.documents.order_by("order")[0]
    data = intake_data(offering) | {f"doc_{first.pk}": SimpleUploadedFile("x.html", PDF, "text/html")}
    assert client.post(f"/en/staff/cases/new/?offering={offering.pk}", data).status_code == 302
    document = Application.objects.get().documents.get()
    # Stored by its detected type, under a generated name; the resident's name is only a label.
    assert document.content_type == "application/pdf" and document.file.name.endswith(".pdf")
    assert document.original_name == "x.html"
    response = client.get(f"{detail_url(Application.objects.get())}documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="x.pdf"'
    assert ".html" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "allow-" not in response["Content-Security-Policy"]


def test_a_stored_file_of_no_known_type_is_downloaded_as_opaque_bytes(staff_client, case, specialist):
    """Should a stored file ever stop being what its row says (restored from elsewhere, changed on
    disk), the download still follows the bytes: opaque data under a .bin name."""
    document = case.documents.get()
    with open(document.file.path, "wb") as handle:
        handle.write(b"<html><script>alert(1)</script></html>")
    response = staff_client(specialist).get(f"{detail_url(case)}documents/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="application.bin"'
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_documents_of_other_cases_are_not_found(staff_client, register, case, aiyrtau_head, specialist):
    document = case.documents.get()
    other = register()
    assert staff_client(aiyrtau_head).get(f"{detail_url(case)}documents/{document.pk}/").status_code == 404
    assert staff_client(specialist).get(f"{detail_url(other)}documents/{document.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(action="application.document_download").exists()


# --- desk intake -------------------------------------------------------------------------------


def intake_data(offering, **extra):
    docs = list(offering.service.documents.order_by("order"))
    data = {
        "idempotency_key": "5f0c5a7e-5b1f-4d7a-9c55-2f2b8e0c7d11",
        "applicant_iin": IIN,
        "applicant_name": NAME,
        "applicant_phone": "+7 701 123 4567",
        "applicant_email": "",
        "language": "ru",
        "consent": "on",
        f"doc_{docs[0].pk}": SimpleUploadedFile("zayavlenie.pdf", PDF, "application/pdf"),
    }
    return data | extra


def test_the_operator_chooses_a_service_then_fills_the_form(staff_client, offering, operator):
    client = staff_client(operator)
    html = client.get("/en/staff/cases/new/").content.decode()
    assert f'<option value="{offering.pk}"' in html and ">Architectural-planning assignment · CONS-01</option>" in html
    assert "<optgroup" in html
    response, html = page(client, "/en/staff/cases/new/", offering=offering.pk)
    assert response.status_code == 200
    first = offering.service.documents.get(order=1)
    assert f'name="doc_{first.pk}"' in html and 'accept=".pdf"' in html
    assert "(mandatory)" in html
    assert 'name="idempotency_key"' in html and 'name="consent"' in html
    assert '<option value="en" selected>' in html


def test_a_desk_application_leads_to_a_printable_receipt_without_personal_data(staff_client, offering, operator):
    client = staff_client(operator)
    response = client.post(f"/en/staff/cases/new/?offering={offering.pk}", intake_data(offering))
    case = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/staff/cases/{case.number}/receipt/"
    assert case.language == "ru" and case.applicant_phone == PHONE and case.documents.count() == 1
    response, html = page(client, response["Location"])
    assert response.status_code == 200
    grouped = "-".join((case.tracking_code[:4], case.tracking_code[4:8], case.tracking_code[8:]))
    assert case.number in html and grouped in html
    assert "15 Tselinnaya street, Talshik" in html
    assert IIN not in html and PHONE not in html and NAME not in html


def test_a_double_click_registers_one_application(staff_client, offering, operator):
    client = staff_client(operator)
    first = client.post(f"/en/staff/cases/new/?offering={offering.pk}", intake_data(offering))
    second = client.post(f"/en/staff/cases/new/?offering={offering.pk}", intake_data(offering))
    assert first["Location"] == second["Location"]
    assert Application.objects.count() == 1


def test_an_invalid_intake_is_a_400_with_every_message_and_no_case(staff_client, offering, operator):
    data = intake_data(offering, applicant_iin="123456789012", applicant_phone="12", consent="")
    del data[next(k for k in data if k.startswith("doc_"))]
    response = staff_client(operator).post(f"/en/staff/cases/new/?offering={offering.pk}", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_consent"' in html and "Consent to the processing of personal data is required" in html
    assert "Attach the mandatory document “Application”." in html
    assert Application.objects.count() == 0


def test_the_service_checks_what_the_form_can_not(staff_client, offering, operator):
    response = staff_client(operator).post(
        f"/en/staff/cases/new/?offering={offering.pk}",
        intake_data(offering, applicant_iin="123456789012", applicant_phone="12"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_applicant_iin"' in html and 'href="#id_applicant_phone"' in html
    assert "Enter a Kazakhstan phone number" in html
    assert Application.objects.count() == 0


@pytest.mark.parametrize("who", ["specialist", "akzhar_head", "akim"])
def test_only_the_front_office_registers_at_the_desk(request, staff_client, offering, who):
    client = staff_client(request.getfixturevalue(who))
    assert client.get("/en/staff/cases/new/").status_code == 403
    assert client.post(f"/en/staff/cases/new/?offering={offering.pk}", intake_data(offering)).status_code == 403
    assert Application.objects.count() == 0


def test_an_offering_of_another_district_is_not_found_at_the_desk(
    staff_client, apz, aiyrtau_construction, operator, offering
):
    elsewhere = ServiceOffering.objects.create(service=apz, department=aiyrtau_construction)
    assert staff_client(operator).get("/en/staff/cases/new/", {"offering": elsewhere.pk}).status_code == 404
    assert staff_client(operator).get("/en/staff/cases/new/", {"offering": "x"}).status_code == 404


def test_the_receipt_is_for_the_desk_only(staff_client, case, specialist):
    assert staff_client(specialist).get(f"{detail_url(case)}receipt/").status_code == 403


# --- consultations -----------------------------------------------------------------------------


def test_the_operator_logs_a_consultation_and_sees_it_today(staff_client, offering, operator):
    client = staff_client(operator)
    html = client.get("/en/staff/cases/consultations/").content.decode()
    assert 'name="minutes"' in html and 'value="5"' in html
    response = client.post(
        "/en/staff/cases/consultations/",
        {
            "akimat": offering.department.akimat_id,
            "service": offering.service_id,
            "department": "",
            "topic": "Which documents",
            "minutes": 7,
            "outcome": "answered",
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.operator == operator and consultation.minutes == 7
    html = client.get("/en/staff/cases/consultations/").content.decode()
    assert "Which documents" in html and "Answered on the spot" in html


def test_a_consultation_about_nothing_is_a_400(staff_client, akzhar_akimat, operator):
    response = staff_client(operator).post(
        "/en/staff/cases/consultations/", {"akimat": akzhar_akimat.pk, "topic": "", "minutes": 5, "outcome": "answered"}
    )
    assert response.status_code == 400
    assert "Say what the consultation was about" in response.content.decode()
    assert Consultation.objects.count() == 0


def test_the_back_office_does_not_log_consultations(staff_client, specialist, akzhar_akimat):
    assert staff_client(specialist).get("/en/staff/cases/consultations/").status_code == 403


# --- languages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_staff_pages_answer_in_each_language(staff_client, case, operator, lang):
    client = staff_client(operator)
    for url in (
        f"/{lang}/staff/cases/",
        detail_url(case, lang),
        f"/{lang}/staff/cases/new/",
        f"{detail_url(case, lang)}receipt/",
        f"/{lang}/staff/cases/consultations/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{lang}"' in response.content.decode()


def test_a_second_operator_sees_the_case_but_a_far_away_one_does_not(staff_client, case, aiyrtau_akimat):
    far = make_staff("far.operator", Role.OPERATOR, aiyrtau_akimat)
    assert staff_client(far).get(detail_url(case)).status_code == 404
