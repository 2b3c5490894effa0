"""Sealed audit writes per second with 8 concurrent writers on PostgreSQL.

    .venv/bin/python benchmarks/audit_bench.py [--writers 8] [--seconds 15] [--work-ms 2]
        [--url postgres://postgres@127.0.0.1:5432/openakimat_bench_audit]

Each writer is a process with its own connection that runs, for `--seconds`, small transactions
shaped like an audited staff write: `audit_record(...)`, then `--work-ms` of the write's remaining
statements inside the transaction (a `pg_sleep`, standing for the inserts and the notification
rows that follow the audit entry in the services), then the commit. What counts is entries that
are *sealed* — in the hash chain with their sequence and digest — so the time runs until the
last one is sealed. When the code seals after commit, one more process plays the Celery worker
that the writers' tasks would reach: it runs `audit_seal()` in a loop; the writers' own task
queueing goes to an in-memory broker that no one reads (it costs what queueing costs).

Prints entries, sealed entries per second, and p50/p99 of the writers' transaction time.
"""

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/openakimat_bench_audit"


def _setup(url: str) -> None:
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="audit-benchmark-only-0123456789abcdefghijklmnopqrstuvwxyz",  # noqa: S106 - a throwaway database
        DEBUG="false",
        CELERY_BROKER_URL="memory://",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()


def _seals_after_commit() -> bool:
    from openakimat.integrity import services

    return hasattr(services, "audit_seal")


Result = tuple[float, float, list[float]]


def writer(url: str, seconds: float, work_ms: float, number: int, results: "multiprocessing.Queue[Result]") -> None:
    _setup(url)
    from django.db import connection, transaction

    from openakimat.common.actor import SystemActor
    from openakimat.integrity.services import audit_record

    actor = SystemActor(f"bench-{number}")
    timings: list[float] = []
    connection.ensure_connection()
    first = time.time()  # wall clock: comparable across the processes
    stop = time.monotonic() + seconds
    n = 0
    while time.monotonic() < stop:
        started = time.perf_counter()
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="application.accept",
                object_type="applications.application",
                object_id=str(number * 1_000_000 + n),
                data={"number": f"AKZ-2026-{n:06d}", "from": "registered", "to": "in_progress"},
            )
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(%s)", [work_ms / 1000])
        timings.append(time.perf_counter() - started)
        n += 1
    last = time.time()
    connection.close()
    results.put((first, last, timings))


def sealer(url: str, stop: "multiprocessing.Event", sealed_at: "multiprocessing.Value") -> None:  # type: ignore[valid-type]
    _setup(url)
    from openakimat.integrity.services import audit_seal

    while not stop.is_set():  # type: ignore[attr-defined]
        if audit_seal():
            sealed_at.value = time.time()  # type: ignore[attr-defined]
        else:
            time.sleep(0.05)  # a worker idles until a task comes


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--work-ms", type=float, default=2.0)
    parser.add_argument("--url", default=os.environ.get("BENCH_AUDIT_URL", DEFAULT_URL))
    args = parser.parse_args()

    import psycopg

    admin, name = args.url.rsplit("/", 1)
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    _setup(args.url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    connection.close()
    after_commit = _seals_after_commit()

    ctx = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[Result] = ctx.Queue()
    stop = ctx.Event()
    sealed_at = ctx.Value("d", 0.0)
    helpers = [ctx.Process(target=sealer, args=(args.url, stop, sealed_at))] if after_commit else []
    writers = [
        ctx.Process(target=writer, args=(args.url, args.seconds, args.work_ms, i, results)) for i in range(args.writers)
    ]
    for p in helpers:
        p.start()
    for p in writers:
        p.start()
    runs = [results.get() for _ in writers]
    for p in writers:
        p.join()
    started = min(first for first, _, _ in runs)
    timings = [t for _, _, ts in runs for t in ts]
    from openakimat.integrity.models import AuditEntry

    total = AuditEntry.objects.count()
    while AuditEntry.objects.filter(sequence__isnull=True).exists():
        time.sleep(0.02)
    # From the first write to the last entry sealed (for the old design: the last commit).
    elapsed = max(sealed_at.value, max(last for _, last, _ in runs)) - started
    stop.set()
    for p in helpers:
        p.join()
    from openakimat.integrity.services import audit_verify

    broken = audit_verify()
    design = "sealed after commit by a sealer" if after_commit else "chained under the head-row lock in each write"
    print(f"{args.writers} writers, {args.seconds:.0f} s, {args.work_ms} ms of work after the audit entry; {design}")
    print(f"entries {total}, all sealed after {elapsed:.1f} s: {total / elapsed:,.0f} sealed writes/s")
    print(f"transaction p50 {percentile(timings, 50) * 1000:.1f} ms, p99 {percentile(timings, 99) * 1000:.1f} ms")
    print(f"chain verified: {'intact' if broken is None else f'BROKEN at {broken}'}; load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
