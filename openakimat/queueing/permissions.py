"""The electronic queue's one policy.

- the administrators of an akimat set up its hall: categories, desks and their hours, priority
  groups, the rules (`can_configure`);
- the front-office operators (and the administrators) of the akimat's territory sit at its desks
  and call, serve, redirect and close tickets (`can_operate`), and look a booking up at the desk;
- every staff role of the territory reads the hall's figures and the day's tickets
  (`can_view`) — numbers and times only: a ticket has no name, and the phone a resident left for
  an SMS is shown to no one;
- the public takes tickets at the kiosk, books online, watches the board and its own ticket page;
  the public figures are aggregates.
"""

from django.db.models import Q

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import ALL_ROLES, Role

from .models import Desk, Hall

CONFIGURE = (Role.ADMIN,)
OPERATE = (Role.OPERATOR, Role.ADMIN)
SEE = tuple(ALL_ROLES)


def halls_q(actor: Actor | None) -> Q:
    """The halls whose staff pages the actor opens."""
    return policy.path_q(actor, SEE, "akimat__territory__path")


def operable_halls_q(actor: Actor | None) -> Q:
    """The halls at whose desks the actor may sit."""
    return policy.path_q(actor, OPERATE, "akimat__territory__path")


def configurable_halls_q(actor: Actor | None) -> Q:
    return policy.path_q(actor, CONFIGURE, "akimat__territory__path")


def can_open_queue(actor: Actor | None) -> bool:
    """The staff menu's entry, from the actor's scopes alone."""
    return policy.is_root(actor) or bool(policy.scopes(actor, SEE))


def can_view(actor: Actor | None, hall: Hall) -> bool:
    return policy.reaches_path(actor, SEE, hall.akimat.territory.path)


def can_operate(actor: Actor | None, hall: Hall) -> bool:
    return policy.reaches_path(actor, OPERATE, hall.akimat.territory.path)


def can_operate_desk(actor: Actor | None, desk: Desk) -> bool:
    """Work at this desk: an operator of the hall who is signed in at it (the system always)."""
    if policy.is_root(actor) and getattr(actor, "pk", None) is None:
        return True
    return can_operate(actor, desk.hall) and actor is not None and desk.operator_id == actor.pk


def can_configure(actor: Actor | None, hall: Hall) -> bool:
    return policy.reaches_path(actor, CONFIGURE, hall.akimat.territory.path)
