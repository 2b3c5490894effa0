"""What the display board shows, made once per change and kept in the cache under the board's
version (board.py): every screen polling the hall gets the same snapshot, and a screen that
already shows the current version is answered without touching the database at all.

A snapshot holds ticket numbers, desk numbers and times, never anything about a person."""

import contextlib
import time
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from openakimat.common.cache import CACHE_ERRORS

from . import board
from .models import Hall, Ticket, TicketStatus

RECENT = 6  # earlier calls shown under the current ones
SNAPSHOT_SECONDS = 3600
HALL_SECONDS = 3600
# Each process keeps what it last read from the cache for a moment: a version for a quarter of a
# second (a call reaches the screens at most that much later), the hall of a KATO code and the
# snapshots of recent versions for longer. So most polls touch neither the cache nor the database.
LOCAL_VERSION_SECONDS = 0.25
LOCAL_HALL_SECONDS = 300.0
LOCAL_SNAPSHOTS = 16
_versions: dict[int, tuple[int, float]] = {}
_halls: dict[str, tuple[int | None, float]] = {}
_snapshots: dict[tuple[int, int], dict[str, Any]] = {}


def forget_local() -> None:
    """Drop this process's copies (tests)."""
    _versions.clear()
    _halls.clear()
    _snapshots.clear()


def current_version(hall_id: int) -> int:
    """board.version(), read from the cache at most every LOCAL_VERSION_SECONDS in a process."""
    now = time.monotonic()
    known = _versions.get(hall_id)
    if known is not None and now - known[1] < LOCAL_VERSION_SECONDS:
        return known[0]
    version = board.version(hall_id)
    _versions[hall_id] = (version, now)
    return version


def hall_id_for(kato: str) -> int | None:
    """The hall of the akimat with this KATO code, by its pk, from the cache when there (None:
    no such hall)."""
    local = _halls.get(kato)
    if local is not None and local[1] > time.monotonic():
        return local[0]
    key = f"queueing:board:hall:{kato}"
    try:
        found = cache.get(key)
    except CACHE_ERRORS:
        found = None
    if found is not None:
        hall_id = int(found) or None
    else:
        hall_id = Hall.objects.filter(akimat__territory__kato=kato).values_list("pk", flat=True).first()
        with contextlib.suppress(*CACHE_ERRORS):
            cache.set(key, hall_id or 0, timeout=HALL_SECONDS)
    _halls[kato] = (hall_id, time.monotonic() + LOCAL_HALL_SECONDS)
    return hall_id


def _call(row: dict[str, Any]) -> dict[str, Any]:
    called_at = row["called_at"]
    return {
        "ticket": f"{row['letter']}{row['number']:03d}",
        "desk": row["desk__number"],
        "at": timezone.localtime(called_at).strftime("%H:%M"),
        # Changes on every call and recall of the ticket: what the screen chimes for.
        "key": f"{row['pk']}-{int(called_at.timestamp() * 1000)}",
    }


def build(hall_id: int, version: int) -> dict[str, Any]:
    """The board now: the tickets called to a desk and not yet come up (newest first) and the
    last few calls before them. Two queries."""
    day = timezone.localdate()
    fields = ("pk", "letter", "number", "desk__number", "called_at")
    base = Ticket.objects.filter(hall_id=hall_id, day=day, called_at__isnull=False, desk__isnull=False)
    calling = [_call(r) for r in base.filter(status=TicketStatus.CALLED).order_by("-called_at").values(*fields)]
    shown = {c["ticket"] for c in calling}
    recent = [
        _call(r) for r in base.exclude(status=TicketStatus.CALLED).order_by("-called_at").values(*fields)[: RECENT * 2]
    ]
    recent = [c for c in recent if c["ticket"] not in shown][:RECENT]
    return {"version": version, "calling": calling, "recent": recent}


def snapshot(hall_id: int, version: int | None = None) -> dict[str, Any]:
    """The snapshot of `version` (default: the current one): this process's copy, else the
    cache's, else made and kept in both. The version is read before the data, so a snapshot is
    never older than its version."""
    if version is None:
        version = board.version(hall_id)
    local = _snapshots.get((hall_id, version))
    if local is not None:
        return local
    made = _shared_snapshot(hall_id, version)
    if len(_snapshots) >= LOCAL_SNAPSHOTS:
        _snapshots.clear()
    _snapshots[(hall_id, version)] = made
    return made


def _shared_snapshot(hall_id: int, version: int) -> dict[str, Any]:
    key = f"queueing:board:snapshot:{hall_id}:{version}"
    try:
        found = cache.get(key)
    except CACHE_ERRORS:
        found = None
    if found is not None:
        return found
    made = build(hall_id, version)
    with contextlib.suppress(*CACHE_ERRORS):
        cache.set(key, made, timeout=SNAPSHOT_SECONDS)
    return made
