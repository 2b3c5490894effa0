"""The building blocks of every app's permission policy.

An app's `permissions.py` names its actions as `can_<verb>(actor, obj)` functions and decides with
these primitives which roles reach what: a grant for an akimat reaches its territory subtree, a
department role reaches its own department only, and an active superuser (or the system) reaches
everything. The HTML views, the API, Open311, the admin and the services ask the same `can_`
functions, so they can't disagree; querysets are narrowed with the `*_q` filters built from the
same scopes.
"""

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from .actor import Actor, Scope
from .roles import ALL_ROLES

Roles = Iterable[str]
NOTHING = Q(pk__in=[])


def is_root(actor: Actor | None) -> bool:
    """An active superuser, or the system: no scope limits them."""
    return actor is not None and bool(actor.is_superuser) and bool(actor.is_active)


def scopes(actor: Actor | None, roles: Roles) -> list[Scope]:
    """The actor's scopes for any of `roles`; none for anonymous or deactivated accounts."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return []
    wanted = set(roles)
    return [s for s in actor.scopes if s.role in wanted]


def is_staff(actor: Actor | None) -> bool:
    """Whether the actor holds any role at all (or is root)."""
    return is_root(actor) or bool(scopes(actor, ALL_ROLES))


def paths(actor: Actor | None, roles: Roles) -> list[str]:
    return sorted({s.path for s in scopes(actor, roles)})


def reaches_path(actor: Actor | None, roles: Roles, path: str) -> bool:
    """Whether a grant of one of `roles` covers the territory at `path`."""
    return is_root(actor) or any(path.startswith(p) for p in paths(actor, roles))


def reaches_department(actor: Actor | None, roles: Roles, department_id: int, *territory_paths: str) -> bool:
    """Whether the actor reaches something of a department: a department role through that very
    department, any other role through one of `territory_paths` (the department's akimat, the
    akimat where the thing was registered…)."""
    if is_root(actor):
        return True
    for s in scopes(actor, roles):
        if s.department_id is not None:
            if s.department_id == department_id:
                return True
        elif any(p.startswith(s.path) for p in territory_paths):
            return True
    return False


def path_q(actor: Actor | None, roles: Roles, field: str) -> Q:
    """A filter keeping rows whose territory path `field` (e.g. "akimat__territory__path") lies
    within the actor's scopes for `roles`."""
    if is_root(actor):
        return Q()
    found = paths(actor, roles)
    if not found:
        return NOTHING
    return reduce(or_, (Q(**{f"{field}__startswith": p}) for p in found))


def department_q(actor: Actor | None, roles: Roles, department_field: str, *path_fields: str) -> Q:
    """The queryset twin of `reaches_department`: department roles by `department_field`
    (e.g. "department_id"), other roles by any of `path_fields`."""
    if is_root(actor):
        return Q()
    parts: list[Q] = []
    for s in scopes(actor, roles):
        if s.department_id is not None:
            parts.append(Q(**{department_field: s.department_id}))
        else:
            parts.extend(Q(**{f"{f}__startswith": s.path}) for f in path_fields)
    return reduce(or_, parts) if parts else NOTHING


def deny(message: str | None = None) -> PermissionDenied:
    return PermissionDenied(message or _("You do not have permission to do this."))


def require(allowed: bool, message: str | None = None) -> None:
    """Raise PermissionDenied (a 403 everywhere) unless `allowed`."""
    if not allowed:
        raise deny(message)
