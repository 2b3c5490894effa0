"""The back office's navigation, which each app contributes to.

The staff layout (`templates/staff_base.html`) shows one menu for the whole back office, but the
pages belong to the apps above accounts: the inbox and the desk to applications, later the e-queue,
the problem register and the rest. Each app registers its entries in its `AppConfig.ready`, naming
who may see each one with its own policy function, and the layout asks this registry which entries
the signed-in person may use. Accounts never imports the apps that fill it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise

from openakimat.common.actor import Actor


@dataclass(frozen=True)
class StaffNavItem:
    """One entry of the staff menu.

    `key` identifies it (registering the same key again replaces it); `url_name` is where it
    leads; `allowed(actor)` is the app's policy answer to "may this person use the page";
    `current` names the URL names (namespaced, e.g. "cases:detail") under which the entry is
    marked as the current page; `order` places it among the others (lower first)."""

    key: str
    label: str | Promise
    url_name: str
    allowed: Callable[[Actor | None], bool]
    order: int = 100
    current: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class NavLink:
    key: str
    label: str | Promise
    url: str
    is_current: bool


_items: dict[str, StaffNavItem] = {}


def register(item: StaffNavItem) -> None:
    _items[item.key] = item


def registered() -> list[StaffNavItem]:
    return sorted(_items.values(), key=lambda i: (i.order, i.key))


def links_for(actor: Actor | None, current_view: str = "") -> list[NavLink]:
    """The entries `actor` may use, in order, with the one for `current_view` (a namespaced URL
    name such as "cases:inbox") marked. No queries beyond what the policy functions make; the
    ones registered today read only the actor's scopes."""
    return [
        NavLink(
            key=item.key,
            label=item.label,
            url=reverse(item.url_name),
            is_current=current_view in (item.url_name, *item.current),
        )
        for item in registered()
        if item.allowed(actor)
    ]


def unregister(keys: Iterable[str]) -> None:
    """For tests that register entries of their own."""
    for key in keys:
        _items.pop(key, None)
