"""The queue's display board under load (issue 15): how soon a call reaches the screens, and how
many screens one server carries. STYLE.md "Measuring speed": gunicorn with the project's
configuration and a bare Django "hello" side by side in one run.

    .venv/bin/python benchmarks/queue_board_bench.py [--boards 30] [--latency-seconds 60]
        [--clients 50] [--duration 12] [--warmup 3] [--skip-prepare]

1. Latency. gunicorn (deploy/gunicorn.conf.py, 8 workers × 1 thread, DEBUG off, Redis as the
   cache) serves the demo's Akzhar hall. `--boards` threads each poll /en/queue/<kato>/board.json
   with the version they show once a second (keep-alive connections, started at random moments
   of the first second), as the board page's script does. A separate process signs the demo
   operator in at desk 1 and every ~0.5 s takes a ticket, finishes the one at the desk and calls
   the next, noting the moment each call committed. For every (board, call) the latency is the
   time from the commit to the first poll answer that carries the call; p50, p99, max.
2. Capacity. `--clients` keep-alive connections (the closed-loop asyncio client of
   frontoffice_bench.py) poll as fast as answered: hello, the board feed at the current version
   (the 204 answered from the cache without a database query), the feed behind by a version (the
   snapshot from the cache), hello again. A board polls once a second, so the boards one server
   carries are the polls per second it sustains.

The database is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/oa_kiosk_bench,
migrated and loaded with the demo unless --skip-prepare), Redis BENCH_CACHE_URL (default db 12),
ports BENCH_PORT (default 8181) and BENCH_PORT + 1 for hello. Prints Markdown for RESULTS.md.
"""

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/oa_kiosk_bench")
os.environ.setdefault("BENCH_CACHE_URL", "redis://127.0.0.1:6379/12")
os.environ.setdefault("BENCH_PORT", "8181")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import frontoffice_bench as fb
import public_pages_bench as ppb

KATO = "593400000"  # the demo's Akzhar district
FEED = f"/en/queue/{KATO}/board.json"


# -- the operator: a separate process ------------------------------------------------------------


def caller(seconds: float, interval: float) -> None:
    """Take a ticket, finish the one at desk 1, call the next; print "<code> <commit time>" per call."""
    fb.setup_django(ppb.DATABASE_URL, CACHE_URL=ppb.CACHE_URL)
    from django.db import transaction

    from openakimat.accounts.models import User
    from openakimat.queueing import services
    from openakimat.queueing.models import OPEN_STATUSES, Desk, Ticket

    operator = User.objects.get(username="demo.operator")
    desk = Desk.objects.get(hall__akimat__territory__kato=KATO, number=1)
    category = desk.categories.first()
    Ticket.objects.filter(hall=desk.hall, status__in=OPEN_STATUSES).update(status="cancelled")
    services.desk_sign_in(actor=operator, desk=desk)
    end = time.time() + seconds
    while time.time() < end:
        started = time.time()
        services.ticket_issue(category=category)
        current = Ticket.objects.filter(desk=desk, status__in=("called", "serving")).first()
        if current is not None:
            if current.status == "called":
                current = services.ticket_start(actor=operator, ticket=current)
            services.ticket_finish(actor=operator, ticket=current)
        committed: list[float] = []
        with transaction.atomic():
            ticket = services.ticket_call_next(actor=operator, desk=desk)
            # Runs right after the commit, after the board's version was moved.
            transaction.on_commit(lambda done=committed: done.append(time.time()))
        if ticket is not None:
            print(f"{ticket.code} {committed[0]:.6f}", flush=True)
        time.sleep(max(0.0, interval - (time.time() - started)))


# -- the screens ---------------------------------------------------------------------------------


class Board(threading.Thread):
    def __init__(self, port: int, until: float, seen: dict, lock: threading.Lock) -> None:
        super().__init__(daemon=True)
        self.port, self.until, self.seen, self.lock = port, until, seen, lock
        self.version = ""
        self.polls = self.fresh = self.errors = 0
        self.known: set[str] = set()

    def run(self) -> None:
        time.sleep(random.random())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        while time.time() < self.until:
            began = time.time()
            try:
                conn.request("GET", f"{FEED}?v={self.version}")
                answer = conn.getresponse()
                body = answer.read()
                now = time.time()
                self.polls += 1
                if answer.status == 200:
                    self.fresh += 1
                    data = json.loads(body)
                    self.version = str(data["version"])
                    for call in data["calling"] + data["recent"]:
                        if call["ticket"] not in self.known:
                            self.known.add(call["ticket"])
                            with self.lock:
                                self.seen.setdefault(call["ticket"], []).append(now)
            except (OSError, http.client.HTTPException):
                self.errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            time.sleep(max(0.0, 1.0 - (time.time() - began)))


