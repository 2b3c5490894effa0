"""The data generation: one token that changes whenever public data is written.

Answers made from public data (whole pages in openakimat/web/pagecache.py, the budget API's JSON in
openakimat/budget/answers.py) are kept in the shared cache with the generation current when they
were made, and one of an older generation is never served. The generation changes whenever the
database is written to in a table of ``PAGE_CACHE_APPS`` (territories and akimats, the register,
budgets): a database execute wrapper (``install_watch``, installed on every connection by
WebConfig.ready) watches the SQL itself, so bulk imports, ``QuerySet.update()``, deletes, COPY and
raw SQL count as much as ``save()``, with no signal to forget. It changes at the write (so an answer
made meanwhile is never stored as current) and again at the commit.

Each process keeps the generation it last read for ``PAGE_CACHE_GENERATION_SECONDS``: a write in
this process changes it here at once; a write in another process reaches this one within that time.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver

from .cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"

_local_generation: tuple[str, float] | None = None


def bump_generation() -> None:
    """Make every stored answer stale."""
    global _local_generation
    generation = uuid.uuid4().hex
    _local_generation = (generation, time.monotonic())
    try:
        cache.set(GENERATION_KEY, generation, timeout=None)
    except CACHE_ERRORS:
        logger.warning("data generation: could not change the generation (cache unavailable)")


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    """An answer is made from the settings too (the map's tile server, the contact addresses):
    answers made under other settings are stale. Settings change only when a test overrides them."""
    global _public_tables
    _public_tables = None
    if kwargs.get("setting") == "CACHES":
        return  # a new cache holds no answers, and it may not even be reachable (the fault tests)
    bump_generation()


def current_generation() -> str:
    """The generation answers must carry to be served (read from the shared cache at most once per
    PAGE_CACHE_GENERATION_SECONDS in each process). Raises CACHE_ERRORS when the cache is away."""
    global _local_generation
    now = time.monotonic()
    known = _local_generation
    if known is not None and now - known[1] < settings.PAGE_CACHE_GENERATION_SECONDS:
        return known[0]
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    _local_generation = (str(generation), now)
    return str(generation)


# The database side: which writes change public data.

_public_tables: re.Pattern[str] | None = None
_READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET ", "SHOW", "PRAGMA", "EXPLAIN")
_WRITE_WORD = re.compile(r"\b(insert|update|delete|truncate|copy)\b", re.IGNORECASE)


def public_tables() -> re.Pattern[str]:
    """A pattern matching the name of any table of ``PAGE_CACHE_APPS`` (many-to-many tables too)."""
    global _public_tables
    if _public_tables is None:
        names = sorted(
            {
                model._meta.db_table.lower()
                for label in settings.PAGE_CACHE_APPS
                for model in apps.get_app_config(label).get_models(include_auto_created=True)
            },
            key=len,
            reverse=True,
        )
        _public_tables = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)
    return _public_tables


def writes_public_data(sql: object) -> bool:
    text = sql if isinstance(sql, str) else str(sql)
    head = text.lstrip()[:10].upper()
    if head.startswith(_READS):
        return False
    if head.startswith("WITH") and not _WRITE_WORD.search(text):
        return False  # a read with a common table expression
    return public_tables().search(text) is not None


def watch_public_writes(
    execute: Callable[..., Any], sql: object, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """A database execute wrapper (installed on every connection by WebConfig.ready)."""
    result = execute(sql, params, many, context)
    if writes_public_data(sql):
        bump_generation()
        connection = context["connection"]
        if connection.in_atomic_block:
            transaction.on_commit(bump_generation, using=connection.alias)
    return result


def install_watch(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Receiver of ``connection_created``: add the wrapper once per connection object."""
    if watch_public_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_public_writes)
