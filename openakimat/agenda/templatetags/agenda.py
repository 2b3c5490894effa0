"""The calendar's small template helpers."""

from django import template

from openakimat.agenda import sources

register = template.Library()


@register.filter
def kind_label(name: str) -> str:
    """The translated label of a kind of event ("reception" → "Open reception")."""
    kind = sources.kind(name)
    return str(kind.label) if kind else name


@register.filter
def item(mapping: dict, key):
    return mapping.get(key, "") if mapping else ""
