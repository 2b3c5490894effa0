"""The electronic queue under load: kiosks taking tickets and operators calling them, at once,
against a bare Django "hello" view under the same gunicorn settings.

    .venv/bin/python benchmarks/queue_load_bench.py [--kiosks 50] [--operators 10] [--duration 60]
        [--warmup 5] [--hello-duration 15] [--database oa_figures_bench] [--pace 0] [--threads 1]

What it does:
1. makes sure the database (PostgreSQL, default postgres://postgres@127.0.0.1:5432/oa_figures_bench)
   holds the migrated schema and the demonstration data (`load_demo`: the Akzhar hall, categories
   A–F); adds desks up to `--operators`, each serving every category, an operator (Role.OPERATOR of
   Akzhar) signed in at each with a staff API token; cancels what earlier runs left waiting;
2. starts the project under deploy/gunicorn.conf.py (GUNICORN_WORKERS=8, GUNICORN_THREADS=1, DEBUG
   off, Redis BENCH_CACHE_URL — default redis://127.0.0.1:6379/6 — as the shared cache, the kiosk
   limit QUEUE_KIOSK_TICKETS_PER_HOUR lifted as the other benches lift theirs), and
   benchmarks/soak/hello.py under the same configuration;
3. hello with `--kiosks + --operators` clients for `--hello-duration` s; then, for `--duration` s
   after `--warmup`, `--kiosks` clients POST /api/v1/queue/halls/593400000/tickets (a random
   category) in a closed loop while `--operators` clients each call the next ticket to their desk
   (POST /api/v1/staff/queue/desks/{id}/call-next), start and finish it, by bearer token; then
   hello again;
4. checks the database: no two tickets of the hall share a day, letter and number; no ticket was
   called twice (TicketEvent "called" once per ticket; nothing is recalled here); every ticket the
   kiosks were told of exists, and every one finished is done.

Prints a Markdown table for benchmarks/RESULTS.md ("Queue under load"). Ports BENCH_PORT (default
8094) and BENCH_PORT + 1.
"""

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("BENCH_CACHE_URL", "redis://127.0.0.1:6379/6")
os.environ.setdefault("BENCH_PORT", "8094")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import frontoffice_bench as fb  # noqa: E402 - the shared asyncio HTTP client and percentile
import public_pages_bench as ppb  # noqa: E402 - gunicorn under deploy/gunicorn.conf.py

KATO = "593400000"
DJANGO_APP = "django.core.wsgi:get_wsgi_application()"  # config.wsgi refuses the demo accounts with DEBUG off
HELLO_APP = "benchmarks.soak.hello:application"
NO_LIMITS = {"QUEUE_KIOSK_TICKETS_PER_HOUR": "1000000", "SUBMISSION_RATE_PER_HOUR": "1000000", "CONN_MAX_AGE": "60"}


