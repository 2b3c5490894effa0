"""The public register of instructions and the problem report map at 100,000 rows each, against a
bare Django "hello" view, side by side in one run.

    .venv/bin/python benchmarks/problem_register_data.py              # once: the data (about 2 min)
    .venv/bin/python benchmarks/problem_register_bench.py [PATH ...] [--database oa_pbench]
        [--requests 200] [--clients 50] [--duration 12] [--warmup 3] [--cache both|off|on] [--explain]
        [--no-load]

Each PATH is an address as a reader asks for it, with its filters (quote it in the shell); one with
``{lang}`` is asked in kk, ru and en in turn; ``{category:roads}`` stands for the id of the Akzhar
akimat's category "roads" and ``{akimat:593400000}`` for the id of the akimat of that territory.
Without PATHs, the defaults below (the addresses the pages were planned at: check them against
config/urls.py and the filter forms before a run).

1. In process, with the page cache and the budget answer cache off (PAGE_CACHE_SECONDS=0,
   BUDGET_ANSWER_CACHE_SECONDS=0) and the production settings otherwise (DEBUG off): for each
   PATH, the number of SQL statements one request runs (CaptureQueriesContext, as the tests pin
   them; the least and the most over six requests), then the server time of ``--requests``
   sequential requests through Django's test client (median, p99, max: the whole middleware stack,
   view and template, no network), as an anonymous reader with no cookies. The table also gives
   the slowest statement's time (``--explain`` prints its plan, EXPLAIN ANALYZE, below it) and
   whether the view is one the page cache may keep. ``--no-load`` stops there.
2. Under load: gunicorn with deploy/gunicorn.conf.py, 8 workers × 1 thread, DEBUG off, Redis
   (BENCH_CACHE_URL, default db 8, emptied first) as the shared cache — the settings of
   benchmarks/public_pages_bench.py, whose gunicorn wrapper and measure() this reuses, with the
   closed-loop asyncio client of benchmarks/frontoffice_bench.py: the bare hello of
   benchmarks/soak/hello.py, then each PATH, then hello again, ``--clients`` keep-alive connections
   for ``--duration`` s after ``--warmup`` s. Every page runs with the caches off as in step 1 (a
   page made afresh each time: what a reader with a new combination of filters gets); with
   ``--cache both`` (the default) the pages whose view is in PAGE_CACHE_VIEWS run again with the
   caches as configured (the same address asked again and again: a popular filter from the page
   cache). ``--cache off`` skips that second run; ``--cache on`` runs every page with the caches
   as configured only. Each row says which. A PATH that did not answer 200 in step 1 is left out.

Prints Markdown tables for benchmarks/RESULTS.md. Ports BENCH_PORT (default 8171) and BENCH_PORT + 1.
The database must hold the data of benchmarks/problem_register_data.py (same --database).
"""

import argparse
import contextlib
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("BENCH_CACHE_URL", "redis://127.0.0.1:6379/8")
os.environ.setdefault("BENCH_PORT", "8171")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import frontoffice_bench as fb
import public_pages_bench as ppb
from problem_register_data import DISTRICT, database_url

DEFAULT_PATHS = [
    "/{lang}/control/instructions/?status=overdue",
    "/{lang}/problems/?status=open&category={category:roads}",
    "/{lang}/problems/map.geojson?bbox=71.3,53.4,72.3,53.9",  # much of the Akzhar district
]
LANGS = ("kk", "ru", "en")
CACHES_OFF = {"PAGE_CACHE_SECONDS": "0", "BUDGET_ANSWER_CACHE_SECONDS": "0"}
DJANGO_APP = "django.core.wsgi:get_wsgi_application()"
HELLO_APP = "benchmarks.soak.hello:application"


def expand_ids(path: str) -> str:
    """`path` with ``{category:CODE}`` replaced by the id of the Akzhar akimat's category of that
    code, ``{akimat:KATO}`` by the id of the akimat of that territory (``{lang}`` is kept)."""
    from openakimat.problems.models import Category
    from openakimat.territory.models import Akimat

    def category(match: re.Match) -> str:
        return str(Category.objects.get(akimat__territory__kato=DISTRICT, code=match[1]).pk)

    def akimat(match: re.Match) -> str:
        return str(Akimat.objects.get(territory__kato=match[1]).pk)

    return re.sub(r"\{akimat:(\d{9})\}", akimat, re.sub(r"\{category:([\w-]+)\}", category, path))


