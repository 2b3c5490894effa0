"""The audit log: every staff or system action, chained by hashes so that no past entry can be
edited or removed unnoticed.

Writing and chaining are two steps. `audit_record` writes the entry unsealed in the writer's own
transaction: it takes no lock, so audited writes all over a deployment never queue on one row.
After the commit a task runs `audit_seal`, which alone holds the chain's head: it gives the
committed entries their places in order, each digest covering the one before. An entry of a
transaction that rolls back is never written, so never sealed. The periodic sweep (and
`manage.py seal_audit`) seals whatever a lost task left.
"""

import contextlib
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from celery import current_app
from django.core.cache import cache
from django.db import connection, models, transaction
from django.utils import timezone

from openakimat.common.actor import Actor, actor_label, actor_user
from openakimat.common.cache import CACHE_ERRORS
from openakimat.common.tasks import enqueue

from .models import AuditEntry, AuditHead

logger = logging.getLogger("openakimat.integrity")

GENESIS = "0" * 64
SEAL_BATCH = 1000


def _digest(previous: str, payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256((previous + canonical).encode()).hexdigest()


# The fields an entry's digest covers, besides its place in the chain.
_SEALED_FIELDS = ("at", "actor_label", "action", "object_type", "object_id", "akimat_id", "data")


def _payload_of(sequence: int, at: Any, actor: str, action: str, kind: str, key: str, akimat: Any, data: Any) -> dict:
    return {
        "sequence": sequence,
        "at": at.isoformat(),
        "actor": actor,
        "action": action,
        "object_type": kind,
        "object_id": key,
        "akimat": akimat,
        "data": data,
    }


def _payload(entry: AuditEntry) -> dict[str, Any]:
    return _payload_of(entry.sequence or 0, *(getattr(entry, name) for name in _SEALED_FIELDS))


# Set while a seal is queued and not yet started: a burst of writes queues one sealer, not one per
# write. The sealer clears it before it reads, so an entry committed after that read queues the next.
SEAL_QUEUED = "integrity:seal-queued"


def _sealing_queued() -> bool:
    """Whether this transaction already asked for a seal: a transaction that writes many entries
    asks once. (Django keeps the callbacks of the open transaction in `run_on_commit`.)"""
    return any(callback is _queue_seal for _, callback, *_ in connection.run_on_commit)


# With a broker, a process that has just asked for a seal doesn't ask the cache again for this
# long: under load that saves a cache round trip per audited write. The sealer itself comes back
# once more while it finds work (`queue_seal(again=True)`), so nothing waits for the sweep.
ASK_AGAIN_AFTER = 0.25
_asked_at = 0.0


def queue_seal(*, again: bool = False) -> None:
    """Ask for a sealer unless one is queued already; `again`: from a sealer that found work, in
    a second."""
    global _asked_at
    from .tasks import seal_audit

    eager = bool(current_app.conf.task_always_eager)
    now = time.monotonic()
    if not (eager or again) and now - _asked_at < ASK_AGAIN_AFTER:
        return
    _asked_at = now
    try:
        first = cache.add(SEAL_QUEUED, True, timeout=300)  # expires, so a lost task can't stop sealing for long
    except CACHE_ERRORS:
        # Without the cache, ask anyway: a sealer too many finds nothing to do, and the request that
        # wrote the entry has committed and must not fail now.
        logger.warning("the cache is not answering: a sealer is queued without the flag")
        first = True
    if first:
        if again and not eager:
            enqueue(seal_audit.s().set(countdown=1))
        else:
            enqueue(seal_audit)


def _queue_seal() -> None:
    queue_seal()


_INSERTED = ("at", "actor", "actor_label", "action", "object_type", "object_id", "akimat", "data", "previous_digest")


_insert_sql: dict[str, str] = {}  # per database vendor, built on first use


def _insert(entry: AuditEntry) -> None:
    """One prepared INSERT … RETURNING id: every audited write in the deployment passes here, and
    the ORM's insert compiler cost more CPU than the statement (benchmarks/RESULTS.md, "Audit")."""
    fields = [f for f in AuditEntry._meta.concrete_fields if f.name in _INSERTED]
    db = connection  # the proxy, read once
    sql = _insert_sql.get(db.vendor)
    if sql is None:
        columns = ", ".join(db.ops.quote_name(f.column) for f in fields)
        sql = _insert_sql[db.vendor] = (
            f"INSERT INTO {db.ops.quote_name(AuditEntry._meta.db_table)} ({columns}) "  # noqa: S608 - the model's names
            f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING id"
        )
    params = [f.get_db_prep_save(getattr(entry, f.attname), db) for f in fields]
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        (entry.pk,) = cursor.fetchone()
    entry._state.adding, entry._state.db = False, db.alias


def audit_record(
    *,
    actor: Actor | str | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    akimat: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write an entry of the audit log, unsealed, in the transaction of the change it records
    (call it inside that transaction); it is sealed into the chain after the commit."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    entry = AuditEntry(
        at=timezone.now(),
        actor=actor_user(actor),
        actor_label=actor_label(actor) if actor is not None else "anonymous",
        action=action,
        object_type=object_type,
        object_id=object_id,
        akimat_id=akimat.pk if akimat is not None else None,
        # What changed, as JSON would keep it (dates as text), never personal data.
        data=json.loads(json.dumps(data or {}, default=str)),
    )
    _insert(entry)
    if not _sealing_queued():
        transaction.on_commit(_queue_seal)  # at once outside a transaction
    return entry


def _write_seals(rows: list[tuple[int, int, str, str]]) -> None:
    """One UPDATE for the batch of (id, sequence, previous digest, digest), joined to its values
    (Django's bulk_update builds a CASE per column, which the database evaluates row by row against
    every branch). PostgreSQL takes the four columns as four arrays."""
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    assign = "sequence = s.sequence, previous_digest = s.previous_digest, digest = s.digest"
    if connection.vendor == "postgresql":
        source = (
            "unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[]) AS s (id, sequence, previous_digest, digest)"
        )
        params: list[Any] = [list(column) for column in zip(*rows, strict=True)]
        sql = f"UPDATE {table} SET {assign} FROM {source} WHERE {table}.id = s.id"  # noqa: S608 - values are bound
    else:
        values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
        params = [value for row in rows for value in row]
        sql = (
            f"WITH s (id, sequence, previous_digest, digest) AS (VALUES {values}) "  # noqa: S608 - values are bound
            f"UPDATE {table} SET {assign} FROM s WHERE {table}.id = s.id"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def audit_seal(*, batch: int = SEAL_BATCH) -> int:
    """Seal every committed entry that is not yet in the chain, oldest first; returns how many.

    One sealer at a time holds the head row; another one waiting for it finds the work done."""
    with contextlib.suppress(*CACHE_ERRORS):  # the flag only saves queueing; the seal goes on without it
        cache.delete(SEAL_QUEUED)
    sealed = 0
    while True:
        with transaction.atomic():
            head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
            waiting = list(
                AuditEntry.objects.filter(sequence__isnull=True)
                .order_by("id")
                .values_list("id", *_SEALED_FIELDS)[:batch]
            )
            if not waiting:
                return sealed
            previous, sequence = head.digest, head.sequence
            rows = []
            for pk, *fields in waiting:
                sequence += 1
                digest = _digest(previous, _payload_of(sequence, *fields))
                rows.append((pk, sequence, previous, digest))
                previous = digest
            _write_seals(rows)
            head.sequence, head.digest = sequence, previous
            head.save(update_fields=["sequence", "digest"])
            sealed += len(rows)
        if len(rows) < batch:
            return sealed


@dataclass(frozen=True)
class Verification:
    broken_at: int | None  # the sequence of the first entry that does not match, or None
    unsealed: int  # entries not in the chain yet
    stale_unsealed: int  # of those, older than the threshold: a sealer has stopped


def audit_verify() -> int | None:
    """Walk the chain; return the sequence of the first broken entry, or None if it is intact.

    The head row remembers the last digest, so removing the newest entries is caught too: the
    chain then ends before the head, and the first missing sequence is returned."""
    previous, last = GENESIS, 0
    chain = AuditEntry.objects.filter(sequence__isnull=False).order_by("sequence")
    for entry in chain.iterator(chunk_size=2000):
        if (
            entry.sequence != last + 1
            or entry.previous_digest != previous
            or entry.digest != _digest(previous, _payload(entry))
        ):
            return entry.sequence
        previous, last = entry.digest, entry.sequence
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.sequence, head.digest) != (last, previous):
        return last + 1
    return None


def audit_check(*, stale_after: timedelta = timedelta(minutes=10)) -> Verification:
    """The chain verified, and what is waiting to be sealed."""
    unsealed = AuditEntry.objects.filter(sequence__isnull=True)
    return Verification(
        broken_at=audit_verify(),
        unsealed=unsealed.count(),
        stale_unsealed=unsealed.filter(at__lt=timezone.now() - stale_after).count(),
    )
