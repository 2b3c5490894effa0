"""What residents may comment on: one kind per public page of a lower app.

Each kind says how to find the record from its id (only as the public page shows it: a published
meeting, a published news item…), its title and address, and the akimat that owns it (whose
moderators decide on its comments). The pages themselves belong to the lower apps; they show the
comments through `common.extras` (a provider registered in apps.py), never importing feedback.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from openakimat.budget.models import Project
from openakimat.control.models import Instruction
from openakimat.meetings.models import Meeting
from openakimat.meetings.permissions import public_q as meeting_public_q
from openakimat.news.models import Item
from openakimat.news.models import Status as NewsStatus
from openakimat.problems.models import Report
from openakimat.territory.models import Akimat
from openakimat.territory.selectors import akimat_of


@dataclass(frozen=True)
class Target:
    kind: str
    label: str | Promise
    find: Callable[[int], Model | None]
    url: Callable[[Any], str]
    title: Callable[[Any], str]
    akimat: Callable[[Any], Akimat | None]


def _project(pk: int) -> Model | None:
    return Project.objects.select_related("territory").filter(pk=pk).first()


def _meeting(pk: int) -> Model | None:
    return Meeting.objects.filter(meeting_public_q(), pk=pk).select_related("akimat").first()


def _instruction(pk: int) -> Model | None:
    return Instruction.objects.select_related("akimat").filter(pk=pk).first()


def _report(pk: int) -> Model | None:
    return (
        Report.objects.select_related("akimat", "category")
        .only("pk", "akimat", "category__name_kk", "category__name_ru", "category__name_en")
        .filter(pk=pk)
        .first()
    )


def _item(pk: int) -> Model | None:
    return (
        Item.objects.filter(status=NewsStatus.PUBLISHED, published_at__isnull=False, pk=pk)
        .select_related("akimat__territory")
        .first()
    )


def _item_title(item: Item) -> str:
    lang = get_language() or "kk"
    return item.text("title", lang) or item.text("title", item.languages[0]) if item.languages else str(item.pk)


TARGETS: dict[str, Target] = {
    t.kind: t
    for t in (
        Target(
            "budget.project",
            _("Budget project"),
            _project,
            lambda p: reverse("budget:project", kwargs={"slug": p.slug}),
            lambda p: p.name,
            lambda p: akimat_of(p.territory),
        ),
        Target(
            "meetings.meeting",
            _("Meeting"),
            _meeting,
            lambda m: reverse("meetings:detail", kwargs={"pk": m.pk}),
            lambda m: m.title,
            lambda m: m.akimat,
        ),
        Target(
            "control.instruction",
            _("Instruction"),
            _instruction,
            lambda i: reverse("control:detail", kwargs={"number": i.number}),
            lambda i: f"{i.number} {i.title}",
            lambda i: i.akimat,
        ),
        Target(
            "problems.report",
            _("Problem report"),
            _report,
            lambda r: reverse("problems:report", kwargs={"pk": r.pk}),
            lambda r: f"#{r.pk} {r.category.name}",
            lambda r: r.akimat,
        ),
        Target(
            "news.item",
            _("News item"),
            _item,
            lambda i: reverse("news:item", kwargs={"kato": i.akimat.territory.kato, "pk": i.pk}),
            _item_title,
            lambda i: i.akimat,
        ),
    )
}


def kind_of(obj: Any) -> str | None:
    """The kind of a record a page shows (None if residents may not comment on it)."""
    return {
        Project: "budget.project",
        Meeting: "meetings.meeting",
        Instruction: "control.instruction",
        Report: "problems.report",
        Item: "news.item",
    }.get(type(obj))