def addresses(path: str) -> list[str]:
    return [path.format(lang=lang) for lang in LANGS] if "{lang}" in path else [path]


def collectstatic(url: str, static_root: str) -> None:
    """The static files of this checkout, in a directory of this benchmark's own: pages name them
    through the manifest, which must match the templates."""
    env = fb.server_env(url, CACHE_URL=ppb.CACHE_URL, DEBUG="true", STATIC_ROOT=static_root)
    manage = [sys.executable, "manage.py", "collectstatic", "--no-input"]
    subprocess.run(manage, cwd=ppb.ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def in_process(paths: list[str], url: str, static_root: str, requests: int, explain: bool) -> tuple[list[dict], str]:
    """Query counts and server times, in this process; and a line saying what the database holds.
    With `explain`, also the plan of each address's slowest statement (EXPLAIN ANALYZE)."""
    fb.setup_django(url, CACHE_URL=ppb.CACHE_URL, STATIC_ROOT=static_root, **CACHES_OFF)
    from django.conf import settings
    from django.db import connection, connections
    from django.db.models import Q
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from openakimat.control.models import OPEN_STATUSES, Instruction
    from openakimat.problems.models import Report

    if not Report.objects.exists() or not Instruction.objects.exists():
        name = connection.settings_dict["NAME"]
        raise SystemExit(f"no reports or instructions in {name}: run benchmarks/problem_register_data.py first")
    overdue = Instruction.objects.filter(Q(status__in=OPEN_STATUSES), deadline__lt=timezone.localdate()).count()
    data = (
        f"{Report.objects.count():,} problem reports, {Instruction.objects.count():,} instructions "
        f"({overdue:,} overdue) in {connection.settings_dict['NAME']}"
    )
    client = Client()
    cache_views = settings.PAGE_CACHE_VIEWS  # the views whose pages the page cache may keep

    def get(address: str):
        client.cookies.clear()  # every request as a new anonymous reader, as under load
        return client.get(address, HTTP_ACCEPT="text/html")

    results = []
    for path in map(expand_ids, paths):
        urls = addresses(path)
        answers = [get(u) for u in urls for _ in range(2)]  # warm: templates, connections, plans
        statuses = sorted({a.status_code for a in answers})
        match = getattr(answers[0].wsgi_request, "resolver_match", None)  # as resolved in its language
        view = match.view_name if match else ""
        result: dict = {"path": path, "status": ", ".join(map(str, statuses)), "cacheable": view in cache_views}
        results.append(result)
        if statuses != [200]:
            continue
        runs = []
        for u in urls * (6 // len(urls)):
            with contextlib.ExitStack() as stack:  # every database alias (read replicas, if configured)
                captured = [stack.enter_context(CaptureQueriesContext(connections[a])) for a in connections]
                get(u)
            runs.append([q for c in captured for q in c.captured_queries])
        counts = [len(run) for run in runs]
        result["slowest"] = slowest_statement(runs)
        slowest = {"sql": result["slowest"][1]}
        if explain and slowest["sql"].lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cur:
                cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
                result["plan"] = [row[0] for row in cur.fetchall()]
        times, size = [], 0
        for k in range(requests):
            t0 = time.perf_counter()
            answer = get(urls[k % len(urls)])
            times.append(time.perf_counter() - t0)
            size = max(size, len(answer.content))
        result.update(
            queries=(min(counts), max(counts)),
            p50=statistics.median(times) * 1000,
            p99=fb.percentile(times, 99) * 1000,
            max=max(times) * 1000,
            kb=size / 1024,
        )
    return results, data


def slowest_statement(runs: list[list[dict]]) -> tuple[float, str]:
    """(median ms, SQL) of the statement slowest at the median over the requests `runs` captured
    (the n-th statement of each request, when they all ran as many; else of the last request)."""
    if len({len(run) for run in runs}) != 1:
        runs = runs[-1:]
    medians = [
        (statistics.median(float(run[k]["time"]) for run in runs) * 1000, runs[-1][k]["sql"])
        for k in range(len(runs[-1]))
    ]
    return max(medians, default=(0.0, ""))


def in_process_table(results: list[dict]) -> list[str]:
    lines = [
        "| address | status | SQL statements | slowest one ms (median) | server p50 ms | server p99 ms | max ms "
        "| size KB | view in PAGE_CACHE_VIEWS |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    plans = []
    for r in results:
        cacheable = "yes" if r.get("cacheable") else "no"
        if "p50" not in r:
            lines.append(f"| `{r['path']}` | {r['status']} | | | | | | | {cacheable} |")
            continue
        low, high = r["queries"]
        queries = str(low) if low == high else f"{low}–{high}"
        lines.append(
            f"| `{r['path']}` | {r['status']} | {queries} | {r['slowest'][0]:.1f} | {r['p50']:.1f} | "
            f"{r['p99']:.1f} | {r['max']:.1f} | {r['kb']:.0f} | {cacheable} |"
        )
        if "plan" in r:
            plans += ["", f"Slowest statement of `{r['path']}`:", "", "```", r["slowest"][1], "", *r["plan"], "```"]
    return lines + plans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS, metavar="PATH")
    parser.add_argument("--database", default="oa_pbench", help="PostgreSQL database (127.0.0.1:5432, user postgres)")
    parser.add_argument("--requests", type=int, default=200, help="sequential requests per address, in process")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=12.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--cache", choices=["off", "on", "both"], default="both", help="page cache under load")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each address's slowest statement")
    parser.add_argument("--no-load", action="store_true", help="only the in-process measurements")
    args = parser.parse_args()

    url = database_url(args.database)
    ppb.DATABASE_URL = url  # the gunicorn wrapper of public_pages_bench.py serves this database
    static_root = str(fb.TMP / f"static-{args.database}")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    collectstatic(url, static_root)
    environ = dict(os.environ)
    results, data = in_process(args.paths, url, static_root, args.requests, args.explain)
    os.environ.clear()  # setup_django wrote the in-process settings (caches off) into the environment;
    os.environ.update(environ)  # the servers below start from the environment as it was
    print(f"In process, page cache off: measured {started} on {fb.machine()}; {data}.\n")
    print("\n".join(in_process_table(results)))
    if args.no_load:
        return 0

    pages = [r["path"] for r in results if "p50" in r]
    cacheable = [r["path"] for r in results if "p50" in r and r["cacheable"]]
    # (page cache off?, addresses): with "both", only pages the cache may keep are run again with it on.
    runs = {"off": [(True, pages)], "on": [(False, pages)], "both": [(True, pages), (False, cacheable)]}[args.cache]
    subprocess.run(["redis-cli", "-u", ppb.CACHE_URL, "flushdb"], check=True, stdout=subprocess.DEVNULL)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = os.getloadavg()[0]
    port = ppb.PORT
    with ppb.Gunicorn(HELLO_APP, port + 1):
        hello_first = ppb.measure(port + 1, "/", args)
    rows: list[tuple[str, dict]] = []
    for off, addresses_run in runs:
        if not addresses_run:
            continue
        extra = {"STATIC_ROOT": static_root, **(CACHES_OFF if off else {})}
        with ppb.Gunicorn(DJANGO_APP, port, **extra):
            for path in addresses_run:
                name = f"`{path}`, page cache {'off' if off else 'on'}"
                rows.append((name, ppb.measure(port, path, args)))
    with ppb.Gunicorn(HELLO_APP, port + 1):
        hello_last = ppb.measure(port + 1, "/", args)
    hello = (hello_first["rate"] + hello_last["rate"]) / 2

    print(
        f"\nUnder load: measured {started} on {fb.machine()}; load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after. gunicorn -c deploy/gunicorn.conf.py, 8 workers × 1 thread, "
        f"{args.clients} connections, {args.duration:.0f} s each after {args.warmup:.0f} s warm-up; {data}.\n"
    )
    print("| address | req/s | % of hello | p50 ms | p99 ms | statuses |")
    print("|---|---:|---:|---:|---:|---|")
    print(ppb.row("bare Django hello (first run)", hello_first, hello))
    print(ppb.row("bare Django hello (last run)", hello_last, hello))
    for name, result in rows:
        print(ppb.row(name, result, hello))
    skipped = [r for r in results if "p50" not in r]
    for r in skipped:
        print(f"\n`{r['path']}` answered {r['status']} in process: not measured under load.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
