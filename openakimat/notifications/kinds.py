"""The kinds of message the apps send, each declared by the app that sends it.

A kind names its message ("applications.registered"), writes its text in the recipient's language
and says where the recipient is reached. The notifications app knows no other app: apps register
their kinds from their `AppConfig.ready`, and the outbox refers to the object a message is about
generically, reading the recipient's addresses only when it sends (so the outbox keeps no copy of
a phone number or an e-mail address).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("kk", "ru", "en")


@dataclass(frozen=True)
class Recipient:
    """Where and in which language a message reaches someone. `reference` names the object in log
    lines (a case number), never the person."""

    phone: str = ""
    email: str = ""
    language: str = "kk"
    reference: str = ""


@dataclass(frozen=True)
class Kind:
    name: str
    # Both called with the recipient's language active; the subject is for e-mail.
    text: Callable[[Any], str]
    subject: Callable[[Any], str]
    recipient: Callable[[Any], Recipient]


_kinds: dict[str, Kind] = {}


class UnknownKind(LookupError):
    pass


def register(kind: Kind) -> Kind:
    """Declare a kind; registering a kind of the same name again replaces it (a reloaded app)."""
    if "." not in kind.name:
        raise ValueError(f"name a kind after its app, e.g. 'applications.registered': {kind.name!r}")
    _kinds[kind.name] = kind
    return kind


def get(name: str) -> Kind:
    try:
        return _kinds[name]
    except KeyError:
        raise UnknownKind(f"no notification kind {name!r} is registered") from None


def registered() -> list[str]:
    return sorted(_kinds)
