"""The applications API: a resident applies and tracks online; staff work cases by session or token."""

import io
from datetime import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openakimat.api.services import api_token_create, api_token_revoke
from openakimat.applications.models import Application
from openakimat.applications.services import application_move
from openakimat.catalogue.models import ServiceOffering
from openakimat.common.calendar import ALMATY

from .conftest import IIN, PDF, SHOWN_ID_FIELDS, applicant


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def form(**extra):
    fields = {
        "applicant_iin": IIN,
        "applicant_name": "Айгерім Сәтбаева",
        "applicant_phone": "+7 701 123 4567",
        "applicant_email": "aigerim@example.kz",
        "language": "ru",
        "consent": "true",
    }
    return fields | extra


def submit_json(client, service="CONS-09", key=None, **fields):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    body = form(**({"service": service, "consent": True} | fields))
    return client.post("/api/v1/applications", body, content_type="application/json", **headers)


def track(client, number, code):
    return client.post("/api/v1/track", {"number": number, "tracking_code": code}, content_type="application/json")


def pdf_file(name="application.pdf"):
    f = io.BytesIO(PDF)
    f.name = name
    return f


# Submission


def test_a_resident_applies_with_json_and_gets_a_receipt_without_personal_data(client, address_reference):
    response = submit_json(client)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"number", "tracking_code", "status", "registered_at", "due_at"}
    assert body["status"] == "registered"
    case = Application.objects.get(number=body["number"])
    assert case.channel == "online" and case.registered_by is None
    assert case.tracking_code == body["tracking_code"]
    assert case.language == "ru"
    for personal in (IIN, "Айгерім", "701", "aigerim@"):
        assert personal not in response.content.decode()


def test_a_resident_applies_with_files_named_by_document(client, offering, apz):
    document = apz.documents.get(order=1)
    response = client.post("/api/v1/applications", form(service="CONS-01", **{f"document_{document.pk}": pdf_file()}))
    assert response.status_code == 201, response.json()
    case = Application.objects.get(number=response.json()["number"])
    assert [d.required_id for d in case.documents.all()] == [document.pk]


def test_a_client_that_reads_only_the_api_can_apply_with_the_documents_it_lists(client, offering, apz):
    service = client.get("/api/v1/services/CONS-01").json()
    mandatory = [d["id"] for d in service["documents"] if d["mandatory"]]
    assert mandatory, "the service's list names its documents by id"
    files = {f"document_{pk}": pdf_file() for pk in mandatory}
    response = client.post("/api/v1/applications", form(service="CONS-01", **files))
    assert response.status_code == 201, response.json()
    case = Application.objects.get(number=response.json()["number"])
    assert sorted(d.required_id for d in case.documents.all()) == sorted(mandatory)


def test_a_missing_mandatory_document_is_a_400_naming_it(client, offering):
    response = client.post("/api/v1/applications", form(service="CONS-01"))
    assert response.status_code == 400
    assert any("Өтініш" in message for message in response.json()["errors"]["documents"])  # its Kazakh name
    assert not Application.objects.exists()


def test_a_file_for_a_document_of_another_list_is_refused(client, offering, address_reference):
    response = client.post("/api/v1/applications", form(service="CONS-01", document_999999=pdf_file()))
    assert response.status_code == 400
    assert "document_999999" in response.json()["errors"]


def test_invalid_fields_are_a_400_with_an_error_per_field(client, address_reference):
    response = submit_json(client, applicant_iin="123", applicant_phone="12")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"applicant_iin", "applicant_phone"} <= set(errors)
    missing = client.post("/api/v1/applications", {"service": "CONS-09"}, content_type="application/json")
    assert missing.status_code == 400
    assert {"applicant_iin", "applicant_name", "applicant_phone", "consent"} <= set(missing.json()["errors"])
    assert not Application.objects.exists()


def test_consent_unknown_service_and_malformed_bodies_are_400(client, address_reference):
    assert submit_json(client, consent=False).json()["errors"] == {
        "consent": ["Өтініш беру үшін дербес деректерді өңдеуге келісім қажет."]  # Kazakh, the default
    }
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ru"
    assert submit_json(client, consent=False).json()["errors"]["consent"][0].startswith("Для подачи заявления")
    assert "service" in submit_json(client, service="NOPE-1").json()["errors"]
    assert client.post("/api/v1/applications", "[1]", content_type="application/json").status_code == 400
    assert client.post("/api/v1/applications", "{nope", content_type="application/json").status_code == 400


