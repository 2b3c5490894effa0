"""The published news as JSON: the list with the public page's filters, one page at a time, and
one item with its texts, photos and links. Read-only, published items only, nothing personal."""

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from openakimat.common.schemas import ErrorOut
from openakimat.territory.models import heavy_fields
from openakimat.territory.selectors import akimat_by_kato

from . import selectors
from .models import LANGUAGES, Category, Item
from .schemas import NewsItemDetail, NewsItemPage

router = Router(tags=["news"])


class NewsFilters(Schema):
    akimat: str | None = Field(None, pattern=r"^[0-9]{9}$", description="KATO code of an akimat.")
    kind: str | None = Field(None, pattern=r"^(news|announcement)$")
    category: str | None = Field(None, max_length=40, pattern=r"^[-a-zA-Z0-9_]+$", description="A category's slug.")
    page: int = Field(1, ge=1, le=selectors.MAX_PAGE)


def _texts(item: Any, field: str) -> dict[str, str | None]:
    return {code: (getattr(item, f"{field}_{code}") or None) if item.has_language(code) else None for code in LANGUAGES}


def _names(obj: Any) -> dict[str, str]:
    return {code: getattr(obj, f"name_{code}") for code in LANGUAGES}


def _out(item: Item) -> dict[str, Any]:
    category = item.category
    return {
        "id": item.pk,
        "kind": item.kind,
        "akimat": {"kato": item.akimat.territory.kato, "name": _names(item.akimat)},
        "category": {"slug": category.slug, "name": _names(category)} if category else None,
        "languages": item.languages,
        "title": _texts(item, "title"),
        "lead": _texts(item, "lead"),
        "pinned": item.pinned,
        "published_at": item.published_at,
        "url": reverse("news:item", args=[item.akimat.territory.kato, item.pk]),
    }


@router.get("/news", response={200: NewsItemPage, 404: ErrorOut}, summary="The published news and announcements")
def list_news(request: HttpRequest, filters: Query[NewsFilters]):
    """Pinned first, then newest first. An unknown `akimat` or `category` is a 404."""
    akimat = akimat_by_kato(filters.akimat) if filters.akimat else None
    category = None
    if filters.category:
        category = Category.objects.filter(slug=filters.category).first()
        if category is None:
            raise Http404(_("No such category."))
    wanted = selectors.Filters(akimat=akimat, kind=filters.kind or "", category=category)
    page = selectors.page_of(selectors.public_items(wanted), filters.page)
    return {
        "items": [_out(row) for row in page.rows],
        "page": page.number,
        "next_page": page.number + 1 if page.has_next else None,
    }


@router.get("/news/{item_id}", response=NewsItemDetail, summary="One published news item or announcement")
def get_news_item(request: HttpRequest, item_id: int):
    if not 1 <= item_id <= 2**62:
        raise Http404(_("No such news item."))
    item = (
        Item.objects.filter(pk=item_id, status="published", published_at__isnull=False)
        .select_related("akimat__territory", "category")
        .defer(*heavy_fields("akimat__territory"))
        .prefetch_related("photos", "links")
        .first()
    )
    if item is None:
        raise Http404(_("No such news item."))
    return {
        **_out(item),
        "body": _texts(item, "body"),
        "photos": [
            {"url": p.file.url, "width": p.width, "height": p.height, "alt": _texts_of_photo(item, p)}
            for p in item.photos.all()
        ],
        "links": [{"kind": r.kind.name, "title": r.title, "url": r.url} for r in selectors.item_links(item)],
    }


def _texts_of_photo(item: Item, photo: Any) -> dict[str, str | None]:
    return {code: (photo.alt(code) or None) if item.has_language(code) else None for code in LANGUAGES}
