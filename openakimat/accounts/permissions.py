"""The accounts app's own policy: who may give and take back roles, and who counts as staff.

Separation of duties: nobody gives a role to themselves, and a role that reads residents' personal
data (`common.roles.PERSONAL_DATA_ROLES`) is only asked for by one administrator and takes effect
when a second one approves it.

Each app keeps its own `permissions.py` (territory, catalogue, applications, budget, integrity…)
on the primitives of `common.policy`; this one decides only what concerns accounts."""

from django.db.models import Q
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import PERSONAL_DATA_ROLES, Role
from openakimat.territory.models import Akimat

from .models import GrantState, RoleGrant

GRANT_ROLES = (Role.ADMIN,)

is_staff = policy.is_staff  # holds some role (or is root): may enter the staff area


def can_grant_roles(actor: Actor | None, akimat: Akimat) -> bool:
    return policy.reaches_path(actor, GRANT_ROLES, akimat.territory.path)


def is_self(actor: Actor | None, user_id: object) -> bool:
    """Whether the actor is the account `user_id` (the machine is nobody's account)."""
    pk = getattr(actor, "pk", None)
    return pk is not None and pk == user_id


def needs_approval(actor: Actor | None, role: str) -> bool:
    """Whether a grant of `role` by the actor waits for a second administrator: a role that reads
    residents' data, asked for by a person (the machine — the demo loader, a command run by the
    server's operators — grants directly)."""
    return role in PERSONAL_DATA_ROLES and getattr(actor, "pk", None) is not None


def approval_refusal(actor: Actor | None, grant: RoleGrant) -> str:
    """Why the actor may not approve this request, or "" if they may: an administrator of its
    akimat who neither asked for it nor receives the role."""
    if not can_grant_roles(actor, grant.akimat):
        return denied()
    if grant.state != GrantState.PENDING:
        return _("This request has already been decided.")
    if is_self(actor, grant.user_id):
        return _("Nobody can approve a role for themselves: another administrator must.")
    if is_self(actor, grant.granted_by_id):
        return _("You asked for this role: another administrator must approve it.")
    return ""


def can_approve_grant(actor: Actor | None, grant: RoleGrant) -> bool:
    return not approval_refusal(actor, grant)


def can_reject_grant(actor: Actor | None, grant: RoleGrant) -> bool:
    """Any administrator of the akimat may turn a request down (the one who asked: withdraw it)."""
    return grant.state == GrantState.PENDING and can_grant_roles(actor, grant.akimat)


def grant_akimats_q(actor: Actor | None, prefix: str = "") -> Q:
    """A filter on akimats (or, with a prefix such as "akimat__", on what belongs to one) where
    the actor may give roles."""
    return policy.path_q(actor, GRANT_ROLES, f"{prefix}territory__path")


def denied() -> str:
    return _("You do not have permission to do this for this akimat.")


def self_grant_denied() -> str:
    return _("Nobody can give a role to themselves: ask another administrator.")
