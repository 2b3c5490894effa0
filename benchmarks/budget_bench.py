"""Open-budget benchmarks at country size, on the database benchmarks/budget_data.py fills.

    .venv/bin/python benchmarks/budget_bench.py import [--dir DIR]     # manage.py import_budget per file
    .venv/bin/python benchmarks/budget_bench.py copy-floor [--dir DIR] # COPY alone, for comparison
    .venv/bin/python benchmarks/budget_bench.py drilldown [--runs N]   # the drill-down read

`import` runs ``manage.py import_budget`` on each generated CSV (one region, ~590,000 payments) and
reports payments per second of wall time, parse and validation included (aim: ≥ 100,000).

`drilldown` picks random synthetic territories at region, district and okrug level and times the
drill-down (aim: p95 < 30 ms): in-process through Django's test client with DEBUG off (server
time: routing, query, serialisation; no network), and over HTTP under gunicorn with 1 and 4
concurrent clients (wall time). It asks /api/v1/budget/territories/{kato}?year=&phase= when the
API answers, otherwise it times ``selectors.territory_view`` directly and says so.
"""

import argparse
import os
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from budget_data import DEFAULT_OUT, DEFAULT_URL, TERRITORIES, tree
from frontoffice_bench import PORT, Server, machine, percentile, server_env

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2026


def load_average() -> str:
    """The machine's load, printed around each measurement: the numbers mean little on a busy box."""
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} (1 min) {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def run_import(args: argparse.Namespace, url: str) -> None:
    files = sorted(args.dir.glob("budget-*.csv"))
    if not files:
        raise SystemExit(f"no budget-*.csv in {args.dir}: run benchmarks/budget_data.py first")
    env = server_env(url)
    total_payments = total_seconds = 0.0
    print(machine(), flush=True)
    for path in files:
        with open(path, encoding="utf-8") as f:
            payments = 12 * (sum(1 for _ in f) - 1)
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "manage.py", "import_budget", str(path)], cwd=ROOT, env=env, capture_output=True, text=True
        )
        seconds = time.perf_counter() - started
        if out.returncode:
            raise SystemExit(f"{path.name}: import failed\n{out.stdout}\n{out.stderr[-3000:]}")
        total_payments += payments
        total_seconds += seconds
        print(
            f"{path.name}: {payments:,} payments in {seconds:.1f} s = {payments / seconds:,.0f}/s "
            f"[{out.stdout.strip()}]",
            flush=True,
        )
    print(load_average(), flush=True)
    rate = total_payments / total_seconds
    print(
        f"TOTAL {total_payments:,.0f} payments in {total_seconds:.1f} s = {rate:,.0f} payments/s "
        f"(aim ≥ 100,000: {'met' if rate >= 100_000 else 'MISSED'})",
        flush=True,
    )


def run_copy_floor(args: argparse.Namespace, url: str) -> None:
    """What COPY alone gives on this machine: one file's payments (line, month, amount) streamed
    into a scratch copy of the payments table (same columns and indexes, no foreign key), in one
    transaction that is rolled back. The gap to `import` is the per-budget work around COPY."""
    import psycopg

    path = sorted(args.dir.glob("budget-*.csv"))[0]
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split(",") for line in f][1:]
    started = time.perf_counter()
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("CREATE TEMP TABLE floor_payment (LIKE budget_payment INCLUDING ALL) ON COMMIT DROP")
        with cur.copy("COPY floor_payment (line_id, month, amount) FROM STDIN") as copy:
            for n, row in enumerate(rows, start=1):
                for month, amount in enumerate(row[8:20], start=1):
                    copy.write_row((n, month, amount))
        conn.rollback()
    seconds = time.perf_counter() - started
    payments = 12 * len(rows)
    print(
        f"COPY floor ({path.name}): {payments:,} payments in {seconds:.1f} s = {payments / seconds:,.0f}/s", flush=True
    )