def prepare(url: str) -> None:
    database = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin_url, "-qc", f"CREATE DATABASE {database}"], capture_output=True)
    env = fb.server_env(url, CACHE_URL=ppb.CACHE_URL, DEBUG="true")
    for command in (["migrate", "--no-input"], ["load_demo"], ["collectstatic", "--no-input"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    subprocess.run(["redis-cli", "-u", ppb.CACHE_URL, "flushdb"], check=True, stdout=subprocess.DEVNULL)


def cast(operators: int) -> tuple[list[str], list[tuple[int, str]]]:
    """The hall's letters, and (desk id, bearer token) for each operator signed in at a desk."""
    from django.utils import timezone

    from openakimat.accounts.models import RoleGrant, User
    from openakimat.api.services import api_token_create
    from openakimat.common.actor import SystemActor
    from openakimat.common.roles import Role
    from openakimat.queueing import services
    from openakimat.queueing.models import OPEN_STATUSES, Desk, Hall, Ticket, TicketStatus

    system = SystemActor("queue_load_bench")
    hall = Hall.objects.select_related("akimat").get(akimat__territory__kato=KATO)
    # What an earlier run left open would be called first: close it.
    Ticket.objects.filter(hall=hall, status__in=OPEN_STATUSES).update(
        status=TicketStatus.CANCELLED, finished_at=timezone.now()
    )
    categories = list(hall.categories.filter(is_active=True))
    seats = []
    for number in range(1, operators + 1):
        desk, _ = Desk.objects.get_or_create(hall=hall, number=number)
        desk.categories.set(categories)
        user, created = User.objects.get_or_create(username=f"bench.operator{number}", defaults={"is_staff": True})
        if created:
            RoleGrant.objects.create(user=user, role=Role.OPERATOR, akimat=hall.akimat)
        services.desk_sign_in(actor=user, desk=desk)
        seats.append((desk.pk, api_token_create(actor=system, user=user, name="queue load bench").raw))
    return [c.letter for c in categories], seats


async def run_load(letters: list[str], seats: list[tuple[int, str]], args: argparse.Namespace) -> dict:
    loop = asyncio.get_running_loop()
    begin = loop.time()
    measure_from, end = begin + args.warmup, begin + args.warmup + args.duration
    timings: dict[str, list[float]] = {"issue": [], "call": [], "start": [], "finish": []}
    statuses: dict[str, dict[str, int]] = {name: {} for name in timings}
    issued_codes: list[str] = []
    empty_calls = {"n": 0}

    async def send(conn, name: str, request: bytes) -> tuple[int, bytes]:  # type: ignore[no-untyped-def]
        reader, writer = conn
        t0 = time.perf_counter()
        writer.write(request)
        status, _headers, body = await fb._read_response(reader)
        elapsed = time.perf_counter() - t0
        if measure_from <= loop.time() <= end:
            timings[name].append(elapsed)
            statuses[name][str(status)] = statuses[name].get(str(status), 0) + 1
        return status, body

    async def paced(rng: random.Random, due: float) -> float:
        """With --pace, each client acts once per `pace` seconds (an open loop, as kiosks and desks
        are used); without, back to back (a closed loop, the server's ceiling)."""
        if not args.pace:
            return due
        due += args.pace
        await asyncio.sleep(max(0.0, due - loop.time()))
        return due

    async def kiosk(n: int) -> None:
        rng = random.Random(n)
        conn = await fb._connect()
        path = f"/api/v1/queue/halls/{KATO}/tickets"
        await asyncio.sleep(rng.random() * args.pace)  # spread the clients over the period
        due = loop.time()
        while loop.time() < end:
            body = json.dumps({"category": rng.choice(letters)}).encode()
            status, answer = await send(conn, "issue", fb._request("POST", path, body, "application/json", {}))
            if status == 201:
                issued_codes.append(json.loads(answer)["code"])
            due = await paced(rng, due)
        conn[1].close()

    async def operator(desk_id: int, token: str) -> None:
        rng = random.Random(desk_id)
        conn = await fb._connect()
        auth = {"Authorization": f"Bearer {token}"}
        call = fb._request("POST", f"/api/v1/staff/queue/desks/{desk_id}/call-next", b"", "", auth)
        await asyncio.sleep(rng.random() * args.pace)
        due = loop.time()
        while loop.time() < end:
            status, answer = await send(conn, "call", call)
            ticket = json.loads(answer).get("ticket") if status == 200 else None
            if ticket is None:
                empty_calls["n"] += 1
                if args.pace:
                    due = await paced(rng, due)
                else:
                    await asyncio.sleep(0.01)
                continue
            for step in ("start", "finish"):
                path = f"/api/v1/staff/queue/tickets/{ticket['id']}/{step}"
                await send(conn, step, fb._request("POST", path, b"", "", auth))
            due = await paced(rng, due)
        conn[1].close()

    await asyncio.gather(
        *(kiosk(n) for n in range(args.kiosks)), *(operator(desk_id, token) for desk_id, token in seats)
    )
    return {
        "timings": timings,
        "statuses": statuses,
        "issued": len(issued_codes),
        "empty_calls": empty_calls["n"],
        "duration": args.duration,
    }


def verify(since: float) -> dict:
    from datetime import UTC, datetime

    from django.db.models import Count, Q

    from openakimat.queueing.models import Ticket, TicketEvent, TicketEventKind, TicketStatus

    tickets = Ticket.objects.filter(hall__akimat__territory__kato=KATO)
    duplicates = tickets.values("day", "letter", "number").annotate(n=Count("pk")).filter(n__gt=1).count()
    recent = tickets.filter(issued_at__gte=datetime.fromtimestamp(since, UTC))
    called_twice = (
        TicketEvent.objects.filter(ticket__in=recent, kind=TicketEventKind.CALLED)
        .values("ticket")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exclude(ticket__recalls__gt=0)
        .count()
    )
    counts = recent.aggregate(
        taken=Count("pk"),
        done=Count("pk", filter=Q(status=TicketStatus.DONE)),
        called=Count("pk", filter=Q(first_called_at__isnull=False)),
    )
    return {"duplicates": duplicates, "called_twice": called_twice, **counts}


def hello_run(port: int, clients: int, args: argparse.Namespace) -> dict:
    fb.PORT = port
    request = fb._request("GET", "/", b"", "", {})
    latencies, statuses, duration = asyncio.run(
        fb._load(lambda rng: request, clients, args.warmup, args.hello_duration)
    )
    return {"rate": len(latencies) / duration, "p50": fb.percentile(latencies, 50) * 1000,
            "p99": fb.percentile(latencies, 99) * 1000, "statuses": statuses}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--operators", type=int, default=10)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--hello-duration", type=float, default=15)
    parser.add_argument("--database", default="oa_figures_bench")
    parser.add_argument(
        "--threads", type=int, default=1, help="gunicorn threads per worker, for both servers (GUNICORN_CMD_ARGS)"
    )
    parser.add_argument(
        "--pace",
        type=float,
        default=0,
        help="seconds between one client's actions (kiosk: a ticket; operator: call, start, finish); 0: back to back",
    )
    parser.add_argument("--skip-prepare", action="store_true", help="the database is ready (migrated, demo loaded)")
    args = parser.parse_args()
    url = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    ppb.DATABASE_URL = url
    port = int(os.environ["BENCH_PORT"])
    if not args.skip_prepare:
        prepare(url)
    fb.setup_django(url, CACHE_URL=ppb.CACHE_URL)
    from django.db import connections

    letters, seats = cast(args.operators)
    connections.close_all()
    clients = args.kiosks + args.operators
    threads = {"GUNICORN_CMD_ARGS": f"--threads {args.threads}"} if args.threads != 1 else {}
    print(f"# {fb.machine()}", flush=True)
    with ppb.Gunicorn(HELLO_APP, port + 1, **threads):
        hello_first = hello_run(port + 1, clients, args)
    since = time.time()
    with ppb.Gunicorn(DJANGO_APP, port, **NO_LIMITS, **threads):
        fb.PORT = port
        result = asyncio.run(run_load(letters, seats, args))
    with ppb.Gunicorn(HELLO_APP, port + 1, **threads):
        hello_last = hello_run(port + 1, clients, args)
    checks = verify(since)
    hello = (hello_first["rate"] + hello_last["rate"]) / 2
    print(
        f"\n{args.kiosks} kiosks + {args.operators} operators, {args.duration:.0f} s after {args.warmup:.0f} s "
        + "warm-up, "
        + (f"each acting once every {args.pace:g} s," if args.pace else "back to back (closed loop),")
    )
    print(
        f"gunicorn -c deploy/gunicorn.conf.py (8 workers × {args.threads} thread(s)), DEBUG off, Redis cache, "
        "PostgreSQL\n"
    )
    print("| requests | req/s | % of hello | p50 ms | p99 ms | statuses |")
    print("|---|---:|---:|---:|---:|---|")
    for name, run in (("bare Django hello (first)", hello_first), ("bare Django hello (last)", hello_last)):
        print(ppb.row(name, run, hello))
    total = 0
    for name, label in (("issue", "POST …/tickets (kiosk)"), ("call", "POST …/call-next"), ("start", "POST …/start"),
                        ("finish", "POST …/finish")):  # fmt: skip
        values = result["timings"][name]
        total += len(values)
        run = {"rate": len(values) / result["duration"], "p50": fb.percentile(values, 50) * 1000,
               "p99": fb.percentile(values, 99) * 1000, "statuses": result["statuses"][name]}  # fmt: skip
        print(ppb.row(label, run, hello))
    print(
        f"| all queue requests | {total / result['duration']:,.0f} | "
        f"{100 * total / result['duration'] / hello:.1f} % | | | |"
    )
    print(
        f"\nChecked in the database: {checks['taken']} tickets taken during the run, {checks['called']} called, "
        f"{checks['done']} served; duplicate numbers (hall, day, letter): {checks['duplicates']}; "
        f"tickets called more than once without a recall: {checks['called_twice']}; "
        f"calls that found nobody waiting: {result['empty_calls']}."
    )
    return 0 if checks["duplicates"] == 0 and checks["called_twice"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
