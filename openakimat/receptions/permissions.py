"""The receptions' one policy.

- the akim's office (akim, administrator) plans receptions of its akimat and cancels them;
- the front office (operators) manages the sign-ups: marks attendance, and with the akim's office
  records the problems raised and assigns them (as it may assign instructions);
- the same roles and the anti-corruption observers see the list of sign-ups with residents' names
  and phones; department staff do not (their work comes as instructions);
- everyone reads the schedule and a reception's public page, which hold nothing personal.
"""

from django.db.models import Q

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import Role
from openakimat.territory.models import Akimat

from .models import Reception, Status

PLAN = (Role.AKIM, Role.ADMIN)
MANAGE = (Role.AKIM, Role.ADMIN, Role.OPERATOR)
SEE = (Role.AKIM, Role.ADMIN, Role.OPERATOR, Role.OBSERVER)


def receptions_q(actor: Actor | None) -> Q:
    """The receptions whose staff pages the actor opens."""
    return policy.path_q(actor, SEE, "akimat__territory__path")


def plannable_akimats_q(actor: Actor | None) -> Q:
    """A filter on akimats: those the actor may plan receptions for."""
    return policy.path_q(actor, PLAN, "territory__path")


def can_open_receptions(actor: Actor | None) -> bool:
    """The staff menu's entry, from the actor's scopes alone."""
    return policy.is_root(actor) or bool(policy.scopes(actor, SEE))


def can_plan(actor: Actor | None, akimat: Akimat) -> bool:
    return policy.reaches_path(actor, PLAN, akimat.territory.path)


def can_plan_any(actor: Actor | None) -> bool:
    return policy.is_root(actor) or bool(policy.scopes(actor, PLAN))


def can_view(actor: Actor | None, reception: Reception) -> bool:
    """The staff page of a reception, with the sign-ups' names and phones."""
    return policy.reaches_path(actor, SEE, reception.akimat.territory.path)


def can_cancel(actor: Actor | None, reception: Reception) -> bool:
    return reception.status == Status.SCHEDULED and can_plan(actor, reception.akimat)


def can_close(actor: Actor | None, reception: Reception) -> bool:
    """Mark the reception held."""
    return reception.status == Status.SCHEDULED and policy.reaches_path(actor, MANAGE, reception.akimat.territory.path)


def can_manage_signups(actor: Actor | None, reception: Reception) -> bool:
    """Mark attendance."""
    return reception.status != Status.CANCELLED and policy.reaches_path(actor, MANAGE, reception.akimat.territory.path)


def can_record_problems(actor: Actor | None, reception: Reception) -> bool:
    """Record a problem raised at the reception and assign it to a department."""
    return reception.status != Status.CANCELLED and policy.reaches_path(actor, MANAGE, reception.akimat.territory.path)
