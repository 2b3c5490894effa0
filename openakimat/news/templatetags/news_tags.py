"""`{% pinned_news %}`: the pinned announcements on the home page of the site or of an akimat, a
block that pages of other apps include without knowing the news app's models."""

from typing import Any

from django import template
from django.utils.translation import get_language

from .. import selectors

register = template.Library()


@register.inclusion_tag("news/_pinned.html")
def pinned_news(akimat: Any = None) -> dict[str, Any]:
    lang = (get_language() or "kk").split("-")[0]
    items = selectors.pinned(akimat)
    for item in items:
        item.shown_lang = lang if item.has_language(lang) else (item.languages or [lang])[0]
        item.shown_title = item.text("title", item.shown_lang)
    return {"pinned_news": items, "akimat": akimat}
