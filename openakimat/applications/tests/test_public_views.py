"""The resident applies online, keeps the receipt, tracks the application by its number and code,
and withdraws it — and nothing personal ever shows on those pages."""

import re
import uuid
from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_department
from openakimat.applications.models import Application, ApplicationDocument, Channel, Status
from openakimat.applications.services import application_move, application_withdraw_by_resident
from openakimat.applications.views_public import RECEIPT_SESSION_KEY, group_code
from openakimat.catalogue.models import ServiceOffering
from openakimat.catalogue.services import public_service_create
from openakimat.common.calendar import ALMATY

from .conftest import IIN, PDF, PNG, SYSTEM, make_iin

NAME = "Айгерім Сәтбаева"
PHONE = "+7 701 123 4567"
PHONE_E164 = "+77011234567"
EMAIL = "aigerim@example.kz"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def apply_url(offering):
    return f"/en/apply/{offering.service.code}/"


def mandatory_field(offering):
    return f"document_{offering.service.documents.get(order=1).pk}"


def form_data(where, **extra):
    data = {
        "offering": str(where.pk),
        "iin": IIN,
        "full_name": NAME,
        "phone": PHONE,
        "email": EMAIL,
        "language": "ru",
        "consent": "on",
        "idempotency_key": str(uuid.uuid4()),
        mandatory_field(where): SimpleUploadedFile("application.pdf", PDF, "application/pdf"),
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def stored_files(settings) -> list:
    root = settings.PRIVATE_MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# Applying


def test_the_form_asks_for_each_document_of_the_service_with_its_file_types(client, apply_url, offering):
    response = client.get(apply_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    application, plan = offering.service.documents.order_by("order")
    assert f'name="document_{application.pk}"' in html and f'name="document_{plan.pk}"' in html
    assert 'accept=".pdf,application/pdf"' in html
    assert 'accept=".pdf,application/pdf,.jpg,.jpeg,image/jpeg,.png,image/png"' in html
    assert "(mandatory)" in html and "(if applicable)" in html
    assert 'enctype="multipart/form-data"' in html


def test_the_only_akimat_is_chosen_and_the_page_language_is_the_default(client, apply_url, offering):
    html = client.get(apply_url.replace("/en/", "/ru/")).content.decode()
    assert re.search(rf'<option value="{offering.pk}" selected>', html)
    assert '<option value="ru" selected>' in html
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', html).group(1)
    assert uuid.UUID(key).version == 4


def test_the_consent_says_what_is_processed_why_and_who_sees_contacts(client, apply_url):
    html = client.get(apply_url).content.decode()
    assert "On personal data and their protection" in html
    assert "not your contact details" in html
    assert 'aria-describedby="consent-text"' in html


def test_a_resident_applies_online_and_gets_a_receipt(client, apply_url, offering, settings):
    response = client.post(apply_url, form_data(offering))
    assert response.status_code == 302 and response["Location"] == "/en/apply/receipt/"
    application = Application.objects.get()
    assert application.channel == Channel.ONLINE and application.registered_by is None
    assert application.applicant_phone == PHONE_E164 and application.language == "ru"
    assert application.documents.count() == 1 and len(stored_files(settings)) == 1
    # Only the case's key is kept in the session: no number, code or personal data.
    assert client.session[RECEIPT_SESSION_KEY] == application.pk

    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    assert receipt.status_code == 200 and "no-store" in receipt["Cache-Control"]
    assert application.number in html
    assert group_code(application.tracking_code) in html
    assert "Architectural-planning assignment" in html
    assert "15 Tselinnaya street, Talshik" in html
    assert "Print this page" in html
    for personal in (IIN, NAME, PHONE, PHONE_E164, EMAIL):
        assert personal not in html

    # An hour later the receipt is gone from the session's reach (a shared computer).
    Application.objects.update(registered_at=application.registered_at - timedelta(hours=1, minutes=1))
    assert client.get(response["Location"])["Location"].endswith("/track/")


def test_the_tracking_code_is_grouped_for_reading():
    assert group_code("ABCD1234EFGH5") == "ABCD-1234-EFGH5"


def test_sending_the_same_form_twice_registers_one_application(client, apply_url, offering):
    data = form_data(offering)
    first = client.post(apply_url, data)
    data[mandatory_field(offering)] = SimpleUploadedFile("application.pdf", PDF, "application/pdf")
    second = client.post(apply_url, data)
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1 and ApplicationDocument.objects.count() == 1


def test_a_sent_form_key_with_another_iin_never_shows_that_receipt(client, apply_url, offering):
    data = form_data(offering)
    client.post(apply_url, data)
    other = form_data(offering, iin=make_iin("850101", "4", 200), idempotency_key=data["idempotency_key"])
    response = client.post(apply_url, other)
    html = response.content.decode()
    assert response.status_code == 409
    assert Application.objects.count() == 1
    assert Application.objects.get().tracking_code not in html and Application.objects.get().number not in html
    # The form comes back with a new key, so sending it again is a new application.
    assert data["idempotency_key"] not in html and 'name="idempotency_key" value="' in html


def text_file_named_pdf():
    return SimpleUploadedFile("application.pdf", b"just some words, not a PDF", "application/pdf")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"iin": "123456789012"}, "iin", "IIN"),
        ({"iin": IIN[:-1] + str((int(IIN[-1]) + 1) % 10)}, "iin", "check digit"),
        ({"phone": "12345"}, "phone", "Enter a Kazakhstan phone number"),
        ({"full_name": ""}, "full_name", "Enter your full name."),
        ({"consent": None}, "consent", "Tick the box to agree"),
        ({"email": "not-an-address"}, "email", "Enter a valid e-mail address"),
        ({"document": None}, "document", "Attach the document “Application”."),
        ({"document": text_file_named_pdf}, "document", "is not a PDF file"),
        (
            {"document": lambda: SimpleUploadedFile("empty.pdf", b"", "application/pdf")},
            "document",
            "The file “empty.pdf” is empty.",
        ),
    ],
    ids=[
        "bad-iin",
        "iin-typo",
        "bad-phone",
        "no-name",
        "no-consent",
        "bad-email",
        "missing-document",
        "text-as-pdf",
        "empty-file",
    ],
)
def test_a_mistake_is_shown_on_its_field_and_nothing_is_registered(
    client, apply_url, offering, settings, change, field, message
):
    change = dict(change)
    if "document" in change:
        value = change.pop("document")
        change[mandatory_field(offering)] = value() if callable(value) else None
        field = mandatory_field(offering)
    response = client.post(apply_url, form_data(offering, **change))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    # The summary links to the field, and the field points at its message.
    assert f'href="#id_{field}"' in html
    assert 'aria-invalid="true"' in html and f"id_{field}_error" in html
    assert html.count('class="error-summary"') == 1
    assert Application.objects.count() == 0 and ApplicationDocument.objects.count() == 0
    # Nothing of a case is stored; a file that passed its check waits in the session's draft.
    assert all("drafts" in path.parts for path in stored_files(settings))


