"""Front-office benchmarks on the database made by benchmarks/frontoffice_data.py.

    .venv/bin/python benchmarks/frontoffice_bench.py tracking [--endpoint api|html] [--workers N] [--threads T]
    .venv/bin/python benchmarks/frontoffice_bench.py inbox
    .venv/bin/python benchmarks/frontoffice_bench.py submit [--http]
    .venv/bin/python benchmarks/frontoffice_bench.py profile
    .venv/bin/python benchmarks/frontoffice_bench.py all

tracking  starts gunicorn (gthread workers, DEBUG off, production settings apart from HTTPS) on the
          bench database and drives POST /api/v1/track (or the HTML form POST /kk/track/) with
          `--clients` concurrent keep-alive connections from one asyncio process, for `--duration`
          seconds after a `--warmup`. The pairs come from the database: 90 % real (number, code),
          5 % a real number with a wrong code, 5 % a number that does not exist. Each request comes
          "from" its own address through X-Forwarded-For (PROXY_COUNT=1, as behind the reverse
          proxy), so the per-address limit on failed look-ups does not turn the misses into 429s.
          Reports requests/s, latency percentiles, status counts and the CPU used by the client,
          by gunicorn, by PostgreSQL and by everything else on the machine.
inbox     times selectors.inbox() for the head of the Akzhar construction department (10,000 open
          cases): the first page (51 rows, as the view fetches them) and the last one, then EXPLAIN
          ANALYZE of the page query, then full GETs of the inbox page through Django's test client
          with a signed-in, OTP-verified session (template rendering included).
submit    calls services.application_register(channel="online") in a loop with 1, 2 and 4 threads
          (CELERY_BROKER_URL=memory://: notifications are queued, not sent; documents go to a temporary
          PRIVATE_MEDIA_ROOT); with --http, also POST /api/v1/applications under gunicorn. The
          submissions go to every department but the measured one, whose 10,000 stay as they are.
profile   one tracking request under cProfile in-process, with the SQL it runs.

The benchmark never touches the project database: everything runs against BENCH_DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/openakimat_bench). `submit` adds applications to it.
"""

import argparse
import asyncio
import contextlib
import io
import json
import os
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from frontoffice_data import BENCH_SECRET_KEY, DEFAULT_URL, TARGET_DEPARTMENT  # noqa: E402

# Not 8765, which benchmarks/budget_bench.py uses; change with --port or BENCH_PORT.
PORT = int(os.environ.get("BENCH_PORT", "8771"))
TMP = Path(tempfile.gettempdir()) / "openakimat_bench"


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `values`."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def server_env(url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        SECRET_KEY=BENCH_SECRET_KEY,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        # Plain HTTP on the loopback: TLS is the reverse proxy's job.
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        PROXY_COUNT="1",
        CELERY_BROKER_URL="memory://",  # tasks queued in memory for no worker: nothing is sent
        SMS_BACKEND="log",
        LOG_LEVEL="WARNING",
        STATIC_ROOT=str(TMP / "static"),
        PRIVATE_MEDIA_ROOT=str(TMP / "private"),
        MEDIA_ROOT=str(TMP / "media"),
    )
    env.update(extra)
    return env


def setup_django(url: str, **extra: str) -> None:
    os.environ.update(server_env(url, **extra))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    return f"{os.cpu_count()} CPUs ({model}), {mem / 1024 / 1024:.1f} GB RAM, Python {sys.version.split()[0]}"


# CPU accounting from /proc -------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(FileNotFoundError, ValueError):
            out += [int(x) for x in (task / "children").read_text().split()]
    return out


