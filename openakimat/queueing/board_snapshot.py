"""What the display board shows, made once per change and kept in the cache under the board's
version (board.py): every screen polling the hall gets the same snapshot, and a screen that
already shows the current version is answered without touching the database at all.

A snapshot holds ticket numbers, desk numbers and times, never anything about a person."""

import contextlib
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from openakimat.common.cache import CACHE_ERRORS

from . import board
from .models import Hall, Ticket, TicketStatus

RECENT = 6  # earlier calls shown under the current ones
SNAPSHOT_SECONDS = 3600
HALL_SECONDS = 3600


def hall_id_for(kato: str) -> int | None:
    """The hall of the akimat with this KATO code, by its pk, from the cache when there (None:
    no such hall)."""
    key = f"queueing:board:hall:{kato}"
    try:
        found = cache.get(key)
    except CACHE_ERRORS:
        found = None
    if found is not None:
        return int(found) or None
    hall_id = Hall.objects.filter(akimat__territory__kato=kato).values_list("pk", flat=True).first()
    with contextlib.suppress(*CACHE_ERRORS):
        cache.set(key, hall_id or 0, timeout=HALL_SECONDS)
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


def snapshot(hall_id: int) -> dict[str, Any]:
    """The current snapshot: from the cache under the current version, else made and kept there.
    The version is read before the data, so a snapshot is never older than its version."""
    version = board.version(hall_id)
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
