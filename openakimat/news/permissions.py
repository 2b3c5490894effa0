"""News' one permission policy.

- the akimat's secretariat (the akim's apparatus) and its administrators write items, publish,
  pin and unpublish them, for their akimat and the akimats in its territory;
- every staff role of the territory, the anti-corruption observers among them, reads the drafts;
- everyone, signed in or not, reads what is published (no permission: nothing personal in it).
"""

from django.db.models import Q

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import ALL_ROLES, Role
from openakimat.territory.models import Akimat

from .models import Item

WRITE = (Role.SECRETARIAT, Role.ADMIN)
READ = tuple(ALL_ROLES)


def items_q(actor: Actor | None) -> Q:
    """Items whose drafts the actor reads."""
    return policy.path_q(actor, READ, "akimat__territory__path")


def writable_akimats_q(actor: Actor | None) -> Q:
    return policy.path_q(actor, WRITE, "territory__path")


def can_view(actor: Actor | None, item: Item) -> bool:
    """The staff view of an item, drafts included."""
    return policy.reaches_path(actor, READ, item.akimat.territory.path)


def can_write(actor: Actor | None, akimat: Akimat) -> bool:
    """Write, publish, pin and unpublish the items of `akimat`."""
    return policy.reaches_path(actor, WRITE, akimat.territory.path)


def can_edit(actor: Actor | None, item: Item) -> bool:
    return can_write(actor, item.akimat)


def can_write_any(actor: Actor | None) -> bool:
    return policy.is_root(actor) or bool(policy.scopes(actor, WRITE))


def can_open_news(actor: Actor | None) -> bool:
    """The staff menu's entry, from the actor's scopes alone."""
    return policy.is_root(actor) or bool(policy.scopes(actor, READ))