def _postgres_pids(database: str) -> list[int]:
    """The PostgreSQL backends serving `database` (their title names it), so that other people's
    databases on the same server count as "other"."""
    pids = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                if (p / "comm").read_text().strip() != "postgres":
                    continue
                title = (p / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except (FileNotFoundError, PermissionError, ProcessLookupError):
                continue
            if f" {database} " in title:
                pids.append(int(p.name))
    return pids


def _machine_busy() -> tuple[float, float]:
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    idle = parts[3] + parts[4]
    return (sum(parts) - idle) / TICK, sum(parts) / TICK


class CpuMeter:
    """CPU seconds used between start() and stop() by this process, the gunicorn tree, the
    PostgreSQL backends of the bench database, and the whole machine. Processes that end in between
    are missed: run the server with CONN_MAX_AGE > 0 so that the backends live through the run."""

    def __init__(self, gunicorn_pid: int | None, database: str) -> None:
        self.gunicorn_pid, self.database = gunicorn_pid, database

    def _sample(self) -> dict[str, float]:
        me = resource.getrusage(resource.RUSAGE_SELF)
        gun = 0.0
        if self.gunicorn_pid:
            gun = _proc_cpu(self.gunicorn_pid) + sum(_proc_cpu(c) for c in _children(self.gunicorn_pid))
        pg = sum(_proc_cpu(p) for p in _postgres_pids(self.database))
        busy, total = _machine_busy()
        return {"client": me.ru_utime + me.ru_stime, "gunicorn": gun, "postgres": pg, "busy": busy, "total": total}

    def start(self) -> None:
        self.t0 = time.perf_counter()
        self.s0 = self._sample()

    def stop(self) -> dict[str, float]:
        """Each share in "cores" (CPU seconds per wall second); "machine" is the total used."""
        s1 = self._sample()
        wall = time.perf_counter() - self.t0
        d = {k: (s1[k] - self.s0[k]) / wall for k in s1}
        other = d["busy"] - d["client"] - d["gunicorn"] - d["postgres"]
        return {
            "client": d["client"],
            "gunicorn": d["gunicorn"],
            "postgres": d["postgres"],
            "other": max(0.0, other),
            "machine": d["busy"],
        }


# gunicorn ------------------------------------------------------------------------------------


class Server:
    def __init__(self, url: str, workers: int, threads: int, **extra: str) -> None:
        self.url, self.workers, self.threads, self.extra = url, workers, threads, extra

    def __enter__(self) -> "Server":
        # A server someone else left on the port would answer the health check and the load.
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", PORT)) == 0:
                raise SystemExit(f"127.0.0.1:{PORT} is already in use: stop that server or pass --port")
        TMP.mkdir(parents=True, exist_ok=True)
        env = server_env(self.url, **self.extra)
        if not (TMP / "static" / "staticfiles.json").exists():
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input"],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        # Django's WSGI application itself rather than config.wsgi: the bench database holds the
        # demo's accounts (its staff work the generated cases), which config.wsgi refuses to serve
        # with DEBUG off (docs/security.md). Nothing else differs.
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        self.command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "django.core.wsgi:get_wsgi_application()",
            "-w",
            str(self.workers),
            "--threads",
            str(self.threads),
            "-k",
            "gthread",
            "-b",
            f"127.0.0.1:{PORT}",
            "--backlog",
            "2048",
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ]
        self.log = open(TMP / "gunicorn.log", "ab")
        self.proc = subprocess.Popen(self.command, cwd=ROOT, env=env, stdout=self.log, stderr=self.log)
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                raise SystemExit(f"gunicorn did not start; see {TMP / 'gunicorn.log'}")
            time.sleep(0.3)
        return self

    def describe(self) -> str:
        conn = self.extra.get("CONN_MAX_AGE", "0")
        return f"gunicorn -k gthread -w {self.workers} --threads {self.threads}, CONN_MAX_AGE={conn}"

    def __exit__(self, *exc: object) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


# A small HTTP/1.1 client on asyncio streams ------------------------------------------------


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            key = k.strip().lower()
            headers[key] = f"{headers[key]}, {v.strip()}" if key in headers else v.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        # A view without Content-Length (the bare hello of benchmarks/soak/hello.py has no
        # middleware to add one) is sent in chunks by gunicorn.
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            body += await reader.readexactly(size + 2)
            if size == 0:
                break
        return status, headers, body
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers, body


def _request(method: str, path: str, body: bytes, content_type: str, extra: dict[str, str]) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{PORT}", f"Content-Length: {len(body)}"]
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    lines += [f"{k}: {v}" for k, v in extra.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


async def _connect() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT, limit=1 << 20)
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return reader, writer


