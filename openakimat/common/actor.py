"""Who acts: a staff member, a resident, or the system itself (a management command, a task).

Services, selectors and permission policies take an `Actor`, not a concrete user model, so that
every app can ask "who is this and where may they act" without importing the accounts app. The
user model satisfies the protocol; `SystemActor` stands for the machine.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from django.utils.translation import gettext


@dataclass(frozen=True, slots=True)
class Scope:
    """One role held for one akimat: it reaches that akimat's territory subtree (`path` is the
    territory path, a prefix of every territory below it) and, for a department role, only that
    department."""

    role: str
    akimat_id: int
    path: str
    department_id: int | None = None


@runtime_checkable
class Actor(Protocol):
    """What the policies need to know of whoever acts."""

    pk: Any
    is_active: bool
    is_superuser: bool

    @property
    def is_authenticated(self) -> bool: ...

    def get_username(self) -> str: ...

    @property
    def scopes(self) -> Sequence[Scope]: ...


class SystemActor:
    """The machine acting (an import, the demo loader, a scheduled task): allowed everything and
    recorded in the audit log under its own name."""

    is_superuser = True
    is_active = True
    is_authenticated = False
    pk = None
    scopes: Sequence[Scope] = ()

    def __init__(self, name: str) -> None:
        self.name = name

    def get_username(self) -> str:
        return f"system:{self.name}"

    def __repr__(self) -> str:
        return f"SystemActor({self.name!r})"


def actor_label(actor: Actor | str | None) -> str:
    """How the actor is named in events and the audit log (never a resident's name)."""
    if actor is None:
        return "resident"
    if isinstance(actor, str):
        return actor
    return actor.get_username() or "resident"


def actor_display(label: str) -> str:
    """An actor label as a reader sees it: the resident and the machine named in the reader's
    language, a staff member by user name."""
    if label == "resident":
        return gettext("Resident")
    if label.startswith("system:"):
        return gettext("System")
    return label


def actor_user(actor: Actor | str | None) -> Any:
    """The account to link to a record, or None for residents and the machine."""
    if actor is None or isinstance(actor, str) or not actor.is_authenticated:
        return None
    return actor
