"""RSS 2.0 and Atom feeds of new problem reports: of everywhere, of an area (an akimat's territory
or a village, by KATO code, with its subtree), optionally of one category (`?category=<id>`).
Public fields only; each item links to the report's public page."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from openakimat.common.bounds import bounded_int
from openakimat.territory.models import Territory

from . import selectors
from .links import report_links
from .models import Category, Report

ITEMS = 50


class ReportsRss(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, kato: str | None = None) -> dict[str, Any]:
        territory = get_object_or_404(Territory, kato=kato) if kato else None
        category = None
        raw = request.GET.get("category", "")
        if raw:
            pk = bounded_int(raw)
            category = Category.objects.filter(pk=pk, is_active=True).first() if pk else None
            if category is None:
                raise Http404
        return {"territory": territory, "category": category}

    def title(self, obj: dict[str, Any]) -> str:
        parts = [_("Problem reports")]
        if obj["territory"] is not None:
            parts.append(obj["territory"].name)
        if obj["category"] is not None:
            parts.append(obj["category"].name)
        return " — ".join(parts)

    def link(self, obj: dict[str, Any]) -> str:
        url = reverse("problem_map:list")
        query = []
        if obj["territory"] is not None:
            query.append(f"village={obj['territory'].kato}")
        if obj["category"] is not None:
            query.append(f"category={obj['category'].pk}")
        return f"{url}?{'&'.join(query)}" if query else url

    def description(self, obj: dict[str, Any]) -> str:
        return _("New problem reports and their status, as published on the site.")

    def items(self, obj: dict[str, Any]) -> list[Report]:
        filters = selectors.Filters(territory=obj["territory"], category=obj["category"])
        items = selectors.feed_reports(filters, ITEMS)
        link = report_links()
        for item in items:
            item.public_url = link(item.pk)  # type: ignore[attr-defined]
        return items

    def item_title(self, item: Report) -> str:
        where = item.territory.name if item.territory_id else item.address
        label = f"#{item.pk} {item.category.name}"
        return f"{label} — {where} ({item.get_status_display()})" if where else f"{label} ({item.get_status_display()})"

    def item_description(self, item: Report) -> str:
        text = item.description
        if item.public_note:
            text += "\n\n" + item.public_note
        return text

    def item_link(self, item: Report) -> str:
        return item.public_url  # type: ignore[attr-defined]

    def item_guid(self, item: Report) -> str:
        return f"urn:openakimat:problem-report:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Report) -> Any:
        return item.created_at

    def item_updateddate(self, item: Report) -> Any:
        return item.status_changed_at

    def item_categories(self, item: Report) -> list[str]:
        return [item.category.name]


class ReportsAtom(ReportsRss):
    feed_type = Atom1Feed

    def subtitle(self, obj: dict[str, Any]) -> str:
        return self.description(obj)