def test_a_file_over_the_size_limit_is_refused(client, apply_url, offering, settings):
    settings.UPLOAD_MAX_BYTES = 100
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 200, "application/pdf")
    response = client.post(apply_url, form_data(offering, **{mandatory_field(offering): big}))
    assert response.status_code == 400
    assert "The file “big.pdf” is larger than 100\xa0bytes." in response.content.decode()
    assert Application.objects.count() == 0 and stored_files(settings) == []


def test_a_png_is_accepted_where_the_list_allows_it(client, apply_url, offering):
    plan = offering.service.documents.get(order=2)
    data = form_data(offering, **{f"document_{plan.pk}": SimpleUploadedFile("plan.png", PNG, "image/png")})
    assert client.post(apply_url, data).status_code == 302
    assert Application.objects.get().documents.count() == 2


def test_every_mistake_shows_at_once(client, apply_url, offering):
    data = form_data(offering, iin="12345", phone="12", consent=None)
    del data[mandatory_field(offering)]
    html = client.post(apply_url, data).content.decode()
    start = html.index('class="error-summary"')
    summary = html[start : html.index("</ul>", start)]
    for field in ("iin", "phone", "consent", mandatory_field(offering)):
        assert f'href="#id_{field}"' in summary


def test_a_form_without_a_key_gets_one_when_shown_again(client, apply_url, offering):
    html = client.post(apply_url, form_data(offering, idempotency_key=None, phone="1")).content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', html).group(1)
    assert uuid.UUID(key)


