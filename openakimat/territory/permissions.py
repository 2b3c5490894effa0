"""Who may see and change akimats, their departments and their staff pages.

A grant for an akimat reaches that akimat and every akimat in its territory subtree; see
`common.policy`. The admin and the services ask these same functions."""

from django.db.models import Q

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import ALL_ROLES, Role

from .models import Akimat, Territory

CHANGE_AKIMAT = (Role.ADMIN, Role.AKIM)  # contacts, hours, service-akimat status
RENAME_AKIMAT = (Role.ADMIN,)  # official names and the case-number prefix
MANAGE_DEPARTMENTS = (Role.ADMIN,)


def can_view_staff_area(actor: Actor | None, akimat: Akimat) -> bool:
    """The internal pages of an akimat: its staff and their roles."""
    return policy.reaches_path(actor, ALL_ROLES, akimat.territory.path)


def can_change_akimat(actor: Actor | None, akimat: Akimat) -> bool:
    return policy.reaches_path(actor, CHANGE_AKIMAT, akimat.territory.path)


def can_rename_akimat(actor: Actor | None, akimat: Akimat) -> bool:
    return policy.reaches_path(actor, RENAME_AKIMAT, akimat.territory.path)


def can_manage_departments(actor: Actor | None, akimat: Akimat) -> bool:
    return policy.reaches_path(actor, MANAGE_DEPARTMENTS, akimat.territory.path)


def staff_akimats_q(actor: Actor | None, prefix: str = "") -> Q:
    """A filter on akimats (or, with a prefix such as "akimat__", on what belongs to one) whose
    staff area the actor may see."""
    return policy.path_q(actor, ALL_ROLES, f"{prefix}territory__path")


def staff_territories_q(actor: Actor | None, prefix: str = "") -> Q:
    """A filter on territories (or, with a prefix such as "territory__", on what lies in one)
    within the actor's scope."""
    return policy.path_q(actor, ALL_ROLES, f"{prefix}path")


def department_akimats(actor: Actor | None) -> "Q":
    """A filter on the akimats where the actor may set up departments."""
    return policy.path_q(actor, MANAGE_DEPARTMENTS, "territory__path")


def in_scope(actor: Actor | None, territory: Territory) -> bool:
    return policy.reaches_path(actor, ALL_ROLES, territory.path)