async def _load(
    make_request, clients: int, warmup: float, duration: float, rate: float = 0.0
) -> tuple[list[float], dict, float]:
    """Closed loop: each client sends its next request when the previous answer has arrived.

    With `rate` (requests per second in all), each client instead keeps a schedule of `rate /
    clients` requests a second, and a request's latency counts from its scheduled moment, so that a
    slow answer that delays the next request shows up in that request's latency too (no
    coordinated omission)."""
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    loop = asyncio.get_running_loop()
    begin = loop.time()
    measure_from, end = begin + warmup, begin + warmup + duration

    interval = clients / rate if rate else 0.0

    async def client(n: int) -> None:
        rng = random.Random(n)
        conn = None
        scheduled = begin + (interval * n / clients if interval else 0.0)
        while loop.time() < end:
            if interval and scheduled > loop.time():
                await asyncio.sleep(scheduled - loop.time())
            if conn is None:
                conn = await _connect()
            reader, writer = conn
            t0 = time.perf_counter()
            started = loop.time()
            if interval:  # latency from the moment the request was due
                t0 -= max(0.0, started - scheduled)
                started = scheduled
                scheduled += interval
            try:
                writer.write(make_request(rng))
                status, headers, _body = await _read_response(reader)
                key = str(status)
                if "close" in headers.get("connection", "").lower():
                    writer.close()
                    conn = None
            except (OSError, asyncio.IncompleteReadError) as exc:
                key = type(exc).__name__
                writer.close()
                conn = None
            elapsed = time.perf_counter() - t0
            if started >= measure_from and loop.time() <= end:
                latencies.append(elapsed)
                statuses[key] = statuses.get(key, 0) + 1
        if conn is not None:
            conn[1].close()

    await asyncio.gather(*(client(n) for n in range(clients)))
    return latencies, statuses, duration


def _sample_pairs(url: str, n: int = 20_000) -> list[tuple[str, str]]:
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT number, tracking_code FROM applications_application TABLESAMPLE SYSTEM (3) LIMIT %s", [n]
        ).fetchall()
    return [(a, b) for a, b in rows]


def _client_ip(rng: random.Random) -> str:
    return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def _pick(rng: random.Random, pairs: list[tuple[str, str]]) -> tuple[str, str]:
    number, code = rng.choice(pairs)
    r = rng.random()
    if r < 0.05:  # a real number, a wrong code
        code = "".join(rng.choice("0123456789ABCDEFGHJKMNPQRSTVWXYZ") for _ in range(13))
    elif r < 0.10:  # a number that does not exist
        number = number[:-6] + "9" + number[-5:]  # sequences never reach 900,000 here
    return number, code


def _csrf_cookie() -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/kk/track/", timeout=10) as r:
        for header in r.headers.get_all("Set-Cookie") or []:
            if header.startswith("csrftoken="):
                return header.split(";", 1)[0].split("=", 1)[1]
    raise SystemExit("the tracking page set no CSRF cookie")


def run_tracking(args: argparse.Namespace) -> dict:
    pairs = _sample_pairs(args.url)
    extra = {"CONN_MAX_AGE": str(args.conn_max_age)}
    with Server(args.url, args.workers, args.threads, **extra) as server:
        if args.endpoint == "api":

            def make(rng: random.Random) -> bytes:
                number, code = _pick(rng, pairs)
                body = json.dumps({"number": number, "tracking_code": code}).encode()
                return _request("POST", "/api/v1/track", body, "application/json", {"X-Forwarded-For": _client_ip(rng)})

        else:
            token = _csrf_cookie()

            def make(rng: random.Random) -> bytes:
                number, code = _pick(rng, pairs)
                body = f"csrfmiddlewaretoken={token}&number={number}&tracking_code={code}&action=track".encode()
                return _request(
                    "POST",
                    "/kk/track/",
                    body,
                    "application/x-www-form-urlencoded",
                    {"X-Forwarded-For": _client_ip(rng), "Cookie": f"csrftoken={token}"},
                )

        meter = CpuMeter(server.proc.pid, args.url.rpartition("/")[2])

        async def measured():
            # The meter starts with the measured window (after the warm-up).
            async def start_meter():
                await asyncio.sleep(args.warmup)
                meter.start()

            starter = asyncio.create_task(start_meter())
            result = await _load(make, args.clients, args.warmup, args.duration, args.rate)
            await starter
            return result, meter.stop()

        (latencies, statuses, duration), cpu = asyncio.run(measured())
        config = server.describe()
    ok = sum(n for k, n in statuses.items() if k in ("200", "404"))
    result = {
        "endpoint": "POST /api/v1/track" if args.endpoint == "api" else "POST /kk/track/ (HTML)",
        "config": config,
        "clients": args.clients,
        "offered_rate": args.rate or "closed loop",
        "duration_s": duration,
        "requests": len(latencies),
        "rps": len(latencies) / duration,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p90_ms": percentile(latencies, 90) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "max_ms": max(latencies) * 1000 if latencies else float("nan"),
        "statuses": statuses,
        "errors": len(latencies) - ok,
        "cpu_cores": {k: round(v, 2) for k, v in cpu.items()},
        "loadavg_after": os.getloadavg()[0],
    }
    print(json.dumps(result, indent=1), flush=True)
    aim = result["rps"] >= 500 and result["p99_ms"] < 150
    print(f"aim (>= 500/s and p99 < 150 ms): {'met' if aim else 'MISSED'}", flush=True)
    return result


