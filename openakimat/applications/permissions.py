"""The front office's one permission policy: who may see and work which case.

The HTML pages, the staff API, the services and the admin all ask these functions, so they give
the same answer. Roles reach cases this way:

- department roles (specialist, head) reach the cases of their own department only;
- other roles reach the cases registered at an akimat in their territory scope, or handled by a
  department of such an akimat;
- a specialist works the cases given to them, or not yet given to anyone; the head any case of
  the department;
- only the front office (operators) and anti-corruption observers see the resident's contact
  details: the back office never meets the resident.
"""

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import Role
from openakimat.territory.models import Akimat, Department

from .models import Application
from .workflow import ASSIGNABLE, EXTENDABLE, TRANSFERABLE, Transition, Who, moves_from

VIEW_CASES = (Role.OPERATOR, Role.SPECIALIST, Role.HEAD, Role.AKIM, Role.OBSERVER)
DESK = (Role.OPERATOR,)  # register at the desk, add documents, issue, withdraw, print the receipt
WORK = (Role.SPECIALIST, Role.HEAD)  # accept, ask for documents, resume, complete, refuse
MANAGE = (Role.HEAD,)  # assign, transfer, extend the term
SEE_APPLICANT = (Role.OPERATOR, Role.OBSERVER)


def _reaches(actor: Actor | None, roles: Iterable[str], case: Application) -> bool:
    return policy.reaches_department(
        actor, roles, case.department_id, case.akimat.territory.path, case.department.akimat.territory.path
    )


def cases_q(actor: Actor | None, roles: Iterable[str] = VIEW_CASES) -> Q:
    """A filter on applications: those the actor reaches through one of `roles`."""
    return policy.department_q(
        actor, roles, "department_id", "akimat__territory__path", "department__akimat__territory__path"
    )


def applicant_q(actor: Actor | None) -> Q:
    """A filter on applications: those whose resident's details the actor may see."""
    return cases_q(actor, SEE_APPLICANT)


# --- one case ------------------------------------------------------------------------------------


def can_view_case(actor: Actor | None, case: Application) -> bool:
    return _reaches(actor, VIEW_CASES, case)


def can_see_applicant(actor: Actor | None, case: Application) -> bool:
    """The resident's IIN, name, phone and e-mail."""
    return _reaches(actor, SEE_APPLICANT, case)


def can_work_at_desk(actor: Actor | None, case: Application) -> bool:
    """Add documents the resident brought, print the receipt with the tracking code."""
    return _reaches(actor, DESK, case)


def can_manage_case(actor: Actor | None, case: Application) -> bool:
    """The head's part: assign, transfer, extend (whatever the case's status)."""
    return _reaches(actor, MANAGE, case)


def case_denied() -> str:
    return _("You do not have permission to do this for this case.")


def move_permission(actor: Actor | None, case: Application, transition: Transition) -> tuple[bool, str]:
    """Whether the actor may make this move of the workflow on the case, whatever its status, and
    if not, why.

    A move the desk may make is open to the front office of the case; a move of the department to
    its specialists and heads — but a specialist only on a case that is theirs or nobody's yet."""
    if Who.DESK in transition.by and _reaches(actor, DESK, case):
        return True, ""
    if Who.DEPARTMENT in transition.by and _reaches(actor, WORK, case):
        if case.assignee_id is None or case.assignee_id == actor_pk(actor) or can_manage_case(actor, case):
            return True, ""
        return False, _("This case is assigned to someone else.")
    return False, case_denied()


def can_make_move(actor: Actor | None, case: Application, transition: Transition) -> bool:
    return move_permission(actor, case, transition)[0]


def available_moves(actor: Actor | None, case: Application) -> list[Transition]:
    """The moves the case page and the API offer: allowed from the case's status, and to the actor."""
    return [t for t in moves_from(case.status) if can_make_move(actor, case, t)]


def available_actions(actor: Actor | None, case: Application) -> set[str]:
    """The other case actions the actor may take now: "assign", "transfer", "extend" (the head,
    in the statuses that allow them) and "add_documents" (the desk, on an open case)."""
    actions: set[str] = set()
    if can_manage_case(actor, case):
        if case.status in ASSIGNABLE:
            actions.add("assign")
        if case.status in TRANSFERABLE:
            actions.add("transfer")
        if case.status in EXTENDABLE and case.service.extended_term_value and not case.term_extended:
            actions.add("extend")
    if can_work_at_desk(actor, case) and case.is_open:
        actions.add("add_documents")
    return actions


def can_take_case(user: Actor, case: Application) -> bool:
    """Whether the head may give the case to `user`: a specialist or head of its department."""
    return any(s.role in WORK and s.department_id == case.department_id for s in policy.scopes(user, WORK))


def is_specialist_of(actor: Actor | None, department_id: int) -> bool:
    """A specialist of this department (who takes the case they accept)."""
    return any(s.department_id == department_id for s in policy.scopes(actor, (Role.SPECIALIST,)))


def actor_pk(actor: Actor | None) -> object:
    return actor.pk if actor is not None else None


# --- akimats and departments ---------------------------------------------------------------------


def can_register_at(actor: Actor | None, akimat: Akimat) -> bool:
    """Take applications at this akimat's front-office desk."""
    return policy.reaches_path(actor, DESK, akimat.territory.path)


def can_log_consultation(actor: Actor | None, akimat: Akimat) -> bool:
    return policy.reaches_path(actor, DESK, akimat.territory.path)


def desk_akimats_q(actor: Actor | None, prefix: str = "") -> Q:
    """A filter on akimats (or, with a prefix such as "department__akimat__", on what leads to
    one) where the actor works at the front-office desk."""
    return policy.path_q(actor, DESK, f"{prefix}territory__path")


def desk_akimat_ids(actor: Actor | None) -> list[int]:
    """The akimats whose front office the actor works at: their own grants, not the subtree."""
    return sorted({s.akimat_id for s in policy.scopes(actor, DESK)})


def inbox_departments_q(actor: Actor | None) -> Q:
    """A filter on departments whose cases the actor reaches."""
    return policy.department_q(actor, VIEW_CASES, "pk", "akimat__territory__path")


def can_view_department(actor: Actor | None, department: Department) -> bool:
    return policy.reaches_department(actor, VIEW_CASES, department.pk, department.akimat.territory.path)


# --- the staff menu ------------------------------------------------------------------------------
# What the menu offers, from the actor's scopes alone (no query): the pages themselves still ask
# the finer questions (which offerings, which akimats).


def can_open_inbox(actor: Actor | None) -> bool:
    return policy.is_root(actor) or bool(policy.scopes(actor, VIEW_CASES))


def can_take_applications(actor: Actor | None) -> bool:
    """Register applications at a front-office desk (the intake page)."""
    return policy.is_root(actor) or bool(policy.scopes(actor, DESK))


def can_log_consultations(actor: Actor | None) -> bool:
    """The consultation log is kept by the operators of a front office (their own grants)."""
    return bool(desk_akimat_ids(actor))