def test_the_choice_of_akimat_is_required_when_there_are_several(client, apply_url, offering, aiyrtau_akimat):
    ServiceOffering.objects.create(service=offering.service, department=make_department(aiyrtau_akimat))
    html = client.get(apply_url).content.decode()
    assert '<option value="" selected>Choose…</option>' in html
    response = client.post(apply_url, form_data(offering, offering=""))
    assert response.status_code == 400 and "Choose the akimat" in response.content.decode()


def test_too_many_submissions_from_one_address_get_429(client, apply_url, offering, settings):
    settings.SUBMISSION_RATE_PER_HOUR = 2
    for _ in range(2):
        assert client.post(apply_url, form_data(offering)).status_code == 302
    response = client.post(apply_url, form_data(offering))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Too many requests came from your connection" in response.content.decode()
    assert Application.objects.count() == 2


def test_a_service_not_available_online_has_no_form(client, akzhar_construction, offering):
    desk_only = public_service_create(
        actor=SYSTEM,
        code="CONS-02",
        department_kind="construction",
        name_en="Sketch design approval",
        name_ru="Согласование эскиза",
        name_kk="Эскизді келісу",
        term_value=10,
        term_unit="working_days",
        online=False,
        documents=[],
    )
    ServiceOffering.objects.create(service=desk_only, department=akzhar_construction)
    assert client.get("/en/apply/CONS-02/").status_code == 404
    assert client.post("/en/apply/CONS-02/", {}).status_code == 404
    assert client.get("/en/apply/NO-SUCH/").status_code == 404


def test_an_online_service_offered_nowhere_has_no_form(client, apz):
    assert client.get(f"/en/apply/{apz.code}/").status_code == 404


def test_the_receipt_without_a_case_in_the_session_sends_to_tracking(client, db):
    response = client.get("/en/apply/receipt/")
    assert response.status_code == 302 and response["Location"] == "/en/track/"


# Tracking


def track(client, case, *, number=None, code=None, lang="en", address="127.0.0.1", **extra):
    data = {"number": number or case.number, "tracking_code": code or case.tracking_code, **extra}
    return client.post(f"/{lang}/track/", data, REMOTE_ADDR=address)


