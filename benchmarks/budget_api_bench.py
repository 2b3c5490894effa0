"""The budget drill-down API and the budget page against a bare Django "hello" view, side by side in
one run (issue 12's numbers; STYLE.md "Measuring speed").

    .venv/bin/python benchmarks/budget_api_bench.py [--big] [--clients 50] [--duration 12] [--warmup 3]

It reuses benchmarks/public_pages_bench.py (gunicorn with deploy/gunicorn.conf.py, 8 workers ×
1 thread, DEBUG off, Redis as the shared cache, the closed-loop asyncio client of
benchmarks/frontoffice_bench.py): hello, then the drill-down API and the budget page of the demo's
Akzhar district (each request in kk, ru or en in turn, as anonymous readers), then hello again; the
baseline is the mean of the two hello runs.

Without `--skip-prepare` the database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/oa_budgetspeed) is migrated and the demo loaded. With `--big`
the addresses of a synthetic region (810000000) and one of its districts are measured too: load
them first with benchmarks/budget_big_data.py (10,080,000 payments). `--uncached` adds the same
addresses with the answer and page caches off (BUDGET_ANSWER_CACHE_SECONDS=0, PAGE_CACHE_SECONDS=0).
Ports BENCH_PORT (default 8171) and BENCH_PORT + 1; Redis BENCH_CACHE_URL (default db 12).

Prints a Markdown table for benchmarks/RESULTS.md.
"""

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/oa_budgetspeed")
os.environ.setdefault("BENCH_CACHE_URL", "redis://127.0.0.1:6379/12")
os.environ.setdefault("BENCH_PORT", "8171")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import frontoffice_bench as fb
import public_pages_bench as ppb

DEMO = [
    ("drill-down API (Akzhar district)", "/api/v1/budget/territories/593400000?lang={lang}"),
    ("budget page (Akzhar district)", "/{lang}/budget/593400000/"),
]
BIG = [
    ("drill-down API (synthetic region, 10M payments)", "/api/v1/budget/territories/810000000?lang={lang}"),
    ("drill-down API (synthetic district)", "/api/v1/budget/territories/811000000?lang={lang}"),
    ("budget page (synthetic region)", "/{lang}/budget/810000000/"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=12.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--big", action="store_true", help="also the synthetic country of budget_big_data.py")
    parser.add_argument("--uncached", action="store_true", help="also with the answer and page caches off")
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--prepare-only", action="store_true", help="migrate and load the demo, then stop")
    args = parser.parse_args()

    if not args.skip_prepare:
        ppb.prepare()
    if args.prepare_only:
        return 0
    addresses = DEMO + (BIG if args.big else [])
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = os.getloadavg()[0]
    port = ppb.PORT
    with ppb.Gunicorn("benchmarks.soak.hello:application", port + 1):
        hello_first = ppb.measure(port + 1, "/", args)
    results = []
    with ppb.Gunicorn("django.core.wsgi:get_wsgi_application()", port):
        for name, path in addresses:
            results.append((name, ppb.measure(port, path, args)))
    if args.uncached:
        with ppb.Gunicorn(
            "django.core.wsgi:get_wsgi_application()", port, PAGE_CACHE_SECONDS="0", BUDGET_ANSWER_CACHE_SECONDS="0"
        ):
            for name, path in addresses:
                results.append((f"{name}, caches off", ppb.measure(port, path, args)))
    with ppb.Gunicorn("benchmarks.soak.hello:application", port + 1):
        hello_last = ppb.measure(port + 1, "/", args)
    hello = (hello_first["rate"] + hello_last["rate"]) / 2

    print(
        f"Measured {started} on {fb.machine()}; load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after. gunicorn -c deploy/gunicorn.conf.py, 8 workers × 1 thread, "
        f"{args.clients} connections, {args.duration:.0f} s each after {args.warmup:.0f} s warm-up.\n"
    )
    print("| address | req/s | % of hello | p50 ms | p99 ms | statuses |")
    print("|---|---:|---:|---:|---:|---|")
    print(ppb.row("bare Django hello (first run)", hello_first, hello))
    print(ppb.row("bare Django hello (last run)", hello_last, hello))
    for name, result in results:
        print(ppb.row(name, result, hello))
    return 0


if __name__ == "__main__":
    sys.exit(main())
