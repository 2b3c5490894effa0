"""The accounts app's own policy: who may give and take back roles, and who counts as staff.

Each app keeps its own `permissions.py` (territory, catalogue, applications, budget, integrity…)
on the primitives of `common.policy`; this one decides only what concerns accounts."""

from django.db.models import Q
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import Role
from openakimat.territory.models import Akimat

GRANT_ROLES = (Role.ADMIN,)
DESK = (Role.OPERATOR,)

is_staff = policy.is_staff  # holds some role (or is root): may enter the staff area


def can_grant_roles(actor: Actor | None, akimat: Akimat) -> bool:
    return policy.reaches_path(actor, GRANT_ROLES, akimat.territory.path)


def grant_akimats_q(actor: Actor | None, prefix: str = "") -> Q:
    """A filter on akimats (or, with a prefix such as "akimat__", on what belongs to one) where
    the actor may give roles."""
    return policy.path_q(actor, GRANT_ROLES, f"{prefix}territory__path")


def works_at_a_desk(actor: Actor | None) -> bool:
    """Whether the staff home offers the front-office desk (the applications app decides what the
    operator may do there)."""
    return policy.is_root(actor) or bool(policy.scopes(actor, DESK))


def denied() -> str:
    return _("You do not have permission to do this for this akimat.")