def latency(port: int, boards: int, seconds: float) -> dict:
    seen: dict[str, list[float]] = {}
    lock = threading.Lock()
    screens = [Board(port, time.time() + 3600, seen, lock) for _ in range(boards)]
    for screen in screens:
        screen.start()
    time.sleep(2)  # every screen has its first snapshot: what was called before is not counted
    env = fb.server_env(ppb.DATABASE_URL, CACHE_URL=ppb.CACHE_URL)
    env["PYTHONPATH"] = str(fb.ROOT)
    proc = subprocess.Popen(
        [sys.executable, __file__, "--caller", str(seconds)],
        cwd=fb.ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    calls: dict[str, float] = {}
    for line in proc.stdout or []:
        code, at = line.split()
        calls[code] = float(at)
    proc.wait()
    for screen in screens:  # two more polls each, for the last call
        screen.until = time.time() + 2.5
    for screen in screens:
        screen.join()
    delays = [t - calls[code] for code, times in seen.items() if code in calls for t in times]
    missed = sum(boards - len(seen.get(code, [])) for code in calls)
    return {
        "calls": len(calls),
        "samples": len(delays),
        "missed": missed,
        "p50": fb.percentile(delays, 50),
        "p99": fb.percentile(delays, 99),
        "max": max(delays) if delays else float("nan"),
        "polls": sum(s.polls for s in screens),
        "fresh": sum(s.fresh for s in screens),
        "errors": sum(s.errors for s in screens),
    }


def current_version(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", FEED)
    return str(json.loads(conn.getresponse().read())["version"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--boards", type=int, default=30)
    parser.add_argument("--latency-seconds", type=float, default=60.0)
    parser.add_argument("--call-interval", type=float, default=0.5)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=12.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--caller", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.caller:
        caller(args.caller, args.call_interval)
        return 0
    if not args.skip_prepare:
        ppb.prepare()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = os.getloadavg()[0]
    port = ppb.PORT
    with ppb.Gunicorn("benchmarks.soak.hello:application", port + 1):
        hello_first = ppb.measure(port + 1, "/", args)
    with ppb.Gunicorn("django.core.wsgi:get_wsgi_application()", port):
        lat = latency(port, args.boards, args.latency_seconds)
        version = current_version(port)
        same = ppb.measure(port, f"{FEED}?v={version}", args)
        behind = ppb.measure(port, f"{FEED}?v=0", args)
    with ppb.Gunicorn("benchmarks.soak.hello:application", port + 1):
        hello_last = ppb.measure(port + 1, "/", args)
    hello = (hello_first["rate"] + hello_last["rate"]) / 2

    print(
        f"Measured {started} on {fb.machine()}; load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after. gunicorn -c deploy/gunicorn.conf.py, 8 workers × 1 thread, "
        f"Redis cache, PostgreSQL.\n"
    )
    print(
        f"Call → screen, {args.boards} boards polling once a second, a call every {args.call_interval} s for "
        f"{args.latency_seconds:.0f} s: {lat['calls']} calls, {lat['samples']} (board, call) arrivals, "
        f"{lat['missed']} missed; **p50 {lat['p50'] * 1000:.0f} ms, p99 {lat['p99'] * 1000:.0f} ms, "
        f"max {lat['max'] * 1000:.0f} ms**; {lat['polls']} polls, {lat['fresh']} with a new snapshot, "
        f"{lat['errors']} errors.\n"
    )
    print(f"Polls at {args.clients} connections, {args.duration:.0f} s each after {args.warmup:.0f} s warm-up:\n")
    print("| address | req/s | % of hello | p50 ms | p99 ms | statuses |")
    print("|---|---:|---:|---:|---:|---|")
    print(ppb.row("bare Django hello (first run)", hello_first, hello))
    print(ppb.row("bare Django hello (last run)", hello_last, hello))
    print(ppb.row("board feed, nothing new (204, no query)", same, hello))
    print(ppb.row("board feed, a version behind (snapshot from the cache)", behind, hello))
    print(
        f"\nOne board polls once a second: this server carries about {same['rate']:,.0f} boards that are up to "
        f"date, or {behind['rate']:,.0f} if every poll brought a new snapshot."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
