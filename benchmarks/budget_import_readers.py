"""Public reads of the budget API while a budget import runs, on SQLite (the default database).

In a fresh process on a throw-away SQLite file: loads a budget of N lines (the CSV template, as
benchmarks/budget_import_memory.py generates it), then imports the same file again — replacing the
budget, as a new version of a file does — while reader threads (real threads, each with its own
connection, as a threaded server has) ask the public drill-down API for the territory in a loop.
A writer thread updates the territory meanwhile, as staff would. Reports how many reads and writes
were done during the import and how many failed (an error status or an exception such as "database
is locked").

    .venv/bin/python benchmarks/budget_import_readers.py --lines 200000 --readers 4

BENCH_JOURNAL=delete runs it with SQLite's rollback journal instead of the write-ahead log, to see
what readers would suffer without it.

The test openakimat/budget/tests/test_import_readers.py runs it small.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from budget_import_memory import CODES, KATO, generate_lines  # noqa: E402


def child(path: str, readers: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    journal = os.environ.get("BENCH_JOURNAL")  # e.g. "delete": what SQLite does without the write-ahead log
    if journal:
        settings.DATABASES["default"]["OPTIONS"]["init_command"] = f"PRAGMA journal_mode={journal};"
    # How long a reader waits for a lock (the settings: 20 s); the test makes it short, so that a
    # reader blocked by the import fails within the test's small import instead of waiting it out.
    if os.environ.get("BENCH_BUSY_TIMEOUT"):
        settings.DATABASES["default"]["OPTIONS"]["timeout"] = float(os.environ["BENCH_BUSY_TIMEOUT"])
    from django.core.management import call_command
    from django.db import connection, connections
    from django.db.models import F
    from django.test import Client

    call_command("migrate", verbosity=0, interactive=False)
    from openakimat.budget.importers import Limits, import_budget
    from openakimat.budget.services import classification_load
    from openakimat.common.actor import SystemActor
    from openakimat.territory.models import Territory, TerritoryLevel
    from openakimat.territory.services import territory_save

    assert connection.vendor == "sqlite", "this measures SQLite"
    actor = SystemActor("benchmark")
    rows = [("07", "ТКШ", "ЖКХ", "Housing"), ("07.3", "Абаттандыру", "Благоустройство", "Improvement")]
    rows.append(("07.3.123", "Әкім аппараты", "Аппарат акима", "Akim's office"))
    rows += [(code, code, code, code) for code in CODES]
    classification_load(actor=actor, rows=rows)
    territory_save(
        Territory(kato=KATO, level=TerritoryLevel.DISTRICT, name_kk="Ақжар", name_ru="Акжар", name_en="Akzhar")
    )
    big = 1 << 40
    limits = Limits(big, big, big, big, big)
    first = import_budget(Path(path), actor=actor, source_name="readers.csv", format="csv", limits=limits)
    connections.close_all()

    stop = threading.Event()
    importing = threading.Event()
    lock = threading.Lock()
    counts = {"requests": 0, "during_import": 0, "errors": 0, "writes": 0, "writes_during_import": 0, "write_errors": 0}
    errors: list[str] = []

    def read() -> None:
        client = Client(HTTP_HOST="localhost")
        try:
            while not stop.is_set():
                during = importing.is_set()
                try:
                    response = client.get(f"/api/v1/budget/territories/{KATO}?year=2026")
                    failure = (
                        None
                        if response.status_code == 200
                        else f"HTTP {response.status_code}: {response.content[:200]!r}"
                    )
                except Exception as exc:  # what a server would answer with a 500
                    failure = f"{type(exc).__name__}: {exc}"
                    if os.environ.get("BENCH_TRACE"):
                        import traceback

                        traceback.print_exc()
                with lock:
                    counts["requests"] += 1
                    counts["during_import"] += during and importing.is_set()
                    if failure:
                        counts["errors"] += 1
                        if len(errors) < 5:
                            errors.append(failure)
        finally:
            connections.close_all()

    def write() -> None:
        """Another writer (staff editing a territory) beside the import."""
        try:
            while not stop.is_set():
                during = importing.is_set()
                try:
                    Territory.objects.filter(kato=KATO).update(population=F("population") + 1)
                    failure = None
                except Exception as exc:
                    failure = f"write: {type(exc).__name__}: {exc}"
                with lock:
                    counts["writes"] += 1
                    counts["writes_during_import"] += during and importing.is_set()
                    if failure:
                        counts["write_errors"] += 1
                        if len(errors) < 5:
                            errors.append(failure)
                time.sleep(0.05)
        finally:
            connections.close_all()

    Territory.objects.filter(kato=KATO).update(population=0)
    threads = [threading.Thread(target=read) for _ in range(readers)]
    threads.append(threading.Thread(target=write))
    for thread in threads:
        thread.start()
    while counts["requests"] < readers:  # every reader is answering before the import starts
        time.sleep(0.01)
    importing.set()
    started = time.perf_counter()
    second = import_budget(Path(path), actor=actor, source_name="readers.csv", format="csv", limits=limits)
    seconds = time.perf_counter() - started
    importing.clear()
    # Reads go on a little after the import so that a reader stuck behind it is counted.
    stop.wait(0.5)
    stop.set()
    for thread in threads:
        thread.join()
    return {
        "lines": second.lines,
        "first_lines": first.lines,
        "import_seconds": round(seconds, 2),
        "readers": readers,
        "requests": counts["requests"],
        "requests_during_import": counts["during_import"],
        "errors": counts["errors"],
        "writes": counts["writes"],
        "writes_during_import": counts["writes_during_import"],
        "write_errors": counts["write_errors"],
        "first_errors": errors,
    }


def run(lines: int, readers: int, workdir: Path, **env_extra: str) -> dict:
    """Generate the file and measure in a fresh process on a SQLite file in `workdir`."""
    path = workdir / "readers.csv"
    generate_lines(path, lines)
    env = {**os.environ, **env_extra, "DATABASE_URL": f"sqlite:///{workdir}/readers.sqlite3"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path), "--readers", str(readers)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.readers)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run(args.lines, args.readers, Path(tmp)), indent=2))


if __name__ == "__main__":
    main()