def test_when_several_departments_render_it_the_resident_chooses(client, address_reference, aiyrtau_construction):
    ServiceOffering.objects.create(service=address_reference, department=aiyrtau_construction)
    assert "department" in submit_json(client).json()["errors"]
    response = submit_json(client, department=aiyrtau_construction.pk)
    assert response.status_code == 201
    assert Application.objects.get().department == aiyrtau_construction


def test_the_same_idempotency_key_twice_gives_one_case(client, address_reference):
    first = submit_json(client, key="c0ffee-1")
    second = submit_json(client, key="c0ffee-1")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert Application.objects.count() == 1
    other = submit_json(client, key="c0ffee-2")
    assert other.status_code == 201 and Application.objects.count() == 2


def test_an_idempotency_key_of_another_resident_never_returns_their_case(client, address_reference):
    from .conftest import make_iin

    mine = submit_json(client, key="shared")
    theirs = submit_json(client, applicant_iin=make_iin("850101", "4", 7), key="shared")
    assert theirs.status_code == 201
    assert theirs.json()["tracking_code"] != mine.json()["tracking_code"]


def test_too_many_submissions_from_one_address_are_429_with_retry_after(client, address_reference, settings):
    settings.SUBMISSION_RATE_PER_HOUR = 2
    assert [submit_json(client).status_code for _ in range(2)] == [201, 201]
    response = submit_json(client)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Application.objects.count() == 2
    # A retry of a submission that got through is not a new one: it still answers.
    settings.SUBMISSION_RATE_PER_HOUR = 3
    cache.clear()
    first = submit_json(client, key="k")
    assert submit_json(client, key="k").status_code == 200
    assert first.status_code == 201


# Tracking


def test_a_resident_tracks_an_application_by_number_and_code(client, case, specialist):
    application_move(actor=specialist, application=case, move="accept", now=datetime(2026, 12, 1, 11, 0, tzinfo=ALMATY))
    application_move(
        actor=specialist,
        application=case,
        move="request_documents",
        note="Bring the site plan.",
        now=datetime(2026, 12, 2, 9, 30, tzinfo=ALMATY),
    )
    # Typed leniently: lower case, the code in groups.
    code = f"{case.tracking_code[:4]} {case.tracking_code[4:]}".lower()
    response = track(client, case.number.lower(), code)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "awaiting_documents"
    assert body["public_note"] == "Bring the site plan."
    assert datetime.fromisoformat(body["paused_since"]) == datetime(2026, 12, 2, 9, 30, tzinfo=ALMATY)
    assert [s["status"] for s in body["steps"]] == ["registered", "in_progress", "awaiting_documents"]
    assert body["next_step"]
    text = response.content.decode()
    for personal in (IIN, applicant().name, "+77011234567", "erlan.specialist", "dana.operator"):
        assert personal not in text


def test_any_mismatch_in_tracking_is_the_same_404(client, case):
    wrong_code = track(client, case.number, "0" * 13)
    wrong_number = track(client, "AKZ-2026-999999", case.tracking_code)
    assert wrong_code.status_code == wrong_number.status_code == 404
    assert wrong_code.json() == wrong_number.json()


def test_guessing_tracking_codes_is_stopped_with_429(client, case, settings):
    settings.TRACKING_FAILURES_PER_HOUR = 3
    for _ in range(3):
        assert track(client, case.number, "0" * 13).status_code == 404
    response = track(client, case.number, case.tracking_code)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


# Staff: authentication


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def token_for(user, superuser) -> str:
    return api_token_create(actor=superuser, user=user, name="inbox sync").raw


def test_staff_endpoints_need_a_session_or_a_token(client, case):
    assert client.get("/api/v1/staff/cases").status_code == 401
    assert client.get(f"/api/v1/staff/cases/{case.number}").status_code == 401
    assert client.get("/api/v1/staff/cases", **bearer("not-a-token-at-all-but-long-enough")).status_code == 401


def test_a_token_works_until_it_is_revoked(client, case, specialist, superuser):
    raw = token_for(specialist, superuser)
    response = client.get("/api/v1/staff/cases", **bearer(raw))
    assert response.status_code == 200
    assert [c["number"] for c in response.json()["items"]] == [case.number]
    api_token_revoke(actor=superuser, token=specialist.api_tokens.get())
    assert client.get("/api/v1/staff/cases", **bearer(raw)).status_code == 401
    # A POST with a revoked token is 401 too, not a CSRF failure of the session check.
    moved = client.post(
        f"/api/v1/staff/cases/{case.number}/moves/accept",
        {"version": case.version},
        content_type="application/json",
        **bearer(raw),
    )
    assert moved.status_code == 401


