"""``{% page_extras "topic" obj %}``: the HTML blocks apps above add to this page (common/extras.py)."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from openakimat.common import extras

register = template.Library()


@register.simple_tag(takes_context=True)
def page_extras(context: dict[str, Any], topic: str, obj: Any) -> SafeString:
    return extras.collect(topic, context.get("request"), obj)
