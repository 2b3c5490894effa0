"""Who may change which services an akimat's departments offer."""

from django.db.models import Q
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import Role
from openakimat.territory.models import Akimat

MANAGE_CATALOGUE = (Role.ADMIN,)


def can_manage_catalogue(actor: Actor | None, akimat: Akimat) -> bool:
    return policy.reaches_path(actor, MANAGE_CATALOGUE, akimat.territory.path)


def catalogue_akimats_q(actor: Actor | None, prefix: str = "") -> Q:
    """A filter on akimats (or, with a prefix, on what belongs to one) whose catalogue the actor
    manages."""
    return policy.path_q(actor, MANAGE_CATALOGUE, f"{prefix}territory__path")


def denied() -> str:
    return _("You do not have permission to do this for this akimat.")