def test_a_token_of_an_inactive_user_fails(client, case, specialist, superuser):
    raw = token_for(specialist, superuser)
    specialist.is_active = False
    specialist.save(update_fields=["is_active"])
    assert client.get("/api/v1/staff/cases", **bearer(raw)).status_code == 401


def test_a_session_without_the_second_factor_is_refused(client, case, specialist):
    client.force_login(specialist)
    assert client.get("/api/v1/staff/cases").status_code == 401


# Staff: what each role sees


def test_a_specialist_sees_cases_without_the_residents_details(case, specialist, staff_client):
    client = staff_client(specialist)
    item = client.get("/api/v1/staff/cases").json()["items"][0]
    assert item["applicant"] is None
    detail = client.get(f"/api/v1/staff/cases/{case.number}").json()
    assert detail["applicant"] is None
    assert IIN not in str(detail) and "+77011234567" not in str(detail)
    assert [m["name"] for m in detail["moves"]] == ["accept"]
    assert detail["documents"][0]["required"] == "Өтініш"  # in Kazakh, the default language


def test_the_front_office_and_observers_see_the_residents_details(case, operator, region_observer, staff_client):
    for user in (operator, region_observer):
        client = staff_client(user)
        item = client.get("/api/v1/staff/cases").json()["items"][0]
        assert item["applicant"]["iin"] == IIN
        detail = client.get(f"/api/v1/staff/cases/{case.number}").json()
        assert detail["applicant"]["phone"] == "+77011234567"


def test_staff_of_another_district_neither_see_nor_reach_the_case(case, aiyrtau_head, staff_client):
    client = staff_client(aiyrtau_head)
    assert client.get("/api/v1/staff/cases").json()["items"] == []
    assert client.get(f"/api/v1/staff/cases/{case.number}").status_code == 404


def test_the_inbox_filters_by_status_department_and_number(
    case, register, specialist, staff_client, akzhar_construction
):
    second = register()
    application_move(actor=specialist, application=second, move="accept")
    client = staff_client(specialist)

    def numbers(**params):
        response = client.get("/api/v1/staff/cases", params)
        assert response.status_code == 200
        return [c["number"] for c in response.json()["items"]]

    assert numbers() == [case.number, second.number]
    assert numbers(status="in_progress") == [second.number]
    assert numbers(status="closed") == []
    assert numbers(number=second.number[-3:]) == [second.number]
    assert numbers(department=akzhar_construction.pk + 1000) == []


def test_the_inbox_reads_a_fixed_number_of_queries(register, operator, staff_client, django_assert_max_num_queries):
    client = staff_client(operator)
    register()
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/staff/cases").status_code == 200
    for _ in range(8):
        register()
    with django_assert_max_num_queries(len(one)):
        response = client.get("/api/v1/staff/cases")
    assert response.json()["count"] == 9
    assert all(item["applicant"]["iin"] == IIN for item in response.json()["items"])


def test_the_inbox_by_token_reads_a_fixed_number_of_queries(register, specialist, superuser, client):
    raw = token_for(specialist, superuser)
    register()
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/staff/cases", **bearer(raw))
    for _ in range(8):
        register()
    with CaptureQueriesContext(connection) as nine:
        response = client.get("/api/v1/staff/cases", **bearer(raw))
    assert response.json()["count"] == 9
    # The first call also notes when the token was last used.
    assert len(nine) <= len(one) <= 6


# Staff: changes


def test_a_specialist_works_a_case_through_the_api(case, specialist, operator, superuser, client, staff_client):
    raw = token_for(specialist, superuser)
    url = f"/api/v1/staff/cases/{case.number}"
    accepted = client.post(
        f"{url}/moves/accept", {"version": case.version}, content_type="application/json", **bearer(raw)
    )
    assert accepted.status_code == 200, accepted.json()
    body = accepted.json()
    assert body["status"] == "in_progress" and body["assignee"] == "erlan.specialist"
    assert sorted(e["kind"] for e in body["events"]) == ["registered", "status"]
    done = client.post(
        f"{url}/moves/complete",
        {"version": body["version"], "note": "Collect at window 2."},
        content_type="application/json",
        **bearer(raw),
    )
    assert done.json()["status"] == "ready" and done.json()["public_note"] == "Collect at window 2."
    # Handing over is the front office's move, made in a signed-in session.
    issued = staff_client(operator).post(
        f"{url}/moves/issue",
        {"version": done.json()["version"], **SHOWN_ID_FIELDS},
        content_type="application/json",
    )
    assert issued.status_code == 200 and issued.json()["status"] == "issued"


