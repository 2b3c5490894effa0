"""What each app publishes, declared in one place per app and collected here.

An app lower in the layers shows figures that an app above it computes — the register's service
page shows how many applied and how many were decided on time — without importing it: the app above
registers a provider in its `AppConfig.ready`, and the page below asks for whatever is registered.
The accountability dashboard and open-data exports collect what apps publish the same way.
"""

from collections.abc import Callable
from typing import Any

Provider = Callable[[Any], dict[str, Any]]
_providers: dict[str, list[Provider]] = {}


def register(topic: str, provider: Provider) -> None:
    """Declare that `provider(obj)` adds figures to pages about `topic` (e.g. "catalogue.service").
    Registering the same provider twice (a reloaded app) keeps one."""
    found = _providers.setdefault(topic, [])
    if provider not in found:
        found.append(provider)


def collect(topic: str, obj: Any) -> dict[str, Any]:
    """The figures every registered provider publishes about `obj`, merged."""
    figures: dict[str, Any] = {}
    for provider in _providers.get(topic, ()):
        figures.update(provider(obj))
    return figures
