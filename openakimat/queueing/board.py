"""The display board's change counter: every call, recall and redirect moves it after the commit,
and a board asks only "has it moved since the version I show?". It lives in the cache (Redis in
production), so a call never queues behind other writers on a shared row."""

from django.core.cache import cache
from django.db import transaction


def version_key(hall_id: int) -> str:
    return f"queueing:board:{hall_id}"


def version(hall_id: int) -> int:
    return int(cache.get(version_key(hall_id)) or 0)


def bump(hall_id: int) -> None:
    key = version_key(hall_id)
    try:
        cache.incr(key)
    except ValueError:  # not there yet (or evicted): start it past anything a board could hold
        if not cache.add(key, 1, timeout=None):
            cache.incr(key)


def bump_on_commit(hall_id: int) -> None:
    transaction.on_commit(lambda: bump(hall_id))