def test_a_stale_version_is_a_409_and_changes_nothing(case, specialist, staff_client):
    client = staff_client(specialist)
    url = f"/api/v1/staff/cases/{case.number}/moves/accept"
    assert client.post(url, {"version": case.version}, content_type="application/json").status_code == 200
    again = client.post(url, {"version": case.version}, content_type="application/json")
    assert again.status_code == 409
    assert Application.objects.get().events.count() == 2


def test_moves_that_are_not_allowed_or_unknown_are_clear_errors(case, specialist, akim, staff_client):
    url = f"/api/v1/staff/cases/{case.number}/moves"
    assert staff_client(akim).post(f"{url}/accept", {"version": 1}, content_type="application/json").status_code == 403
    client = staff_client(specialist)
    assert client.post(f"{url}/fly", {"version": 1}, content_type="application/json").status_code == 400
    client.post(f"{url}/accept", {"version": 1}, content_type="application/json")
    refused = client.post(f"{url}/refuse", {"version": 2, "note": "No title"}, content_type="application/json")
    assert refused.status_code == 400 and "basis" in refused.json()["errors"]
    assert client.post(f"{url}/accept", {}, content_type="application/json").status_code == 422


def test_the_head_assigns_extends_and_transfers(case, specialist, akzhar_head, aiyrtau_construction, staff_client):
    client = staff_client(akzhar_head)
    url = f"/api/v1/staff/cases/{case.number}"
    assigned = client.post(
        f"{url}/assign", {"version": 1, "assignee": "erlan.specialist"}, content_type="application/json"
    )
    assert assigned.status_code == 200 and assigned.json()["assignee"] == "erlan.specialist"
    nobody = client.post(f"{url}/assign", {"version": 2, "assignee": "nobody"}, content_type="application/json")
    assert nobody.status_code == 400
    accepted = client.post(f"{url}/moves/accept", {"version": 2}, content_type="application/json").json()
    extended = client.post(
        f"{url}/extend",
        {"version": accepted["version"], "reason": "Technically complex."},
        content_type="application/json",
    )
    assert extended.status_code == 200 and extended.json()["term_extended"] is True
    assert extended.json()["due_at"] > accepted["due_at"]
    ServiceOffering.objects.create(service=case.service, department=aiyrtau_construction)
    transfer = {"version": extended.json()["version"], "department": aiyrtau_construction.pk, "reason": "In Aiyrtau."}
    moved = client.post(f"{url}/transfer", transfer, content_type="application/json")
    assert moved.status_code == 200 and moved.json()["department"]["id"] == aiyrtau_construction.pk
    assert client.post(
        f"{url}/transfer", {"version": 1, "department": 10**9, "reason": "x"}, content_type="application/json"
    ).status_code in (400, 404)


def test_a_specialist_can_not_assign(case, specialist, staff_client):
    response = staff_client(specialist).post(
        f"/api/v1/staff/cases/{case.number}/assign",
        {"version": 1, "assignee": "erlan.specialist"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_the_openapi_schema_documents_the_applications_api(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert {
        "/api/v1/applications",
        "/api/v1/track",
        "/api/v1/staff/cases",
        "/api/v1/staff/cases/{number}",
        "/api/v1/staff/cases/{number}/moves/{move}",
        "/api/v1/staff/cases/{number}/assign",
        "/api/v1/staff/cases/{number}/transfer",
        "/api/v1/staff/cases/{number}/extend",
    } <= set(paths)
    submit = paths["/api/v1/applications"]["post"]
    assert {"200", "201", "400", "429"} <= set(submit["responses"])
    assert {"application/json", "multipart/form-data"} <= set(submit["requestBody"]["content"])
    assert {"409", "401", "403"} <= set(paths["/api/v1/staff/cases/{number}/moves/{move}"]["post"]["responses"])
    assert "applicant_iin" in submit["requestBody"]["content"]["application/json"]["schema"]["properties"]
