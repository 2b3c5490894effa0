"""Public reads during a budget import on SQLite, the default database: real reader threads ask
the drill-down API while the budget they read is replaced, in a fresh process on a SQLite file
(benchmarks/budget_import_readers.py, run small). None of their answers may fail: the import
writes beside the readers (write-ahead log) and they see the old budget until its one commit."""

import sys
from pathlib import Path

import pytest
from django.db import connection

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))

from budget_import_readers import run


@pytest.mark.skipif(connection.vendor != "sqlite", reason="measures SQLite; the suite's SQLite run has it")
def test_readers_of_the_public_api_and_a_writer_see_no_error_during_an_import(tmp_path):
    # A reader waits at most 1 s for a lock (the settings: 20 s), so one the import blocks fails here.
    found = run(lines=3000, readers=2, workdir=tmp_path, BENCH_BUSY_TIMEOUT="1")
    assert found["lines"] == found["first_lines"] == 3000
    assert found["requests_during_import"] > 0, found
    assert found["errors"] == 0, found["first_errors"]
    # Another writer isn't made to wait out the import either: the lines are staged outside the
    # database's lock and swapped in by one short transaction.
    assert found["writes_during_import"] > 0, found
    assert found["write_errors"] == 0, found["first_errors"]
