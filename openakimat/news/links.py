"""What a news item can concern, declared by kind: an instruction of execution control, a budget
project, a meeting…

The news app shows a link to each thing an item concerns without knowing those apps: each kind is
registered here (`register(LinkKind(...))`) with its model, a label for readers, how staff name one
(`find`: an instruction's number, a project's identifier) and its public page (`public_url`, "" when
it has none). The kinds whose apps sit below news are registered by `register_known_kinds` (called
from `NewsConfig.ready`); an app that comes later registers its own from its `AppConfig.ready`, or is
registered here by its model's label without being imported (`register_by_label`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openakimat.common.models import localized


@dataclass(frozen=True)
class LinkKind:
    name: str  # "control.instruction": the app's label and a word
    model: type[models.Model]
    label: str | Promise  # "Instruction", translated when shown
    public_url: Callable[[Any], str] = field(default=lambda obj: "")
    # The record staff mean by a reference they type (a number, an identifier), or None.
    find: Callable[[str], Any] = field(default=lambda reference: None)
    # How readers see the record's name (in the active language).
    title: Callable[[Any], str] = field(default=str)
    # What staff type to name it (the inverse of `find`).
    reference: Callable[[Any], str] = field(default=lambda obj: str(obj.pk))


_kinds: dict[str, LinkKind] = {}


def register(kind: LinkKind) -> LinkKind:
    if "." not in kind.name:
        raise ValueError(f"name a link kind after its app, e.g. 'control.instruction': {kind.name!r}")
    _kinds[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    _kinds.pop(name, None)


def get(name: str) -> LinkKind | None:
    return _kinds.get(name)


def registered() -> list[LinkKind]:
    return sorted(_kinds.values(), key=lambda k: k.name)


def _url(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def register_by_label(
    name: str, model_label: str, label: str | Promise, url_name: str, url_field: str = "pk", **extra: Any
) -> LinkKind | None:
    """Register a kind of an app known only by its model's label ("meetings.Meeting"), when that app
    is installed; its public page is `url_name` with the record's `url_field` as the only argument."""
    app_label, model_name = model_label.split(".")
    if not apps.is_installed(f"openakimat.{app_label}"):
        return None
    model = apps.get_model(app_label, model_name)
    return register(
        LinkKind(
            name=name,
            model=model,
            label=label,
            public_url=lambda obj: _url(url_name, **{url_field: getattr(obj, url_field)}),
            find=lambda reference: (
                model._default_manager.filter(**{url_field: reference}).first() if reference else None
            ),
            reference=lambda obj: str(getattr(obj, url_field)),
            **extra,
        )
    )


def register_known_kinds() -> None:
    from openakimat.budget.models import Project
    from openakimat.control.models import Instruction
    from openakimat.meetings.models import Meeting

    register(
        LinkKind(
            name="control.instruction",
            model=Instruction,
            label=_("Instruction"),
            public_url=lambda obj: _url("control:detail", number=obj.number),
            find=lambda ref: Instruction.objects.filter(number=ref.strip().upper()).first() if ref.strip() else None,
            title=lambda obj: f"{obj.number} {obj.title}",
            reference=lambda obj: obj.number,
        )
    )
    register(
        LinkKind(
            name="budget.project",
            model=Project,
            label=_("Budget project"),
            public_url=lambda obj: _url("budget:project", slug=obj.slug),
            find=lambda ref: Project.objects.filter(slug=ref.strip().lower()).first() if ref.strip() else None,
            title=lambda obj: localized(obj, "name"),
            reference=lambda obj: obj.slug,
        )
    )
    register(
        LinkKind(
            name="meetings.meeting",
            model=Meeting,
            label=_("Meeting"),
            public_url=lambda obj: _url("meetings:detail", pk=obj.pk) if obj.published else "",
            # Only a published meeting: a draft's title is not public yet.
            find=lambda ref: (
                Meeting.objects.filter(pk=int(ref.strip()), published=True).first() if ref.strip().isdigit() else None
            ),
            title=lambda obj: str(obj.title or obj.pk),
            reference=lambda obj: str(obj.pk),
        )
    )


@dataclass(frozen=True)
class Resolved:
    kind: LinkKind
    obj: Any
    url: str
    title: str


def resolve(links: list[Any]) -> list[Resolved]:
    """The records a list of `Link` rows point at, one query per kind; a link whose kind is no
    longer registered or whose record is gone is left out."""
    wanted: dict[str, set[int]] = {}
    for link in links:
        wanted.setdefault(link.kind, set()).add(link.object_id)
    found: dict[tuple[str, int], Any] = {}
    for name, ids in wanted.items():
        kind = get(name)
        if kind is None:
            continue
        for record in kind.model._default_manager.filter(pk__in=ids):
            found[(name, record.pk)] = record
    out = []
    for link in links:
        target = found.get((link.kind, link.object_id))
        if target is None:
            continue
        registered_kind = _kinds[link.kind]
        out.append(Resolved(registered_kind, target, registered_kind.public_url(target), registered_kind.title(target)))
    return out
