"""Concurrent writers must queue on the chain head, never fork the chain."""

import threading

import pytest
from django.db import connection, connections

from openakimat.common.actor import SystemActor
from openakimat.integrity.models import AuditEntry
from openakimat.integrity.services import audit_record, audit_verify


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_writers_append_one_unbroken_chain():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers by locking the whole file")
    writers, per_writer = 6, 15
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(per_writer):
                audit_record(actor=SystemActor(f"w{n}"), action="test.parallel", object_type="x", object_id=f"{n}-{i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    sequences = list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, writers * per_writer + 1))
    assert audit_verify() is None