def test_the_tracking_form_needs_no_sign_in(client, db):
    response = client.get("/kk/track/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'method="post"' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'for="id_number"' in html and 'for="id_tracking_code"' in html


def test_a_resident_tracks_an_application_by_number_and_code(client, case):
    response = track(client, case)
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert '<strong class="tag tag-blue state-registered">Registered</strong>' in html
    assert "1 December 2026" in html and "9 December 2026, 18:00" in html
    assert "You need to do nothing now" in html
    for personal in (IIN, NAME, PHONE, PHONE_E164):
        assert personal not in html


def test_the_tracking_page_reads_a_fixed_number_of_queries(client, case, specialist, django_assert_max_num_queries):
    for hour in (11, 12):
        move = "accept" if hour == 11 else "complete"
        application_move(actor=specialist, application=case, move=move, now=datetime(2026, 12, 1, hour, tzinfo=ALMATY))
    # the look-up, the case with its akimat and service, its public steps
    with django_assert_max_num_queries(3):
        assert track(client, case).status_code == 200


def test_the_code_is_accepted_grouped_and_in_lower_case(client, case):
    response = track(client, case, number=case.number.lower(), code=group_code(case.tracking_code).lower())
    assert response.status_code == 200 and "state-registered" in response.content.decode()


@pytest.mark.parametrize("wrong", ["code", "number"])
def test_a_wrong_number_or_code_gets_the_same_answer(client, case, wrong):
    if wrong == "code":
        bad = "0000000000000" if case.tracking_code != "0000000000000" else "1111111111111"
        response = track(client, case, code=bad)
    else:
        response = track(client, case, number="AKZ-2026-999999")
    html = response.content.decode()
    assert response.status_code == 404
    assert "No application with this number and code" in html
    assert 'id="id_number"' in html  # the form again
    assert "state-registered" not in html


def test_guessing_codes_is_stopped_per_address(client, case, settings):
    settings.TRACKING_FAILURES_PER_HOUR = 3
    for _ in range(3):
        assert track(client, case, code="0000000000000").status_code == 404
    blocked = track(client, case)  # even with the right code, until the hour is over
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert case.tracking_code not in blocked.content.decode()
    assert track(client, case, address="10.1.2.3").status_code == 200


def test_an_application_awaiting_documents_says_what_to_bring_and_where(client, case, specialist):
    at = datetime(2026, 12, 2, 10, 0, tzinfo=ALMATY)
    application_move(actor=specialist, application=case, move="accept", now=at)
    application_move(
        actor=specialist,
        application=case,
        move="request_documents",
        now=at,
        note="The site plan signed by the surveyor",
    )
    html = track(client, case).content.decode()
    assert "Awaiting documents" in html
    assert "The site plan signed by the surveyor" in html
    assert "Waiting for your documents since" in html and "2 December 2026" in html
    assert "15 Tselinnaya street, Talshik" in html


def test_a_ready_result_says_where_to_collect_it_and_hides_staff_notes(client, case, specialist, operator):
    steps = [
        ("accept", specialist, ""),
        ("request_documents", specialist, "Bring the deed"),
        ("resume", operator, ""),
        ("complete", specialist, "Window 3, ask for Erlan"),
    ]
    for hour, (move, actor, note) in enumerate(steps, start=11):
        at = datetime(2026, 12, 1, hour, 0, tzinfo=ALMATY)
        application_move(actor=actor, application=case, move=move, note=note, now=at)
    html = track(client, case).content.decode()
    assert "Result ready" in html and "Collect it at the front-office desk" in html
    assert "Window 3, ask for Erlan" in html
    assert "Bring the deed" not in html  # an earlier step's note is out of date
    assert "erlan.specialist" not in html and "Decision made" in html
    steps = re.findall(r"<li><time[^>]*>[^<]*</time> — ([^<]*)</li>", html)
    assert steps == ["Registered", "In progress", "Awaiting documents", "In progress", "Result ready"]


def test_an_open_application_past_its_due_date_is_marked_overdue(client, register):
    case = register(now=datetime(2025, 1, 6, 10, 0, tzinfo=ALMATY))
    assert '<strong class="tag tag-red overdue">overdue</strong>' in track(client, case).content.decode()


def test_a_refusal_reason_is_left_for_the_written_decision(client, case, specialist):
    at = datetime(2026, 12, 1, 11, 0, tzinfo=ALMATY)
    application_move(actor=specialist, application=case, move="accept", now=at)
    application_move(
        actor=specialist, application=case, move="refuse", now=at, note="Internal reason text", basis="Article 19"
    )
    html = track(client, case).content.decode()
    assert "Refused" in html and "Internal reason text" not in html and "Article 19" not in html


# Withdrawal


def test_a_resident_withdraws_after_confirming(client, case):
    asked = track(client, case, action="withdraw")
    assert asked.status_code == 200
    assert "Withdraw this application?" in asked.content.decode()
    case.refresh_from_db()
    assert case.status == Status.REGISTERED  # nothing happens before the confirmation

    otp = sent_withdrawal_code(case)
    done = track(client, case, action="withdraw-confirm", otp=otp)
    html = done.content.decode()
    case.refresh_from_db()
    assert done.status_code == 200 and case.status == Status.WITHDRAWN
    assert "Your application has been withdrawn." in html
    assert 'value="withdraw"' not in html


def sent_withdrawal_code(case) -> str:
    """The six digits of the last withdrawal code SMS of the case, as the resident reads them."""
    from openakimat.notifications.models import Notification

    note = Notification.objects.filter(kind="applications.withdrawal_code", target_id=case.pk).latest("pk")
    found = re.match(r"(\d{6})\b", note.text)
    assert found, note.text
    return found.group(1)


def test_withdrawal_needs_the_right_code(client, case):
    response = track(client, case, code="0000000000000", action="withdraw-confirm")
    case.refresh_from_db()
    assert response.status_code == 404 and case.status == Status.REGISTERED


def test_a_closed_application_can_no_longer_be_withdrawn(client, case):
    application_withdraw_by_resident(number=case.number, tracking_code=case.tracking_code)
    assert 'value="withdraw"' not in track(client, case).content.decode()
    response = track(client, case, action="withdraw-confirm")
    assert response.status_code == 409 and "can no longer be withdrawn" in response.content.decode()
