"""Concurrent writers never wait on each other for the chain, and concurrent sealers never fork it."""

import threading

import pytest
from django.db import connection, connections

from openakimat.common.actor import SystemActor
from openakimat.integrity.models import AuditEntry
from openakimat.integrity.services import audit_record, audit_seal, audit_verify

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers by locking the whole file")


def run_at_once(count, work):
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            barrier.wait()
            work(n)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_parallel_writers_and_their_sealers_make_one_unbroken_chain():
    """Each write seals after its commit (eagerly, in its own thread), so writers and sealers run
    side by side."""
    writers, per_writer = 6, 15

    def write(n: int) -> None:
        for i in range(per_writer):
            audit_record(actor=SystemActor(f"w{n}"), action="test.parallel", object_type="x", object_id=f"{n}-{i}")

    run_at_once(writers, write)
    audit_seal()
    sequences = list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, writers * per_writer + 1))
    assert audit_verify() is None


def test_two_sealers_at_once_do_not_fork_the_chain(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from config.celery import app

    app.conf.task_always_eager = False  # nothing seals on its own: the two sealers below do
    app.conf.broker_url = "memory://"
    app._after_fork()
    try:
        for n in range(300):
            audit_record(actor=SystemActor("w"), action="test.pending", object_type="x", object_id=str(n))
    finally:
        app.conf.task_always_eager = True
        app._after_fork()
    counts: list[int] = []
    run_at_once(2, lambda n: counts.append(audit_seal(batch=50)))
    assert sum(counts) == 300
    assert audit_verify() is None
    assert AuditEntry.objects.filter(sequence__isnull=True).count() == 0
