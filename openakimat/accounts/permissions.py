"""The permission policy for staff: which role may do what, over which akimats.

A grant for an akimat covers that akimat and every akimat in its territory subtree (a grant in
the regional akimat reaches the districts, a grant in a district akimat its rural okrugs).
Services call `require`; views, the API and the admin ask the same functions, so they can't
disagree.
"""

from enum import StrEnum
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from openakimat.common.actor import SystemActor

from .models import Role, RoleGrant

__all__ = ["SystemActor"]  # moved to common.actor; kept importable until every caller has moved

if TYPE_CHECKING:
    from openakimat.territory.models import Akimat


class Action(StrEnum):
    VIEW_STAFF_AREA = "view_staff_area"  # internal pages of an akimat: its staff and roles
    CHANGE_AKIMAT = "change_akimat"  # contacts, hours, service-akimat status
    RENAME_AKIMAT = "rename_akimat"  # its official names
    MANAGE_DEPARTMENTS = "manage_departments"
    GRANT_ROLES = "grant_roles"
    VIEW_AUDIT = "view_audit"
    MANAGE_CATALOGUE = "manage_catalogue"  # which public services an akimat's departments offer
    # The front office (cases registered at an akimat's desk or online for it)
    REGISTER_APPLICATION = "register_application"  # take an application at the desk, add documents
    ISSUE_RESULT = "issue_result"  # hand the result over at the desk, withdraw at the resident's request
    LOG_CONSULTATION = "log_consultation"
    VIEW_APPLICANT = "view_applicant"  # the resident's IIN, name, phone and e-mail
    # The back office (cases of a department); department roles reach only their own department
    VIEW_CASES = "view_cases"
    WORK_CASE = "work_case"  # accept, ask for documents, resume, complete, refuse
    MANAGE_CASES = "manage_cases"  # assign, transfer, extend the term
    MANAGE_BUDGET = "manage_budget"  # import budgets, edit projects of territories in scope


ALL_ROLES = frozenset(Role)
POLICY: dict[Action, frozenset[Role]] = {
    Action.VIEW_STAFF_AREA: ALL_ROLES,
    Action.CHANGE_AKIMAT: frozenset({Role.ADMIN, Role.AKIM}),
    Action.RENAME_AKIMAT: frozenset({Role.ADMIN}),
    Action.MANAGE_DEPARTMENTS: frozenset({Role.ADMIN}),
    Action.GRANT_ROLES: frozenset({Role.ADMIN}),
    Action.VIEW_AUDIT: frozenset({Role.ADMIN, Role.OBSERVER, Role.AKIM}),
    Action.MANAGE_CATALOGUE: frozenset({Role.ADMIN}),
    Action.REGISTER_APPLICATION: frozenset({Role.OPERATOR}),
    Action.ISSUE_RESULT: frozenset({Role.OPERATOR}),
    Action.LOG_CONSULTATION: frozenset({Role.OPERATOR}),
    # Specialists, heads and the akim never see how to reach the resident: the front office and
    # the notifications are the only channel (the anti-corruption point of the split).
    Action.VIEW_APPLICANT: frozenset({Role.OPERATOR, Role.OBSERVER}),
    Action.VIEW_CASES: frozenset({Role.OPERATOR, Role.SPECIALIST, Role.HEAD, Role.AKIM, Role.OBSERVER}),
    Action.WORK_CASE: frozenset({Role.SPECIALIST, Role.HEAD}),
    Action.MANAGE_CASES: frozenset({Role.HEAD}),
    Action.MANAGE_BUDGET: frozenset({Role.FINANCE, Role.ADMIN}),
}

_CACHE_ATTR = "_openakimat_grants"


