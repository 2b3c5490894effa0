"""Named locks held until the end of the current transaction, for work that two requests must not
do at the same time (the same submission retried while the first attempt is still running).

On PostgreSQL a lock is a transaction-level advisory lock on a 64-bit hash of its name: nothing is
written, a second holder waits in the database, and the lock goes with the transaction whatever
happens (commit, rollback, a dropped connection). On SQLite the IMMEDIATE transaction the caller
opened already holds the database's single write lock, which serialises writers the same way.
"""

import hashlib

from django.db import OperationalError, transaction

LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout ran out


class LockBusy(Exception):
    """Someone else held the lock for longer than the caller was willing to wait."""


def _key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def hold(name: str, *, wait: float) -> None:
    """Take the lock `name` until the current transaction ends, waiting at most `wait` seconds for
    whoever holds it; raise LockBusy past that (the transaction is then unusable: let it roll back).
    Call it inside `transaction.atomic()`."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("locks.hold() needs a transaction: call it inside transaction.atomic().")
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{max(1, int(wait * 1000))}ms"])
        try:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_key(name)])
        except OperationalError as exc:
            if getattr(exc.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
                raise LockBusy(name) from exc
            raise
        cursor.execute("SET LOCAL lock_timeout TO DEFAULT")
