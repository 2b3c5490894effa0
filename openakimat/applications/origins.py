"""Where a resident registered at the desk came from, told by the apps above this one.

An application may be registered for a resident who came through another part of the system — the
electronic queue's ticket, say. Applications does not know those apps: each registers a resolver
for its kind in its `AppConfig.ready`, and the intake form carries the origin as "kind:reference"
(e.g. "queue:42"). `application_register(origin=…)` resolves it before writing — a resolver refuses
with a ValidationError what the actor may not link — then records the origin in the case's history
and calls `attach` inside the registration's transaction, so the two commit or fail together.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from openakimat.common.actor import Actor

if TYPE_CHECKING:
    from .models import Application


@dataclass(frozen=True)
class Origin:
    """A resolved origin: `label` goes into the case's history ("Came with ticket A014 at desk
    2"); `attach(application)` links the other side, inside the registration's transaction (it
    may raise a ValidationError, which undoes the registration)."""

    kind: str
    reference: str
    label: str
    attach: Callable[["Application"], None]


Resolver = Callable[[Actor | None, str], Origin]

_resolvers: dict[str, Resolver] = {}


def register(kind: str, resolver: Resolver) -> None:
    _resolvers[kind] = resolver


def unregister(kind: str) -> None:
    """For tests that register kinds of their own."""
    _resolvers.pop(kind, None)


def resolve(actor: Actor | None, value: str) -> Origin:
    """The origin named by "kind:reference", or a ValidationError on the `origin` key."""
    kind, _sep, reference = (value or "").strip().partition(":")
    resolver = _resolvers.get(kind)
    if resolver is None or not reference:
        raise ValidationError({"origin": _("The application cannot be linked to where the resident came from.")})
    return resolver(actor, reference)
