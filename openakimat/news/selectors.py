"""News' reads: the public lists (published only, pinned first), an item's page, the feeds, the
pinned block of the home pages, and the staff lists narrowed by `permissions.items_q`."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from openakimat.common.actor import Actor
from openakimat.territory.models import Akimat, heavy_fields

from . import links, permissions
from .models import Category, Item, Link, Photo, Status

PAGE_SIZE = 20
MAX_PAGE = 500
PINNED_ON_HOME = 3


@dataclass
class Filters:
    akimat: Akimat | None = None
    kind: str = ""
    category: Category | None = None


@dataclass
class Page:
    rows: list[Item]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _public() -> QuerySet[Item]:
    return (
        Item.objects.filter(status=Status.PUBLISHED, published_at__isnull=False)
        .select_related("akimat__territory", "category")
        .defer(*heavy_fields("akimat__territory"))
    )


def public_items(filters: Filters) -> QuerySet[Item]:
    qs = _public()
    if filters.akimat is not None:
        qs = qs.filter(akimat=filters.akimat)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.category is not None:
        qs = qs.filter(category=filters.category)
    return qs.order_by("-pinned", "-published_at", "-pk")


def page_of(qs: QuerySet[Item], number: Any, size: int = PAGE_SIZE) -> Page:
    try:
        number = min(max(1, int(number or 1)), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * size
    rows = list(qs[offset : offset + size + 1])
    return Page(rows=rows[:size], number=number, has_next=len(rows) > size)


def akimats_with_news() -> list[Akimat]:
    ids = _public().values("akimat_id")
    return list(
        Akimat.objects.filter(pk__in=ids)
        .select_related("territory")
        .defer(*heavy_fields("territory"))
        .order_by("territory__path")
    )


def categories() -> list[Category]:
    return list(Category.objects.all())


def public_item(*, kato: str, pk: int) -> Item:
    """A published item of the akimat at `kato`, with its photos and links (three queries)."""
    item = (
        _public()
        .filter(akimat__territory__kato=kato, pk=pk)
        .prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("pk")), "links")
        .first()
    )
    if item is None:
        raise Http404
    return item


def item_links(item: Item) -> list[links.Resolved]:
    return links.resolve(list(item.links.all()))


def pinned(akimat: Akimat | None = None, limit: int = PINNED_ON_HOME) -> list[Item]:
    """The pinned announcements and news shown on the home page (of the site, or of an akimat)."""
    qs = _public().filter(pinned=True)
    if akimat is not None:
        qs = qs.filter(akimat=akimat)
    return list(qs.order_by("-published_at", "-pk")[:limit])


def feed_items(akimat: Akimat | None, language: str, limit: int = 50) -> list[Item]:
    """The newest published items written in `language` (a feed is in one language)."""
    qs = _public().filter(~Q(**{f"title_{language}": ""}))
    if akimat is not None:
        qs = qs.filter(akimat=akimat)
    return list(qs.order_by("-published_at", "-pk")[:limit])


# --- staff ---------------------------------------------------------------------------------------


def staff_items(actor: Actor | None, status: str = "") -> QuerySet[Item]:
    qs = (
        Item.objects.filter(permissions.items_q(actor))
        .select_related("akimat__territory", "category")
        .defer(*heavy_fields("akimat__territory"))
    )
    if status in Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("-updated_at", "-pk")


def staff_item(actor: Actor | None, pk: int) -> Item:
    """An item the actor reads (drafts included); out of scope reads as not found."""
    item = (
        Item.objects.filter(permissions.items_q(actor), pk=pk)
        .select_related("akimat__territory", "category")
        .defer(*heavy_fields("akimat__territory"))
        .prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("pk")), "links")
        .first()
    )
    if item is None:
        raise Http404
    return item


def staff_link(item: Item, pk: int) -> Link:
    link = Link.objects.filter(item=item, pk=pk).first()
    if link is None:
        raise Http404
    return link


def staff_photo(item: Item, pk: int) -> Photo:
    photo = Photo.objects.filter(item=item, pk=pk).first()
    if photo is None:
        raise Http404
    return photo
