"""Blocks of HTML that an app above adds to a page of an app below: "page extras".

A page of a lower app (a budget project, a meeting, an instruction, a problem report, a news item)
shows what an app above it keeps about the record (the residents' comments, openakimat/feedback)
without importing it: the app above registers a provider for the page's topic in its
`AppConfig.ready`, and the page's template asks for whatever is registered with
``{% load page_extras %}{% page_extras "budget.project" project %}``. With nothing registered the
page shows nothing more. `common.publish` does the same for figures (a dict); this is for HTML.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

Provider = Callable[[HttpRequest | None, Any], str]
_providers: dict[str, list[Provider]] = {}


def register(topic: str, provider: Provider) -> None:
    """Declare that `provider(request, obj)` returns an HTML block for pages about `topic` (e.g.
    "budget.project"). The block must be safe (rendered by a template, or escaped); anything not
    marked safe is escaped. Registering the same provider twice keeps one."""
    found = _providers.setdefault(topic, [])
    if provider not in found:
        found.append(provider)


def unregister(topic: str, provider: Provider) -> None:
    if provider in _providers.get(topic, []):
        _providers[topic].remove(provider)


def topics() -> list[str]:
    return sorted(t for t, found in _providers.items() if found)


def collect(topic: str, request: HttpRequest | None, obj: Any) -> SafeString:
    """The blocks every registered provider adds to the page about `obj`, one after another."""
    return mark_safe("".join(str(conditional_escape(provider(request, obj))) for provider in _providers.get(topic, ())))  # noqa: S308