def sample(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """(level, kato) drawn evenly over the three levels."""
    rng = random.Random(seed)
    by_level: dict[str, list[str]] = {}
    for kato, level, _parent in tree():
        by_level.setdefault(level, []).append(kato)
    levels = sorted(by_level)
    return [(level, rng.choice(by_level[level])) for level in (levels[i % 3] for i in range(n))]


def summary(label: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"{label}: n={len(ms)} p50={percentile(ms, 50):.1f} ms p95={percentile(ms, 95):.1f} ms "
        f"p99={percentile(ms, 99):.1f} ms max={max(ms):.1f} ms"
    )


def api_path(kato: str, phase: str) -> str:
    return f"/api/v1/budget/territories/{kato}?year={YEAR}&phase={phase}"


def run_drilldown(args: argparse.Namespace, url: str) -> None:
    os.environ.update(server_env(url, CONN_MAX_AGE=str(args.conn_max_age)))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client

    from openakimat.budget.selectors import territory_view
    from openakimat.territory.models import Territory

    print(machine(), flush=True)
    print(load_average(), flush=True)
    picks = sample(args.runs)
    phases = ("approved", "adjusted", "contracted", "paid")
    client = Client()
    probe = client.get(api_path(picks[0][1], "paid"))
    api_ready = probe.status_code == 200
    print(
        f"API {api_path(picks[0][1], 'paid')}: HTTP {probe.status_code} -> "
        f"{'timing the API' if api_ready else 'NOT READY, timing selectors.territory_view'}",
        flush=True,
    )

    # Server time, in process.
    per_level: dict[str, list[float]] = {}
    timings: list[float] = []
    for i in range(20):  # warm-up
        client.get(api_path(picks[i][1], "paid")) if api_ready else None
    for i, (level, kato) in enumerate(picks):
        phase = phases[i % 4]
        started = time.perf_counter()
        if api_ready:
            response = client.get(api_path(kato, phase))
            assert response.status_code == 200, (kato, response.status_code)
        else:
            territory_view(Territory.objects.get(kato=kato), YEAR, phase)
        elapsed = time.perf_counter() - started
        timings.append(elapsed)
        per_level.setdefault(level, []).append(elapsed)
    print(summary("server time, all levels", timings), flush=True)
    for level, values in sorted(per_level.items()):
        print(summary(f"  {level}", values), flush=True)
    connection.force_debug_cursor = True
    reset_queries()
    if api_ready:
        client.get(api_path(picks[0][1], "paid"))
    print(f"queries per request: {len(connection.queries)}", flush=True)
    connection.force_debug_cursor = False
    print(f"aim p95 < 30 ms (server): {'met' if percentile(timings, 95) < 0.030 else 'MISSED'}", flush=True)
    if not api_ready:
        return

    # Wall time over HTTP under gunicorn.
    with Server(url, workers=args.workers, threads=1, CONN_MAX_AGE=str(args.conn_max_age)) as server:
        print(f"server: {server.describe()}", flush=True)
        for clients in (1, 4):
            values: list[float] = []
            lock = threading.Lock()
            errors: list[str] = []

            def work(n: int, clients=clients, values=values, errors=errors, lock=lock) -> None:
                mine = picks[n::clients]
                local: list[float] = []
                for i, (_level, kato) in enumerate(mine):
                    started = time.perf_counter()
                    try:
                        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{api_path(kato, phases[i % 4])}") as r:
                            r.read()
                    except urllib.error.URLError as exc:
                        errors.append(str(exc))
                    local.append(time.perf_counter() - started)
                with lock:
                    values.extend(local[5:])  # the first few warm the worker

            threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            seconds = time.perf_counter() - started
            print(
                summary(f"HTTP wall time, {clients} client(s)", values)
                + f" throughput={len(values) / seconds:.0f} req/s errors={len(errors)}",
                flush=True,
            )
        print(load_average(), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("import")
    p.add_argument("--dir", type=Path, default=DEFAULT_OUT)
    p = sub.add_parser("copy-floor")
    p.add_argument("--dir", type=Path, default=DEFAULT_OUT)
    p = sub.add_parser("drilldown")
    p.add_argument("--runs", type=int, default=600)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--conn-max-age", type=int, default=0, help="CONN_MAX_AGE of the gunicorn workers")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    assert TERRITORIES == 3_500
    {"import": run_import, "copy-floor": run_copy_floor, "drilldown": run_drilldown}[args.what](args, url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
