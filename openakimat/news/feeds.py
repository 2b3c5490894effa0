"""RSS 2.0 and Atom feeds of the published news, of every akimat or of one, in the language of the
address (/kk/, /ru/, /en/): a feed lists only the items written in its language. Each entry links
to the item's page; its summary is the lead, or the beginning of the text."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openakimat.common import richtext
from openakimat.territory.selectors import akimat_by_kato

from . import selectors
from .models import Item

ITEMS = 50
SUMMARY = 500


class NewsRss(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, kato: str | None = None) -> dict[str, Any]:
        akimat = akimat_by_kato(kato) if kato else None
        return {"akimat": akimat, "lang": (get_language() or "kk").split("-")[0]}

    def title(self, obj: dict[str, Any]) -> str:
        if obj["akimat"] is None:
            return _("News of the akimats")
        return _("News of %(akimat)s") % {"akimat": obj["akimat"].name}

    def link(self, obj: dict[str, Any]) -> str:
        if obj["akimat"] is None:
            return reverse("news:list")
        return reverse("news:akimat", args=[obj["akimat"].territory.kato])

    def description(self, obj: dict[str, Any]) -> str:
        return _("News and announcements of the akimat, as published on the site.")

    def items(self, obj: dict[str, Any]) -> list[Item]:
        items = selectors.feed_items(obj["akimat"], obj["lang"], ITEMS)
        for item in items:
            item.feed_lang = obj["lang"]  # type: ignore[attr-defined]
        return items

    def item_title(self, item: Item) -> str:
        return item.text("title", item.feed_lang)  # type: ignore[attr-defined]

    def item_description(self, item: Item) -> str:
        lead = item.text("lead", item.feed_lang)  # type: ignore[attr-defined]
        if lead:
            return lead
        text = richtext.plain(item.text("body", item.feed_lang))  # type: ignore[attr-defined]
        return text if len(text) <= SUMMARY else text[: SUMMARY - 1].rstrip() + "…"

    def item_link(self, item: Item) -> str:
        return reverse("news:item", args=[item.akimat.territory.kato, item.pk])

    def item_guid(self, item: Item) -> str:
        return f"urn:openakimat:news:{item.pk}:{item.feed_lang}"  # type: ignore[attr-defined]

    item_guid_is_permalink = False

    def item_pubdate(self, item: Item) -> Any:
        return item.published_at

    def item_updateddate(self, item: Item) -> Any:
        return item.updated_at

    def item_categories(self, item: Item) -> list[str]:
        labels = [str(item.get_kind_display())]
        if item.category is not None:
            labels.append(item.category.name)
        return labels


class NewsAtom(NewsRss):
    feed_type = Atom1Feed

    def subtitle(self, obj: dict[str, Any]) -> str:
        return self.description(obj)
