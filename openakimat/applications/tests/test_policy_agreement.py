"""The case page, the staff API and the services ask one policy (`permissions`), so they agree: for
every move of the workflow and every other case action, by every role — the specialist the case is
given to, a colleague it is not given to, the head, the desk, the akim, an observer, staff of
another district — the page offers it exactly when the API offers it, and exactly then the service
(and a POST to the page or the API) carries it out. Each attempt is rolled back, so every role
meets the same case."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from conftest import make_staff
from openakimat.accounts.models import Role
from openakimat.applications import services
from openakimat.applications.models import Status
from openakimat.applications.workflow import TRANSFERABLE, TRANSITIONS
from openakimat.catalogue.models import ServiceOffering
from openakimat.common.calendar import ALMATY

from .conftest import SHOWN_ID, SHOWN_ID_FIELDS
from .test_workflow import PATH_TO

LATER = datetime(2026, 12, 2, 11, 0, tzinfo=ALMATY)
ROLES = ["assignee", "colleague", "head", "operator", "akim", "observer", "other_head", "admin", "superuser"]
# The statuses from which each move is tried (the one the case is in when it is allowed).
FROM = {name: sorted(t.sources)[0] for name, t in TRANSITIONS.items()}


class RolledBack(Exception):
    pass


def attempt(call):
    """Whether `call` is allowed: run it, then undo whatever it did. A PermissionDenied or an
    answer of 403/404 is a refusal; anything else that is not a success fails the test."""
    try:
        with transaction.atomic():
            outcome = call()
            raise RolledBack(outcome)
    except RolledBack as done:
        outcome = done.args[0]
    except PermissionDenied:
        return False
    if outcome is None or hasattr(outcome, "pk"):
        return True
    assert outcome.status_code in (200, 302, 403, 404), (outcome.status_code, outcome.content[:300])
    return outcome.status_code in (200, 302)


@pytest.fixture
def people(specialist, akzhar_head, operator, akim, region_observer, aiyrtau_head, akzhar_admin, superuser):
    department = akzhar_head.grants.get().department
    colleague = make_staff("saule.specialist", Role.SPECIALIST, department.akimat, department)
    return {
        "assignee": specialist,
        "colleague": colleague,
        "head": akzhar_head,
        "operator": operator,
        "akim": akim,
        "observer": region_observer,
        "other_head": aiyrtau_head,
        "admin": akzhar_admin,
        "superuser": superuser,
    }


def case_in(status, register, people):
    case = register()
    case = services.application_assign(actor=people["head"], application=case, assignee=people["assignee"])
    for move in PATH_TO[status]:
        case = services.application_move(
            actor=people["superuser"], application=case, move=move, note="n", basis="b", identity=SHOWN_ID, now=LATER
        )
    return case


def offered_on_page(client, case):
    response = client.get(reverse("cases:detail", args=[case.number]))
    if response.status_code == 404:
        return set(), set()
    html = response.content.decode()
    moves = {m for m in TRANSITIONS if f'action="{reverse("cases:move", args=[case.number, m])}"' in html}
    others = {"assign", "transfer", "extend", "add_documents"}
    urls = {"add_documents": "cases:add-documents"}
    actions = {a for a in others if f'action="{reverse(urls.get(a, "cases:" + a), args=[case.number])}"' in html}
    return moves, actions


def offered_by_api(client, case):
    response = client.get(f"/api/v1/staff/cases/{case.number}")
    if response.status_code == 404:
        return set(), set()
    body = response.json()
    return {m["name"] for m in body["moves"]}, set(body["actions"])


@pytest.mark.parametrize("move", list(TRANSITIONS))
def test_every_move_is_offered_and_allowed_alike_by_page_api_and_service(
    move, register, people, staff_client, django_user_model
):
    case = case_in(FROM[move], register, people)
    needs = {"note": "Reason given.", "basis": "Article 19."}
    for role in ROLES:
        actor = people[role]
        client = staff_client(actor)
        page_moves, _ = offered_on_page(client, case)
        api_moves, _ = offered_by_api(client, case)
        fresh = case.__class__.objects.get(pk=case.pk)
        by_service = attempt(
            lambda actor=actor, fresh=fresh: services.application_move(
                actor=actor, application=fresh, move=move, expected_version=fresh.version, identity=SHOWN_ID, **needs
            )
        )
        by_api = attempt(
            lambda client=client: client.post(
                f"/api/v1/staff/cases/{case.number}/moves/{move}",
                {"version": case.version, **needs, **SHOWN_ID_FIELDS},
                content_type="application/json",
            )
        )
        by_page = attempt(
            lambda client=client: client.post(
                reverse("cases:move", args=[case.number, move]),
                {f"{move}-{k}": v for k, v in {"version": case.version, **needs, **SHOWN_ID_FIELDS}.items()},
            )
        )
        answers = {
            "page offers": move in page_moves,
            "API offers": move in api_moves,
            "service": by_service,
            "API": by_api,
            "page": by_page,
        }
        assert len(set(answers.values())) == 1, f"{move} by {role}: {answers}"


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.IN_PROGRESS, Status.AWAITING_DOCUMENTS, Status.READY])
def test_other_case_actions_are_offered_alike_on_the_page_and_by_the_api(
    status, register, people, staff_client, aiyrtau_construction
):
    case = case_in(status, register, people)
    offered = set()
    for role in ROLES:
        client = staff_client(people[role])
        on_page = offered_on_page(client, case)[1]
        assert on_page == offered_by_api(client, case)[1], f"{role} in {status}"
        offered |= on_page
    # Nobody may transfer while no other department renders the service.
    assert "transfer" not in offered
    ServiceOffering.objects.create(service=case.service, department=aiyrtau_construction)
    head = staff_client(people["head"])
    assert offered_on_page(head, case)[1] == offered_by_api(head, case)[1]
    assert ("transfer" in offered_on_page(head, case)[1]) == (status in TRANSFERABLE)


def test_a_specialist_who_is_not_the_assignee_may_neither_resume_nor_refuse(register, people, staff_client):
    case = case_in(Status.AWAITING_DOCUMENTS, register, people)
    client = staff_client(people["colleague"])
    for move in ("resume", "refuse"):
        response = client.post(
            f"/api/v1/staff/cases/{case.number}/moves/{move}",
            {"version": case.version, "note": "n", "basis": "b"},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 403, move
        assert response.json()["detail"] == "This case is assigned to someone else."
    assert case.__class__.objects.get(pk=case.pk).status == Status.AWAITING_DOCUMENTS


def test_the_api_offers_a_colleague_no_moves_on_a_case_given_to_someone_else(register, people, staff_client):
    case = case_in(Status.IN_PROGRESS, register, people)
    assert offered_by_api(staff_client(people["colleague"]), case)[0] == set()
    assert offered_by_api(staff_client(people["assignee"]), case)[0] == {"request_documents", "complete", "refuse"}


def test_the_tracking_page_and_the_tracking_api_show_the_same_steps_and_note(client, register, people):
    """Regression: the API left out the "term extended" step and, after a resume, still showed the
    note asking for documents, which the page had already hidden."""
    case = case_in(Status.IN_PROGRESS, register, people)
    head = people["head"]
    case = services.application_extend(actor=head, application=case, reason="Site visit needed.", now=LATER)
    case = services.application_move(
        actor=head, application=case, move="request_documents", note="Bring the site plan.", now=LATER
    )
    code = case.tracking_code
    body = {"number": case.number, "tracking_code": code}

    def both():
        api = client.post("/api/v1/track", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
        page = client.post(reverse("frontoffice:track"), {**body, "action": "track"})
        assert api.status_code == page.status_code == 200
        return api.json(), page.content.decode()

    api, page = both()
    labels = [step["label"] for step in api["steps"]]
    assert labels == ["Registered", "In progress", "Term extended", "Awaiting documents"]
    assert [step["kind"] for step in api["steps"]] == ["registered", "status", "extended", "status"]
    for label in labels:
        assert f"— {label}</li>" in page
    assert api["public_note"] == "Bring the site plan." and "Bring the site plan." in page

    services.application_move(actor=head, application=case, move="resume", now=LATER)
    api, page = both()
    assert api["public_note"] == "" and "Bring the site plan." not in page
    assert api["steps"][-1]["label"] == "In progress" and "— In progress</li>" in page.rsplit("<ol", 1)[1]
