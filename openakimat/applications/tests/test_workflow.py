"""The workflow table, exhaustively: every move from every status, by every role."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied

from conftest import make_staff
from openakimat.accounts.models import Role
from openakimat.applications.models import Status
from openakimat.applications.services import application_move
from openakimat.applications.workflow import TRANSITIONS
from openakimat.common.calendar import ALMATY
from openakimat.common.errors import ConflictError

from .conftest import SHOWN_ID

# The moves that bring a new case to each status (made by a superuser).
PATH_TO = {
    Status.REGISTERED: [],
    Status.IN_PROGRESS: ["accept"],
    Status.AWAITING_DOCUMENTS: ["accept", "request_documents"],
    Status.READY: ["accept", "complete"],
    Status.REFUSED: ["accept", "refuse"],
    Status.ISSUED: ["accept", "complete", "issue"],
    Status.WITHDRAWN: ["withdraw"],
}
WHO_MAY = {
    "accept": {"specialist", "head", "superuser"},
    "request_documents": {"specialist", "head", "superuser"},
    "resume": {"specialist", "head", "operator", "superuser"},
    "complete": {"specialist", "head", "superuser"},
    "refuse": {"specialist", "head", "superuser"},
    "issue": {"operator", "superuser"},
    "withdraw": {"operator", "superuser"},
}
ROLES = ["operator", "specialist", "head", "other_head", "akim", "observer", "admin", "finance", "superuser"]
LATER = datetime(2026, 12, 2, 11, 0, tzinfo=ALMATY)


def bring(case, status, superuser):
    for move in PATH_TO[status]:
        case = application_move(
            actor=superuser, application=case, move=move, note="n", basis="b", identity=SHOWN_ID, now=LATER
        )
    assert case.status == status
    return case


@pytest.fixture
def people(operator, specialist, akzhar_head, aiyrtau_head, akim, region_observer, akzhar_admin, superuser):
    return {
        "operator": operator,
        "specialist": specialist,
        "head": akzhar_head,
        "other_head": aiyrtau_head,
        "akim": akim,
        "observer": region_observer,
        "admin": akzhar_admin,
        "finance": make_staff("dina.finance", Role.FINANCE, akzhar_head.grants.get().akimat),
        "superuser": superuser,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("move", sorted(TRANSITIONS))
def test_who_may_make_each_move(case, people, move, role):
    transition = TRANSITIONS[move]
    source = sorted(transition.sources)[0]
    case = bring(case, source, people["superuser"])
    version = case.version
    if role in WHO_MAY[move]:
        moved = application_move(
            actor=people[role], application=case, move=move, note="n", basis="b", identity=SHOWN_ID, now=LATER
        )
        assert moved.status == transition.target
        assert moved.version == version + 1
        last = moved.events.last()
        assert (last.from_status, last.to_status, last.actor) == (source, transition.target, people[role])
    else:
        with pytest.raises(PermissionDenied):
            application_move(
                actor=people[role], application=case, move=move, note="n", basis="b", identity=SHOWN_ID, now=LATER
            )
        case.refresh_from_db()
        assert (case.status, case.version) == (source, version)


@pytest.mark.parametrize("status", list(PATH_TO))
@pytest.mark.parametrize("move", sorted(TRANSITIONS))
def test_impossible_moves_are_refused_with_a_conflict(case, superuser, move, status):
    case = bring(case, status, superuser)
    events = case.events.count()
    if status in TRANSITIONS[move].sources:
        assert application_move(
            actor=superuser, application=case, move=move, note="n", basis="b", identity=SHOWN_ID, now=LATER
        )
    else:
        with pytest.raises(ConflictError, match="can't be moved"):
            application_move(
                actor=superuser, application=case, move=move, note="n", basis="b", identity=SHOWN_ID, now=LATER
            )
        case.refresh_from_db()
        assert case.status == status
        assert case.events.count() == events


def test_the_table_covers_every_status():
    reachable = {t.target for t in TRANSITIONS.values()} | {Status.REGISTERED}
    assert reachable == set(Status.values)
    assert set(PATH_TO) == set(Status.values)
