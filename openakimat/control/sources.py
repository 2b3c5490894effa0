"""The kinds of source an instruction can come from, declared by the apps that own them.

Control knows no other app: a source app registers its model here from its `AppConfig.ready`
(`register(SourceKind(...))`) with a label for the public register, a function giving the source's
public page (or "" when it has none) and, optionally, a hook called in the same transaction after
every event of an instruction made from it (a problem report follows its instruction's status).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.functional import Promise

if TYPE_CHECKING:
    from .models import Instruction


@dataclass(frozen=True)
class SourceKind:
    name: str  # "problems.report": the app's label and a word
    model: type[models.Model]
    label: str | Promise  # "Problem report", translated when shown
    public_url: Callable[[Any], str] = field(default=lambda source: "")
    # Called as on_event(instruction, event_kind) inside the transaction of the change.
    on_event: Callable[["Instruction", str], None] | None = None


_kinds: dict[str, SourceKind] = {}


def register(kind: SourceKind) -> SourceKind:
    if "." not in kind.name:
        raise ValueError(f"name a source kind after its app, e.g. 'problems.report': {kind.name!r}")
    _kinds[kind.name] = kind
    return kind


def get(name: str) -> SourceKind | None:
    return _kinds.get(name)


def for_model(model: type[models.Model]) -> SourceKind:
    for kind in _kinds.values():
        if kind.model._meta.label_lower == model._meta.label_lower:
            return kind
    raise LookupError(f"{model._meta.label} is not a registered source of instructions")


def registered() -> list[SourceKind]:
    return sorted(_kinds.values(), key=lambda k: k.name)