# Inbox -----------------------------------------------------------------------------------------


def _target_head():
    from openakimat.accounts.models import Role, RoleGrant

    grant = (
        RoleGrant.objects.filter(
            role=Role.HEAD, department__kind=TARGET_DEPARTMENT[1], department__akimat__case_prefix=TARGET_DEPARTMENT[0]
        )
        .select_related("user", "department")
        .first()
    )
    if grant is None:
        raise SystemExit("no head of the Akzhar construction department in the bench database")
    return grant.user, grant.department


class QueryCounter:
    """The statements run on `connection` inside the block (as an execute wrapper, which survives
    the connection being closed and reopened between requests)."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.captured_queries: list[str] = []

    def _count(self, execute, sql, params, many, context):
        self.captured_queries.append(sql)
        return execute(sql, params, many, context)

    def __enter__(self) -> "QueryCounter":
        self._wrapper = self.connection.execute_wrapper(self._count)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._wrapper.__exit__(*exc)


def _timed(fn, runs: int) -> tuple[float, float, float]:
    fn()  # warm
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, percentile(times, 95) * 1000, max(times) * 1000


def run_inbox(args: argparse.Namespace) -> dict:
    setup_django(args.url)
    from django.db import connection
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from openakimat.applications import selectors
    from openakimat.applications.models import OPEN_STATUSES, Application

    head, department = _target_head()
    open_cases = Application.objects.filter(department=department, status__in=OPEN_STATUSES).count()
    total = Application.objects.count()
    print(f"{total} applications; {department} has {open_cases} open cases; measuring as {head.username}")
    out: dict = {"open_cases": open_cases, "applications": total, "runs": args.runs}
    page = 50
    last_offset = (open_cases - 1) // page * page
    for label, offset in (("first page", 0), ("last page", last_offset)):

        def first(offset=offset):
            return list(selectors.inbox(user=head)[offset : offset + page + 1])

        with QueryCounter(connection) as ctx:
            rows = first()
        median, p95, worst = _timed(first, args.runs)
        out[f"selector {label}"] = {
            "median_ms": median,
            "p95_ms": p95,
            "max_ms": worst,
            "rows": len(rows),
            "queries": len(ctx.captured_queries),
        }
        print(
            f"selectors.inbox(), {label} (offset {offset}, {len(rows)} rows, {len(ctx.captured_queries)} "
            f"queries): median {median:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms",
            flush=True,
        )
    plan = selectors.inbox(user=head)[: page + 1].explain(analyze=True, buffers=True)
    out["explain_first_page"] = plan
    print("EXPLAIN (ANALYZE, BUFFERS) of the first page:\n" + plan, flush=True)
    plan_last = selectors.inbox(user=head)[last_offset : last_offset + page + 1].explain(analyze=True)
    out["explain_last_page"] = plan_last
    print("EXPLAIN ANALYZE of the last page:\n" + plan_last, flush=True)

    client = Client()
    client.force_login(head)
    device, _ = TOTPDevice.objects.get_or_create(user=head, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    for label, query in (("first page", ""), ("last page", f"?page={last_offset // page + 1}")):
        path = f"/kk/staff/cases/{query}"
        response = client.get(path)
        if response.status_code != 200:
            print(f"GET {path}: {response.status_code}; view not measured", flush=True)
            continue
        with QueryCounter(connection) as ctx:
            client.get(path)
        median, p95, worst = _timed(lambda path=path: client.get(path), args.runs)
        out[f"view {label}"] = {
            "median_ms": median,
            "p95_ms": p95,
            "max_ms": worst,
            "queries": len(ctx.captured_queries),
            "bytes": len(response.content),
        }
        print(
            f"GET {path} (test client, {len(ctx.captured_queries)} queries, {len(response.content)} bytes): "
            f"median {median:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms",
            flush=True,
        )
    aim = out["selector first page"]["p95_ms"] < 100 and out.get("view first page", {}).get("p95_ms", 0) < 100
    print(f"aim (< 100 ms server time): {'met' if aim else 'MISSED'}", flush=True)
    return out


# Submissions -----------------------------------------------------------------------------------

PDF = (  # the smallest well-formed PDF (openakimat.common.samples.PDF): uploads are checked whole
    b"%PDF-1.4\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n"
    b"3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>\nendobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000054 00000 n \n0000000105 00000 n \ntrailer\n<</Size 4/Root 1 0 R>>\n"
    b"startxref\n170\n%%EOF\n"
)


def _resident(rng: random.Random) -> dict[str, str]:
    from openakimat.common.iin import check_digit

    while True:
        born = f"{rng.randrange(60, 99):02d}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
        first11 = f"{born}3{rng.randrange(10000):04d}"
        digit = check_digit(first11)
        if digit is not None:
            break
    return {"iin": first11 + str(digit), "name": "Бенчмарк Тест", "phone": f"+7701{rng.randrange(10**7):07d}"}


def run_submit(args: argparse.Namespace) -> dict:
    private = TMP / "private"
    setup_django(args.url, PRIVATE_MEDIA_ROOT=str(private))
    from django.db import connection

    from openakimat.applications import services
    from openakimat.catalogue.models import ServiceOffering

    # Not the measured department: its inbox must keep exactly 10,000 open cases.
    offerings = list(
        ServiceOffering.objects.filter(service__online=True, service__is_active=True, department__is_active=True)
        .exclude(department__kind=TARGET_DEPARTMENT[1], department__akimat__case_prefix=TARGET_DEPARTMENT[0])
        .select_related("service", "department")
        .prefetch_related("service__documents")
    )
    print(f"{len(offerings)} online offerings over {len({o.department.akimat_id for o in offerings})} akimats")
    out: dict = {}

    def one(rng: random.Random) -> float:
        offering = rng.choice(offerings)
        person = _resident(rng)
        docs = [
            services.Upload(file=io.BytesIO(PDF), name="document.pdf", required=d)
            for d in offering.service.documents.all()
            if d.mandatory
        ]
        t0 = time.perf_counter()
        services.application_register(
            actor=None,
            offering=offering,
            channel="online",
            consent=True,
            documents=docs,
            applicant=services.Applicant(iin=person["iin"], name=person["name"], phone=person["phone"]),
        )
        return time.perf_counter() - t0

    connection.close()
    for threads in (1, 2, 4):
        latencies: list[float] = []
        lock = threading.Lock()
        end = time.perf_counter() + args.submit_seconds

        def worker(n: int, end=end, latencies=latencies, lock=lock) -> None:
            rng = random.Random(1000 + n)
            mine = []
            one(rng)  # warm (connection, caches)
            while time.perf_counter() < end:
                mine.append(one(rng))
            with lock:
                latencies.extend(mine)
            connection.close()

        meter = CpuMeter(None, args.url.rpartition("/")[2])
        meter.start()
        t0 = time.perf_counter()
        pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        wall = time.perf_counter() - t0
        cpu = meter.stop()
        n = max(1, len(latencies))
        row = {
            "submissions": len(latencies),
            "per_s": len(latencies) / wall,
            "p50_ms": percentile(latencies, 50) * 1000,
            "p99_ms": percentile(latencies, 99) * 1000,
            "python_cpu_ms_each": cpu["client"] * wall / n * 1000,
            "other_cores": round(cpu["other"], 2),
        }
        out[f"in-process, {threads} thread(s)"] = row
        print(
            f"application_register online, {threads} thread(s): {row['submissions']} in {wall:.1f} s = "
            f"{row['per_s']:.1f}/s, p50 {row['p50_ms']:.1f} ms, p99 {row['p99_ms']:.1f} ms; "
            f"{row['python_cpu_ms_each']:.1f} ms of Python CPU each; other load {row['other_cores']} cores",
            flush=True,
        )
    shutil.rmtree(private, ignore_errors=True)
    if args.http:
        out["http"] = run_submit_http(args, offerings)
    return out


def _multipart(fields: dict[str, str], files: dict[str, bytes]) -> tuple[bytes, str]:
    boundary = "benchboundary7f3a9c"
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    for k, data in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="document.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def run_submit_http(args: argparse.Namespace, offerings: list) -> dict:
    bodies = []
    rng = random.Random(7)
    for _ in range(500):
        offering = rng.choice(offerings)
        person = _resident(rng)
        fields = {
            "service": offering.service.code,
            "department": str(offering.department_id),
            "applicant_iin": person["iin"],
            "applicant_name": person["name"],
            "applicant_phone": person["phone"],
            "consent": "true",
            "language": "kk",
        }
        files = {f"document_{d.pk}": PDF for d in offering.service.documents.all() if d.mandatory}
        bodies.append(_multipart(fields, files))
    extra = {"CONN_MAX_AGE": str(args.conn_max_age), "SUBMISSION_RATE_PER_HOUR": "1000000"}
    with Server(args.url, args.workers, args.threads, **extra) as server:

        def make(rng: random.Random) -> bytes:
            body, content_type = rng.choice(bodies)
            return _request("POST", "/api/v1/applications", body, content_type, {"X-Forwarded-For": _client_ip(rng)})

        meter = CpuMeter(server.proc.pid, args.url.rpartition("/")[2])
        meter.start()
        latencies, statuses, duration = asyncio.run(_load(make, args.submit_clients, 2.0, args.submit_seconds))
        cpu = meter.stop()
        config = server.describe()
    result = {
        "config": config,
        "clients": args.submit_clients,
        "requests": len(latencies),
        "per_s": len(latencies) / duration,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "statuses": statuses,
        "cpu_cores": {k: round(v, 2) for k, v in cpu.items()},
    }
    print("POST /api/v1/applications over HTTP: " + json.dumps(result), flush=True)
    return result


# Profile ---------------------------------------------------------------------------------------


def run_profile(args: argparse.Namespace) -> None:
    import cProfile
    import pstats

    setup_django(args.url, CONN_MAX_AGE="60")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    number, code = _sample_pairs(args.url, 50)[0]
    client = Client()
    body = json.dumps({"number": number, "tracking_code": code})
    miss = json.dumps({"number": number, "tracking_code": "0000000000000"})
    rng = random.Random(3)
    for _ in range(20):
        client.post("/api/v1/track", body, content_type="application/json", REMOTE_ADDR="10.0.0.1")
    runs = 200
    # CPU time of this process per request: what the machine's load does not inflate much.
    for label, call in (
        ("GET /healthz (framework floor)", lambda: client.get("/healthz")),
        (
            "POST /api/v1/track, hit",
            lambda: client.post("/api/v1/track", body, content_type="application/json", REMOTE_ADDR="10.0.0.1"),
        ),
        # Each miss from its own address, as in the load test (else the limit on failures answers 429).
        (
            "POST /api/v1/track, wrong code",
            lambda: client.post(
                "/api/v1/track", miss, content_type="application/json", HTTP_X_FORWARDED_FOR=_client_ip(rng)
            ),
        ),
    ):
        for _ in range(20):
            call()
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in range(runs):
            call()
        cpu = (time.process_time() - c0) / runs * 1000
        wall = (time.perf_counter() - t0) / runs * 1000
        print(f"{label}: {cpu:.2f} ms CPU of the Django process, {wall:.2f} ms wall, per request (mean of {runs})")
    per = wall
    with CaptureQueriesContext(connection) as ctx:
        response = client.post("/api/v1/track", body, content_type="application/json", REMOTE_ADDR="10.0.0.1")
    print(
        f"wall per wrong-code request {per:.2f} ms; a hit: status {response.status_code}; "
        f"{len(ctx.captured_queries)} queries:"
    )
    for q in ctx.captured_queries:
        print(f"  {q['time']} s  {q['sql'][:300]}")
    profiler = cProfile.Profile(time.process_time)  # CPU time, not waits
    profiler.enable()
    for _ in range(runs):
        client.post("/api/v1/track", body, content_type="application/json", REMOTE_ADDR="10.0.0.1")
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    run_lookup_variants(args)


def run_lookup_variants(args: argparse.Namespace) -> None:
    """CPU per tracking look-up (the two reads the API makes), as the code does it and two leaner
    ways, measured in this process and in its PostgreSQL backend. Informs what would speed it up."""
    from django.db import connections

    from openakimat.applications import services
    from openakimat.applications.models import Application, ApplicationEvent

    database = args.url.rpartition("/")[2]
    default = connections.settings["default"]
    # The same database through psycopg's server-side binding, so that repeated statements are
    # prepared once per connection (needs OPTIONS in settings; not the project's configuration).
    connections.settings["prepared"] = {
        **default,
        "OPTIONS": {**default.get("OPTIONS", {}), "server_side_binding": True, "prepare_threshold": 2},
    }
    pairs = _sample_pairs(args.url, 2000)
    lean_columns = (
        "number",
        "tracking_code",
        "status",
        "registered_at",
        "due_at",
        "decided_at",
        "paused_at",
        "public_note",
        "service__code",
        "service__name_kk",
        "service__name_ru",
        "service__name_en",
        *(f"akimat__{f}_{lang}" for f in ("name", "address") for lang in ("kk", "ru", "en")),
    )

    def as_is(number: str, code: str, alias: str = "default") -> None:
        application = services.find_by_tracking(number, code)
        list(application.events.exclude(to_status="").order_by("at", "pk"))

    def lean(number: str, code: str, alias: str = "default") -> None:
        application = (
            Application.objects.using(alias)
            .filter(number=number)
            .select_related("service", "akimat")
            .only(*lean_columns)
            .order_by()
            .first()
        )
        list(
            ApplicationEvent.objects.using(alias)
            .filter(application_id=application.pk)
            .exclude(to_status="")
            .order_by("at", "pk")
            .values_list("to_status", "at")
        )

    variants = [
        ("as in find_by_tracking + the events query", as_is, "default"),
        ("only the shown columns, no department, no ORDER BY", lean, "default"),
        ("the same, server-side binding (prepared statements)", lean, "prepared"),
    ]
    for label, fn, alias in variants:
        for number, code in pairs[:50]:
            fn(number, code, alias)
        backends = _postgres_pids(database)
        pg0 = sum(_proc_cpu(p) for p in backends)
        c0, t0 = time.process_time(), time.perf_counter()
        for number, code in pairs:
            fn(number, code, alias)
        n = len(pairs)
        py = (time.process_time() - c0) / n * 1000
        wall = (time.perf_counter() - t0) / n * 1000
        pg = (sum(_proc_cpu(p) for p in _postgres_pids(database)) - pg0) / n * 1000
        print(f"{label}: {py:.2f} ms Python CPU + {pg:.2f} ms PostgreSQL CPU per look-up ({wall:.2f} ms wall, n={n})")


def main() -> int:
    parser = argparse.ArgumentParser(description="Front-office benchmarks (see the module docstring).")
    parser.add_argument("what", choices=["tracking", "inbox", "submit", "profile", "all"])
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--endpoint", choices=["api", "html"], default="api")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--conn-max-age", type=int, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument(
        "--rate",
        type=float,
        default=0.0,
        help="tracking: offer this many requests/s in all (open loop); default: closed loop, as fast as answered",
    )
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--http", action="store_true", help="submit: also POST /api/v1/applications")
    parser.add_argument("--submit-seconds", type=float, default=15.0)
    parser.add_argument("--submit-clients", type=int, default=8)
    parser.add_argument("--port", type=int, default=PORT, help="where gunicorn listens (default %(default)s)")
    args = parser.parse_args()
    globals()["PORT"] = args.port
    print(f"machine: {machine()}", flush=True)
    if args.what == "profile":
        run_profile(args)
        return 0
    if args.what in ("tracking", "all"):
        run_tracking(args)
        if args.what == "all":
            args.endpoint = "html"
            run_tracking(args)
    if args.what in ("inbox", "all"):
        run_inbox(args)
    if args.what in ("submit", "all"):
        if args.what == "all":
            args.http = True
        run_submit(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