def user_grants(user: Any) -> list[RoleGrant]:
    """The user's grants with their akimats' territory paths, fetched once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(RoleGrant.objects.filter(user=user).select_related("akimat__territory", "department"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    if hasattr(user, "forget_scopes"):
        user.forget_scopes()


def is_staff_member(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active) or bool(user_grants(user))


def _scope_paths(user: Any, action: Action) -> list[str]:
    roles = POLICY[action]
    return sorted({g.akimat.territory.path for g in user_grants(user) if g.role in roles})


def has_permission(user: Any, action: Action, akimat: "Akimat") -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    path = akimat.territory.path
    return any(path.startswith(scope) for scope in _scope_paths(user, action))


def require(user: Any, action: Action, akimat: "Akimat") -> None:
    if not has_permission(user, action, akimat):
        raise PermissionDenied(_("You do not have permission to do this for this akimat."))


def territory_scope_q(user: Any, action: Action, prefix: str = "") -> Q:
    """A filter on territories (or, with a prefix such as "project__territory__", on objects that
    lead to one) that keeps only those within the user's scope for `action`."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    paths = _scope_paths(user, action)
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{prefix}path__startswith": p}) for p in paths))


def akimat_scope_q(user: Any, action: Action, prefix: str = "") -> Q:
    """A filter on akimats (or, with prefix="akimat__", on objects that belong to one) that
    keeps only those within the user's scope for `action`."""
    return territory_scope_q(user, action, f"{prefix}territory__")


def akimats_where(user: Any, action: Action) -> "QuerySet[Akimat]":
    from openakimat.territory.models import Akimat

    return Akimat.objects.filter(akimat_scope_q(user, action)).select_related("territory")


def _grant_reaches_case(grant: RoleGrant, akimat_path: str, department_id: int, department_path: str) -> bool:
    if grant.department_id is not None:
        return grant.department_id == department_id
    scope = grant.akimat.territory.path
    return akimat_path.startswith(scope) or department_path.startswith(scope)


def has_case_permission(user: Any, action: Action, case: Any) -> bool:
    """Whether `user` may do `action` on a case (an application): a department role reaches the
    cases of its own department only; other roles the cases registered at, or handled by, an akimat
    in their scope. `case` needs `akimat.territory` and `department.akimat.territory`."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    roles = POLICY[action]
    akimat_path = case.akimat.territory.path
    department_path = case.department.akimat.territory.path
    return any(
        g.role in roles and _grant_reaches_case(g, akimat_path, case.department_id, department_path)
        for g in user_grants(user)
    )


def require_case(user: Any, action: Action, case: Any) -> None:
    if not has_case_permission(user, action, case):
        raise PermissionDenied(_("You do not have permission to do this for this case."))


def case_scope_q(user: Any, action: Action) -> Q:
    """A filter on applications that keeps those `user` may `action`."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    roles = POLICY[action]
    parts: list[Q] = []
    for g in user_grants(user):
        if g.role not in roles:
            continue
        if g.department_id is not None:
            parts.append(Q(department_id=g.department_id))
        else:
            path = g.akimat.territory.path
            parts.append(Q(akimat__territory__path__startswith=path))
            parts.append(Q(department__akimat__territory__path__startswith=path))
    if not parts:
        return Q(pk__in=[])
    return reduce(or_, parts)


def department_permission(user: Any, action: Action, department: Any) -> bool:
    """Whether `user` may `action` for cases of `department` (e.g. assign them, be assigned)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    roles = POLICY[action]
    path = department.akimat.territory.path
    for g in user_grants(user):
        if g.role not in roles:
            continue
        if g.department_id is not None:
            if g.department_id == department.pk:
                return True
        elif path.startswith(g.akimat.territory.path):
            return True
    return False


def has_territory_permission(user: Any, action: Action, territory: Any) -> bool:
    """Whether `user` may `action` for a territory (its budget, its projects): a grant in the
    akimat of the territory or of any territory above it."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(territory.path.startswith(scope) for scope in _scope_paths(user, action))


def require_territory(user: Any, action: Action, territory: Any) -> None:
    if not has_territory_permission(user, action, territory):
        raise PermissionDenied(_("You do not have permission to do this for this territory."))
