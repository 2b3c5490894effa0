"""A check that the calendar's cached pages follow every source's data: each registered source names
the page-cache realm its events change in, and the calendar's views must be made from it
(PAGE_CACHE_VIEW_REALMS), or a cached calendar would go on showing an event changed meanwhile."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from . import sources

VIEWS = ("agenda:index", "agenda:akimat", "agenda:feed", "agenda:kind-feed")


@register(Tags.caches)
def sources_realms(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    for source in sources.registered():
        for view in VIEWS:
            if view in settings.PAGE_CACHE_VIEWS and source.realm not in settings.PAGE_CACHE_VIEW_REALMS.get(view, ()):
                problems.append(
                    Error(
                        f"The calendar source {source.name!r} changes in the realm {source.realm!r}, which the "
                        f"cached view {view!r} is not made from.",
                        hint=f"Add {source.realm!r} to PAGE_CACHE_VIEW_REALMS[{view!r}] in config/settings.py.",
                        id="agenda.E001",
                    )
                )
    return problems
