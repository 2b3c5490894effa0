"""Who may load and change the budgets and projects of which territories: finance officers and
administrators of an akimat, for its territory and everything below it."""

from django.db.models import Q
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import Role
from openakimat.territory.models import Territory

MANAGE_BUDGET = (Role.FINANCE, Role.ADMIN)


def can_manage_budget(actor: Actor | None, territory: Territory) -> bool:
    """Import the territory's budgets, edit its projects."""
    return policy.reaches_path(actor, MANAGE_BUDGET, territory.path)


def can_import_somewhere(actor: Actor | None) -> bool:
    """Whether the actor manages the budget of some territory (the import says which ones)."""
    return policy.is_root(actor) or bool(policy.scopes(actor, MANAGE_BUDGET))


def budget_territories_q(actor: Actor | None, prefix: str = "") -> Q:
    """A filter on territories (or, with a prefix such as "territory__", on what lies in one)
    whose budgets the actor manages."""
    return policy.path_q(actor, MANAGE_BUDGET, f"{prefix}path")


def denied() -> str:
    return _("You do not have permission to do this for this territory.")
