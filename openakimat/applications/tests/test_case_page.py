"""The case page as the desk and the back office use it: one next step offered first, the result
handed over only after the identity document is checked, and a history that names people."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openakimat.applications.models import Status
from openakimat.applications.services import IdentityCheck, application_move
from openakimat.integrity.models import AuditEntry

from .conftest import IIN, SHOWN_ID, applicant, make_iin

OTHER_IIN = make_iin("880808", "4", 321)


def detail_url(case, lang="en"):
    return f"/{lang}/staff/cases/{case.number}/"


def section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def ready(case, specialist):
    application_move(actor=specialist, application=case, move="accept")
    return application_move(actor=specialist, application=case, move="complete")


# --- one next step -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moves", "who", "expected"),
    [
        ((), "specialist", "accept"),
        (("accept",), "specialist", "complete"),
        (("accept", "request_documents"), "operator", "resume"),
        (("accept", "complete"), "operator", "issue"),
    ],
)
def test_the_likely_next_move_is_the_one_primary_button(request, staff_client, case, specialist, moves, who, expected):
    for move in moves:
        case = application_move(actor=specialist, application=case, move=move, note="Site plan")
    html = staff_client(request.getfixturevalue(who)).get(detail_url(case)).content.decode()
    primary = section(html, "next-heading")
    assert f'action="/en/staff/cases/{case.number}/move/{expected}/"' in primary
    assert 'class="button"' in primary and "secondary" not in primary
    others = html[html.index("</section>", html.index('id="next-heading"')) :]
    assert f"/move/{expected}/" not in others
    # Every other button on the page is a secondary one.
    assert others.count('class="button"') == 0


def test_the_specialist_sees_the_other_moves_as_secondary_buttons(staff_client, case, specialist):
    case = application_move(actor=specialist, application=case, move="accept")
    html = staff_client(specialist).get(detail_url(case)).content.decode()
    others = section(html, "actions-heading")
    assert "Other actions" in others
    for move in ("request_documents", "refuse"):
        assert f"/move/{move}/" in others
    assert 'class="button secondary"' in others


def test_without_the_likely_move_nothing_is_primary(staff_client, case, operator):
    # A registered case waits for the department: the desk may only withdraw it.
    html = staff_client(operator).get(detail_url(case)).content.decode()
    assert 'id="next-heading"' not in html
    assert "/move/withdraw/" in section(html, "actions-heading")


# --- the hand-over checks the identity document -------------------------------------------------


def test_the_result_is_handed_over_once_the_applicants_id_is_checked(ready, operator):
    issued = application_move(actor=operator, application=ready, move="issue", identity=SHOWN_ID)
    assert issued.status == Status.ISSUED
    event = issued.events.get(to_status=Status.ISSUED)
    assert event.data["identity"] == {"document": "id_card", "iin": "matched", "seen": True}
    entry = AuditEntry.objects.get(action="application.issue")
    assert entry.data["identity"]["document"] == "id_card"
    assert IIN not in str(entry.data) and IIN not in str(event.data)


@pytest.mark.parametrize(
    ("identity", "field", "message"),
    [
        (None, "id_document", "Check the resident's identity document"),
        (IdentityCheck("driving_licence", IIN, True), "id_document", "Choose the kind of identity document"),
        (IdentityCheck("passport", OTHER_IIN, True), "id_iin", "not the applicant's"),
        (IdentityCheck("passport", "12345", True), "id_iin", "12 digits"),
        (IdentityCheck("passport", IIN, False), "id_seen", "saw the original"),
    ],
)
def test_the_result_stays_at_the_desk_without_the_applicants_id(ready, operator, identity, field, message):
    with pytest.raises(ValidationError) as raised:
        application_move(actor=operator, application=ready, move="issue", identity=identity)
    assert message in " ".join(raised.value.message_dict[field])
    ready.refresh_from_db()
    assert ready.status == Status.READY
    assert not AuditEntry.objects.filter(action="application.issue").exists()


def test_a_specialist_cannot_hand_over_even_with_the_id(ready, specialist):
    with pytest.raises(PermissionDenied):
        application_move(actor=specialist, application=ready, move="issue", identity=SHOWN_ID)
    ready.refresh_from_db()
    assert ready.status == Status.READY


def test_the_hand_over_form_asks_for_the_document_and_says_what_is_wrong(staff_client, ready, operator):
    client = staff_client(operator)
    form = section(client.get(detail_url(ready)).content.decode(), "next-heading")
    for name in ("issue-id_document", "issue-id_iin", "issue-id_seen"):
        assert f'name="{name}"' in form
    url = f"{detail_url(ready)}move/issue/"
    one_click = client.post(url, {"issue-version": ready.version})
    assert one_click.status_code == 400
    page = one_click.content.decode()
    assert "Choose the kind of identity document" in page and "Type the IIN from the identity document" in page
    wrong = {
        "issue-version": ready.version,
        "issue-id_document": "passport",
        "issue-id_iin": OTHER_IIN,
        "issue-id_seen": "on",
    }
    response = client.post(url, wrong)
    assert response.status_code == 400
    assert "not the applicant" in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == Status.READY
    right = wrong | {"issue-id_iin": IIN}
    assert client.post(url, right).status_code == 302
    ready.refresh_from_db()
    assert ready.status == Status.ISSUED


def test_the_api_hands_over_only_with_the_identity_check(staff_client, ready, operator):
    client = staff_client(operator)
    url = f"/api/v1/staff/cases/{ready.number}/moves/issue"
    refused = client.post(url, {"version": ready.version}, content_type="application/json")
    assert refused.status_code == 400
    ready.refresh_from_db()
    assert ready.status == Status.READY
    body = {"version": ready.version, "id_document": "id_card", "id_iin": IIN, "id_seen": True}
    assert client.post(url, body, content_type="application/json").status_code == 200


# --- history names people ----------------------------------------------------------------------


def test_the_history_names_staff_by_full_name_and_role(staff_client, register, operator, specialist):
    operator.first_name, operator.last_name = "Дана", "Сейітқали"
    operator.save(update_fields=["first_name", "last_name"])
    specialist.first_name, specialist.last_name = "Ерлан", "Бекұлы"
    specialist.save(update_fields=["first_name", "last_name"])
    case = register(applicant=applicant())
    application_move(actor=specialist, application=case, move="accept")
    history = section(staff_client(operator).get(detail_url(case)).content.decode(), "history-heading")
    assert "Дана Сейітқали" in history and "Front-office operator" in history
    assert "Ерлан Бекұлы" in history and "Department specialist" in history
    assert "dana.operator" not in history and "erlan.specialist" not in history


def test_an_account_without_a_name_is_shown_by_its_user_name(staff_client, case, operator):
    history = section(staff_client(operator).get(detail_url(case)).content.decode(), "history-heading")
    assert "dana.operator" in history and "Front-office operator" in history
