"""The data generations: tokens that change whenever public data is written.

Answers made from public data (whole pages in openakimat/web/pagecache.py, the budget API's JSON in
openakimat/budget/answers.py) are kept in the shared cache with the generation current when they
were made, and one of an older generation is never served. The generation changes whenever the
database is written to in a table of its realm's apps (``PAGE_CACHE_REALMS``: the reference data —
territories and akimats, the register of services, budgets — and the problem register's work, which
changes far more often and so has a generation of its own, so that a new problem report does not
make the budget pages stale): a database execute wrapper (``install_watch``, installed on every connection by
WebConfig.ready) watches the SQL itself, so bulk imports, ``QuerySet.update()``, deletes, COPY and
raw SQL count as much as ``save()``, with no signal to forget. It changes at the write (so an answer
made meanwhile is never stored as current) and again at the commit.

An answer records the generations of the realms it was made from (a page of the problem register
reads territories too) and is served only while each is current. Each process keeps the generations
it last read for ``PAGE_CACHE_GENERATION_SECONDS``: a write in
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

GENERATION_KEY = "pagecache:generation"  # the key of the default realm's generation
DEFAULT_REALM = "reference"

# realm → (generation, when this process read or made it)
_local_generations: dict[str, tuple[str, float]] = {}


def realms() -> list[str]:
    return list(settings.PAGE_CACHE_REALMS)


def generation_key(realm: str) -> str:
    return GENERATION_KEY if realm == DEFAULT_REALM else f"{GENERATION_KEY}:{realm}"


def bump_generation(*names: str) -> None:
    """Make every stored answer made from the realms `names` stale (from every realm without)."""
    targets = names or tuple(realms())
    now = time.monotonic()
    fresh = {realm: uuid.uuid4().hex for realm in targets}
    for realm, generation in fresh.items():
        _local_generations[realm] = (generation, now)
    try:
        cache.set_many({generation_key(realm): generation for realm, generation in fresh.items()}, timeout=None)
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


def current_generations() -> dict[str, str]:
    """The generation of every realm, as answers must carry them to be served (read from the shared
    cache at most once per PAGE_CACHE_GENERATION_SECONDS in each process, all realms in one round
    trip). Raises CACHE_ERRORS when the cache is away."""
    now = time.monotonic()
    names = realms()
    known = {realm: _local_generations.get(realm) for realm in names}
    stale = [r for r, k in known.items() if k is None or now - k[1] >= settings.PAGE_CACHE_GENERATION_SECONDS]
    if stale:
        found = cache.get_many([generation_key(r) for r in stale])
        for realm in stale:
            generation = found.get(generation_key(realm))
            if generation is None:
                cache.add(generation_key(realm), uuid.uuid4().hex, timeout=None)
                generation = cache.get(generation_key(realm))
            _local_generations[realm] = (str(generation), now)
    return {realm: _local_generations[realm][0] for realm in names}


def current_generation(realm: str = DEFAULT_REALM) -> str:
    """The generation of one realm (see `current_generations`)."""
    return current_generations()[realm]


# The database side: which writes change public data.

_public_tables: dict[str, re.Pattern[str]] | None = None
_READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET ", "SHOW", "PRAGMA", "EXPLAIN")
_WRITE_WORD = re.compile(r"\b(insert|update|delete|truncate|copy)\b", re.IGNORECASE)


def public_tables() -> dict[str, re.Pattern[str]]:
    """Per realm, a pattern matching the name of any table of its apps (many-to-many tables too)."""
    global _public_tables
    if _public_tables is None:
        patterns = {}
        for realm, labels in settings.PAGE_CACHE_REALMS.items():
            names = sorted(
                {
                    model._meta.db_table.lower()
                    for label in labels
                    for model in apps.get_app_config(label).get_models(include_auto_created=True)
                },
                key=len,
                reverse=True,
            )
            patterns[realm] = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)
        _public_tables = patterns
    return _public_tables


def written_realms(sql: object) -> tuple[str, ...]:
    """The realms whose tables the statement `sql` writes to (none for a read)."""
    text = sql if isinstance(sql, str) else str(sql)
    head = text.lstrip()[:10].upper()
    if head.startswith(_READS):
        return ()
    if head.startswith("WITH") and not _WRITE_WORD.search(text):
        return ()  # a read with a common table expression
    return tuple(realm for realm, pattern in public_tables().items() if pattern.search(text))


def writes_public_data(sql: object) -> bool:
    return bool(written_realms(sql))


def watch_public_writes(
    execute: Callable[..., Any], sql: object, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """A database execute wrapper (installed on every connection by WebConfig.ready)."""
    result = execute(sql, params, many, context)
    written = written_realms(sql)
    if written:
        bump_generation(*written)
        connection = context["connection"]
        if connection.in_atomic_block:
            transaction.on_commit(lambda: bump_generation(*written), using=connection.alias)
    return result


def install_watch(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Receiver of ``connection_created``: add the wrapper once per connection object."""
    if watch_public_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_public_writes)


# A page that changes at a known moment without a write (a meeting's "live now" badge) is kept by the
# page cache no longer than until then: the view says so on the response (an attribute, never a
# header, so that no cache outside the process takes it as leave to keep the page).
KEEP_ATTRIBUTE = "page_cache_seconds"


def keep_page_until(response: Any, seconds: int) -> Any:
    """Let the page cache keep `response` for `seconds` at most (0: not at all) rather than its
    view's PAGE_CACHE_VIEWS time; the lowest limit set stands."""
    current = getattr(response, KEEP_ATTRIBUTE, None)
    setattr(response, KEEP_ATTRIBUTE, max(0, seconds if current is None else min(current, seconds)))
    return response
