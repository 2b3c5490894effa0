"""Public pages from the page cache against a bare Django "hello" view, side by side in one run.

    .venv/bin/python benchmarks/public_pages_bench.py [--clients 50] [--duration 20] [--warmup 3]

What it does:
1. makes sure BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/oa_display) holds the
   migrated schema and the demonstration data (`load_demo`, idempotent);
2. starts the project under deploy/gunicorn.conf.py (GUNICORN_WORKERS=8, GUNICORN_THREADS=1, as the
   earlier measurement), DEBUG off, with Redis (BENCH_CACHE_URL, default redis://127.0.0.1:6379/10)
   as the shared cache, and benchmarks/soak/hello.py under the same configuration;
3. drives each address with `--clients` keep-alive connections (closed loop, the asyncio client of
   benchmarks/frontoffice_bench.py) for `--duration` seconds after `--warmup`: hello, then the home
   page, the register of services, an akimat's page, the rollout page and a district's budget page
   (each request in kk, ru or en in turn, as anonymous readers), then hello again; the baseline is
   the mean of the two hello runs;
4. with `--uncached` (default on), the same pages once more with PAGE_CACHE_SECONDS=0, the page
   cache off, for comparison.

Prints a Markdown table for benchmarks/RESULTS.md: requests/s, % of hello, p50 and p99, statuses.
Ports BENCH_PORT (default 8160) and BENCH_PORT + 1 for hello.
"""

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import frontoffice_bench as fb  # noqa: E402 - the shared asyncio load generator and CPU meter

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/oa_display")
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/10")
PORT = int(os.environ.get("BENCH_PORT", "8160"))
LANGS = ("kk", "ru", "en")
PAGES = [
    ("home page", "/{lang}/"),
    ("register of services", "/{lang}/services/"),
    ("akimat page (Akzhar)", "/{lang}/akimats/593400000/"),
    ("rollout page (service akimats)", "/{lang}/regions/590000000/service-akimats/"),
    ("district budget page (Akzhar)", "/{lang}/budget/593400000/"),
]


def prepare() -> None:
    env = fb.server_env(DATABASE_URL, CACHE_URL=CACHE_URL, DEBUG="true")
    database = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin_url, "-qc", f"CREATE DATABASE {database}"], capture_output=True)
    for command in (["migrate", "--no-input"], ["load_demo"], ["collectstatic", "--no-input"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    subprocess.run(["redis-cli", "-u", CACHE_URL, "flushdb"], check=True, stdout=subprocess.DEVNULL)


class Gunicorn:
    """gunicorn with the production configuration file, on the given port."""

    def __init__(self, app: str, port: int, **extra: str) -> None:
        self.app, self.port, self.extra = app, port, extra

    def __enter__(self) -> "Gunicorn":
        env = fb.server_env(DATABASE_URL, CACHE_URL=CACHE_URL, **self.extra)
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_WORKERS="8",
            GUNICORN_THREADS="1",
            GUNICORN_LOG_LEVEL="warning",
            PYTHONPATH=str(ROOT),
        )
        fb.TMP.mkdir(parents=True, exist_ok=True)
        self.log = open(fb.TMP / f"gunicorn-{self.port}.log", "ab")
        command = [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", self.app]
        self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=self.log)
        deadline = time.time() + 180  # eight workers booting on a busy 2-core machine
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                self.__exit__()
                raise SystemExit(f"gunicorn {self.app} did not start; see {self.log.name}")
            time.sleep(0.3)

    def __exit__(self, *exc: object) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def measure(port: int, path: str, args: argparse.Namespace) -> dict:
    fb.PORT = port  # the load generator connects to fb.PORT
    requests = [fb._request("GET", path.format(lang=lang), b"", "", {"Accept": "text/html"}) for lang in LANGS]
    turn = {"n": 0}

    def make_request(rng: object) -> bytes:
        turn["n"] += 1
        return requests[turn["n"] % len(requests)]

    # One request per language first: the page cache is warm when the measured time begins.
    for lang in LANGS:
        urllib.request.urlopen(f"http://127.0.0.1:{port}{path.format(lang=lang)}", timeout=30).read()
    latencies, statuses, duration = asyncio.run(fb._load(make_request, args.clients, args.warmup, args.duration))
    return {
        "rate": len(latencies) / duration,
        "p50": fb.percentile(latencies, 50) * 1000,
        "p99": fb.percentile(latencies, 99) * 1000,
        "statuses": statuses,
    }


def row(name: str, result: dict, hello: float) -> str:
    share = 100 * result["rate"] / hello
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(result["statuses"].items()))
    return (
        f"| {name} | {result['rate']:,.0f} | {share:.1f} % | {result['p50']:.0f} | {result['p99']:.0f} | {statuses} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--no-uncached", dest="uncached", action="store_false")
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()

    if not args.skip_prepare:
        prepare()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = os.getloadavg()[0]
    results: list[tuple[str, dict]] = []
    with Gunicorn("benchmarks.soak.hello:application", PORT + 1):
        hello_first = measure(PORT + 1, "/", args)
    with Gunicorn("django.core.wsgi:get_wsgi_application()", PORT):
        for name, path in PAGES:
            results.append((name, measure(PORT, path, args)))
    uncached: list[tuple[str, dict]] = []
    if args.uncached:
        with Gunicorn("django.core.wsgi:get_wsgi_application()", PORT, PAGE_CACHE_SECONDS="0"):
            for name, path in PAGES:
                uncached.append((name, measure(PORT, path, args)))
    with Gunicorn("benchmarks.soak.hello:application", PORT + 1):
        hello_last = measure(PORT + 1, "/", args)
    hello = (hello_first["rate"] + hello_last["rate"]) / 2

    print(
        f"Measured {started} on {fb.machine()}; load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after. gunicorn -c deploy/gunicorn.conf.py, 8 workers × 1 thread, "
        f"{args.clients} connections, {args.duration:.0f} s each after {args.warmup:.0f} s warm-up.\n"
    )
    print("| address | req/s | % of hello | p50 ms | p99 ms | statuses |")
    print("|---|---:|---:|---:|---:|---|")
    print(row("bare Django hello (first run)", hello_first, hello))
    print(row("bare Django hello (last run)", hello_last, hello))
    for name, result in results:
        print(row(name, result, hello))
    for name, result in uncached:
        print(row(f"{name}, page cache off", result, hello))
    return 0


if __name__ == "__main__":
    sys.exit(main())
