"""Panels a page of a lower app shows on behalf of apps above it, without importing them.

A page (the front office's tracking page, the queue ticket's page) names its place, e.g.
"applications.tracking", and asks `collect(place, request, obj)` for the panels; an app above
registers a provider for the place in its `AppConfig.ready`. A provider returns rendered HTML
(marked safe by the provider, which renders it from its own escaped template) or "" for nothing.
The counterpart of `common.publish`, which carries figures rather than HTML.
"""

from collections.abc import Callable
from typing import Any

Provider = Callable[[Any, Any], str]
_providers: dict[str, list[Provider]] = {}


def register(place: str, provider: Provider) -> None:
    """Declare that `provider(request, obj)` adds a panel to the page at `place`. Registering the
    same provider twice (a reloaded app) keeps one."""
    found = _providers.setdefault(place, [])
    if provider not in found:
        found.append(provider)


def collect(place: str, request: Any, obj: Any) -> list[str]:
    """The non-empty panels every registered provider gives for `obj`, in registration order."""
    return [html for provider in _providers.get(place, ()) if (html := provider(request, obj))]
