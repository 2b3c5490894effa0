"""Load and soak: a district's busy day at 10× a real peak, on PostgreSQL, behind the production
configuration (nginx in front of gunicorn, Redis as cache and Celery broker, a Celery worker
sending the SMS to a local gateway and sealing the audit log).

    .venv/bin/pip install -r requirements/bench.txt      # Locust
    .venv/bin/python benchmarks/soak_bench.py [--minutes 10] [--multiplier 10] [--saturate 60]

What it does, in order:
1. makes the database openakimat_soak (dropped first): migrations, the demonstration data, then
   the demonstration accounts removed (production refuses them) and SOAK_STAFF_COUNT staff
   accounts of its own, heads of Akzhar's departments with a known second factor;
2. registers 200 applications through the API so tracking has real pairs from the start;
3. throughput at 50 connections, side by side: Locust's PublicMix (service list and page, budget
   page, tracking API) against the project, and Hello against a bare Django view under the same
   gunicorn settings, `--saturate` seconds each;
4. the soak: the busy-day classes of benchmarks/soak/locustfile.py at `--multiplier` × the peak
   for `--minutes`, sampling the memory (RSS) of every gunicorn worker after a minute's warm-up
   and at the end;
5. checks afterwards: every receipt the soak got is in the database, every notification is sent
   (each once at the gateway), the audit chain is sealed and intact.

Prints a Markdown report for benchmarks/RESULTS.md. Everything runs on this machine: the numbers
are comparable within one run, not across machines.
"""

import argparse
import contextlib
import csv
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TMP = Path(tempfile.gettempdir()) / "openakimat_soak"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/openakimat_soak"
REDIS = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/9")
PASSWORD = "soak-only-password-0123"  # noqa: S105 - a throwaway database
TOTP_KEY = "3132333435363738393031323334353637383930"  # hex; the RFC 6238 test key
SECRET = "soak-benchmark-only-0123456789abcdefghijklmnopqrstuvwxyz0123"  # noqa: S105
APP_PORT, HELLO_PORT, NGINX_APP, NGINX_HELLO, GATEWAY_PORT = 8781, 8782, 8783, 8784, 8785
GUNICORN = ["-k", "gthread", "-w", "4", "--threads", "2", "--keep-alive", "30", "--backlog", "2048"]


def env_for(url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        SECRET_KEY=SECRET,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",  # TLS ends at nginx in production; here nginx speaks plain HTTP
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        CACHE_URL=REDIS,
        CELERY_BROKER_URL=REDIS,
        SMS_BACKEND="http",
        SMS_GATEWAY_URL=f"http://127.0.0.1:{GATEWAY_PORT}/send",
        SMS_GATEWAY_TOKEN="soak",  # noqa: S106
        STATIC_ROOT=str(TMP / "static"),
        PRIVATE_MEDIA_ROOT=str(TMP / "private"),
        MEDIA_ROOT=str(TMP / "media"),
        PROXY_COUNT="1",
        # Every simulated resident comes from the one loopback address: the per-address limits
        # would otherwise refuse the load after 20 submissions.
        SUBMISSION_RATE_PER_HOUR="1000000",
        TRACKING_FAILURES_PER_HOUR="1000000",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(url: str, *args: str, **extra: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env_for(url, **extra), capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


STAFF_SETUP = """
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from openakimat.accounts.models import RoleGrant
from openakimat.territory.models import Department
User = get_user_model()
departments = list(Department.objects.filter(akimat__territory__kato="593400000").order_by("id"))
names = []
for n in range({count}):
    user, _ = User.objects.get_or_create(username=f"soak.staff.{{n:03d}}", defaults={{"is_staff": False}})
    user.set_password("{password}")
    user.save()
    TOTPDevice.objects.get_or_create(user=user, name="soak", defaults={{"key": "{key}", "confirmed": True}})
    department = departments[n % len(departments)]
    fields = {{f.name for f in RoleGrant._meta.get_fields()}}
    extra = {{"state": "active"}} if "state" in fields else {{}}
    RoleGrant.objects.get_or_create(
        user=user, role="head", akimat=department.akimat, department=department, defaults=extra
    )
    names.append(user.username)
print(",".join(names))
"""


def prepare(url: str, staff: int) -> list[str]:
    import psycopg

    admin, name = url.rsplit("/", 1)
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    shutil.rmtree(TMP, ignore_errors=True)
    TMP.mkdir(parents=True)
    manage(url, "migrate", "--no-input", DEBUG="true")
    manage(url, "load_demo", DEBUG="true", CELERY_BROKER_URL="")
    with contextlib.suppress(SystemExit):  # where the command exists
        manage(url, "remove_demo", "--no-input", DEBUG="true", CELERY_BROKER_URL="")
    script = STAFF_SETUP.format(count=staff, password=PASSWORD, key=TOTP_KEY)
    names = manage(url, "shell", "-c", script, DEBUG="true").strip().splitlines()[-1].split(",")
    manage(url, "collectstatic", "--no-input")
    return names


class Gateway(http.server.ThreadingHTTPServer):
    """A local SMS gateway: counts every delivery it accepts, per message text and number."""

    def __init__(self) -> None:
        self.deliveries: list[dict] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", GATEWAY_PORT), GatewayHandler)


class GatewayHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        with self.server.lock:  # type: ignore[attr-defined]
            self.server.deliveries.append(body)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status":"accepted"}')

    def log_message(self, *args: object) -> None:
        pass


NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    include /etc/nginx/mime.types;
    gzip on;
    gzip_types text/css application/javascript application/json image/svg+xml;
    client_max_body_size 12m;
    upstream app {{ server 127.0.0.1:{app}; keepalive 32; }}
    upstream hello {{ server 127.0.0.1:{hello}; keepalive 32; }}
    server {{
        listen 127.0.0.1:{nginx_app};
        location /static/ {{ alias {tmp}/static/; expires 30d; }}
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host:$server_port;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
    server {{
        listen 127.0.0.1:{nginx_hello};
        location / {{
            proxy_pass http://hello;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }}
    }}
}}
"""


class Stack(contextlib.ExitStack):
    """The production layout on the loopback; everything it starts is stopped on exit."""

    def __init__(self, url: str, use_nginx: bool) -> None:
        super().__init__()
        self.url, self.use_nginx = url, use_nginx and shutil.which("nginx") is not None
        self.procs: dict[str, subprocess.Popen] = {}

    def spawn(self, name: str, command: list[str], env: dict[str, str], cwd: Path = ROOT) -> subprocess.Popen:
        log = open(TMP / f"{name}.log", "ab")  # noqa: SIM115 - closed by the exit stack
        self.callback(log.close)
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=log, start_new_session=True)
        self.procs[name] = proc
        self.callback(self._stop, proc)
        return proc

    @staticmethod
    def _stop(proc: subprocess.Popen) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)

    def __enter__(self) -> "Stack":
        super().__enter__()
        self.gateway = Gateway()
        threading.Thread(target=self.gateway.serve_forever, daemon=True).start()
        self.callback(self.gateway.shutdown)
        env = env_for(self.url)
        self.spawn("worker", [str(BIN / "celery"), "-A", "config", "worker", "-c", "2", "-l", "WARNING"], env)
        self.spawn("beat", [str(BIN / "celery"), "-A", "config", "beat", "-s", str(TMP / "beat"), "-l", "WARNING"], env)
        gunicorn = str(BIN / "gunicorn")
        self.spawn("gunicorn", [gunicorn, "config.wsgi", *GUNICORN, "-b", f"127.0.0.1:{APP_PORT}"], env)
        hello_env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.spawn(
            "hello",
            [gunicorn, "benchmarks.soak.hello:application", *GUNICORN, "-b", f"127.0.0.1:{HELLO_PORT}"],
            hello_env,
        )
        if self.use_nginx:
            conf = NGINX_CONF.format(
                tmp=TMP, app=APP_PORT, hello=HELLO_PORT, nginx_app=NGINX_APP, nginx_hello=NGINX_HELLO
            )
            (TMP / "nginx.conf").write_text(conf)
            self.spawn("nginx", ["nginx", "-c", str(TMP / "nginx.conf"), "-g", "daemon off;"], dict(os.environ))
        for port in (self.app_port, self.hello_port):
            wait_for(f"http://127.0.0.1:{port}/healthz")
        return self

    @property
    def app_port(self) -> int:
        return NGINX_APP if self.use_nginx else APP_PORT

    @property
    def hello_port(self) -> int:
        return NGINX_HELLO if self.use_nginx else HELLO_PORT

    def worker_rss(self) -> dict[int, int]:
        """RSS in KiB of each gunicorn worker (the master's children)."""
        master = self.procs["gunicorn"].pid
        sizes = {}
        for child in Path(f"/proc/{master}/task/{master}/children").read_text().split():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{child}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes[int(child)] = int(line.split()[1])
        return sizes


def wait_for(address: str, seconds: float = 90) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(address, timeout=2) as response:  # noqa: S310
            if response.status == 200:
                return
        time.sleep(0.3)
    raise SystemExit(f"{address} did not answer; see the logs in {TMP}")


def locust(
    port: int, classes: list[str], users: int, seconds: int, tag: str, spawn_rate: float = 10, **extra: str
) -> list[dict]:
    """Run Locust headless; return its per-endpoint rows (Aggregated last). The figures count from
    the moment every user has started (`--reset-stats`): the ramp-up, with the staff's sign-ins,
    is the warm-up."""
    prefix = TMP / tag
    env = {**os.environ, **extra}
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "benchmarks" / "soak" / "locustfile.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "-u",
        str(users),
        "-r",
        str(spawn_rate),
        "-t",
        f"{seconds}s",
        "--csv",
        str(prefix),
        "--only-summary",
        "--reset-stats",
        "--stop-timeout",
        "10",
        *classes,
    ]
    with open(TMP / f"locust-{tag}.log", "wb") as log:
        subprocess.run(command, env=env, stdout=log, stderr=log, check=False)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as rows:
        return list(csv.DictReader(rows))


def register_pairs(port: int, count: int) -> Path:
    """Seed tracking with real pairs: `count` applications through the API, before the clock runs."""
    out = TMP / "pairs.txt"
    sys.path.insert(0, str(ROOT / "benchmarks" / "soak"))
    import residents  # what the Applicant users send

    rng = residents.random.Random(7)
    lines = []
    service = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/services/EMP-01"))
    department = next(o["department_id"] for o in service["offered_at"] if o["akimat"] == "593400000")
    for _ in range(count):
        boundary = f"soak{rng.getrandbits(64):x}"
        fields = {
            "service": "EMP-01",
            "department": str(department),
            "applicant_iin": residents.valid_iin(rng),
            "applicant_name": "Сынақ Тұрғын (load test)",
            "applicant_phone": f"+7 701 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            "consent": "true",
        }
        body = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        )
        for document in service["documents"]:
            body += (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="document_{document["id"]}"; '
                    f'filename="d.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
                ).encode()
                + residents.PDF
                + b"\r\n"
            )
        body += f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/applications",
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        receipt = json.load(urllib.request.urlopen(request))  # noqa: S310
        lines.append(f"{receipt['number']} {receipt['tracking_code']}\n")
    out.write_text("".join(lines))
    return out


AFTER_CHECKS = """
import json
from openakimat.applications.models import Application
from openakimat.notifications.models import Notification
from openakimat.integrity.models import AuditEntry
from openakimat.integrity.services import audit_seal, audit_verify
numbers = [line.strip() for line in open("{receipts}", encoding="utf-8") if line.strip()]
found = Application.objects.filter(number__in=numbers).count()
states = {{}}
for state in Notification.objects.values_list("status", flat=True):
    states[state] = states.get(state, 0) + 1
print(json.dumps({{
    "receipts": len(numbers), "receipts_found": found, "notifications": states,
    "unsealed": AuditEntry.objects.filter(sequence__isnull=True).count(),
    "audit_entries": AuditEntry.objects.count(), "chain_broken_at": audit_verify(),
}}))
"""


def after_checks(url: str) -> dict:
    """What the database holds after the soak, once the worker has caught up (up to 90 s)."""
    script = AFTER_CHECKS.format(receipts=TMP / "receipts.txt")
    deadline = time.time() + 90
    while True:
        result = json.loads(manage(url, "shell", "-c", script).strip().splitlines()[-1])
        pending = sum(n for state, n in result["notifications"].items() if state != "sent")
        if (pending == 0 and result["unsealed"] == 0) or time.time() > deadline:
            return result
        time.sleep(3)


def ms(value: str) -> str:
    return f"{float(value):,.0f}" if value not in ("", "N/A") else "–"


def table(rows: list[dict]) -> str:
    lines = [
        "| endpoint | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        name = f"**{row['Name']}**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {float(row['Requests/s']):.2f} | "
            f"{ms(row['50%'])} | {ms(row['95%'])} | {ms(row['99%'])} | {ms(row['Max Response Time'])} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("SOAK_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--multiplier", type=int, default=10)
    parser.add_argument("--saturate", type=int, default=60, help="seconds of each throughput run (0: none)")
    parser.add_argument("--no-nginx", action="store_true")
    args = parser.parse_args()
    # A `timeout` or Ctrl-C still stops every process the run started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    staff_count = 30 * args.multiplier
    started = time.strftime("%Y-%m-%d %H:%M")
    print(f"preparing {args.url} with {staff_count} staff accounts …", flush=True)
    staff = prepare(args.url, staff_count)
    report = [f"Run {started}, load average before: {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores."]
    with Stack(args.url, use_nginx=not args.no_nginx) as stack:
        layout = "nginx → gunicorn" if stack.use_nginx else "gunicorn (no nginx on this machine)"
        report.append(f"Layout: {layout} `{' '.join(GUNICORN)}`, PostgreSQL, Redis, Celery worker and beat.")
        pairs = register_pairs(stack.app_port, 200)
        if args.saturate:
            for tag, port, cls in (("hello", stack.hello_port, "Hello"), ("mix", stack.app_port, "PublicMix")):
                print(f"throughput: {cls}, 50 users, {args.saturate} s …", flush=True)
                rows = locust(port, [cls], 50, args.saturate + 5, tag, spawn_rate=50, SOAK_PAIRS_FILE=str(pairs))
                report.append(f"\n### Throughput at 50 connections: {cls}\n\n{table(rows)}")
        classes = ["Resident", "Applicant", "Tracker", "BudgetReader", "Staff"]
        users = (5 + 1 + 4 + 5 + 30) * args.multiplier
        seconds = int(args.minutes * 60)
        print(f"soak: {users} users for {seconds} s …", flush=True)
        samples: list[tuple[float, dict[int, int]]] = []

        def sample() -> None:
            begin = time.time()
            while time.time() - begin < seconds + 5:
                samples.append((time.time() - begin, stack.worker_rss()))
                time.sleep(10)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        rows = locust(
            stack.app_port,
            classes,
            users,
            seconds,
            "soak",
            spawn_rate=users / 60,  # everyone in over the first minute
            SOAK_PAIRS_FILE=str(pairs),
            SOAK_MULTIPLIER=str(args.multiplier),
            SOAK_STAFF=",".join(staff),
            SOAK_PASSWORD=PASSWORD,
            SOAK_TOTP_KEY=TOTP_KEY,
            SOAK_RECEIPTS_FILE=str(TMP / "receipts.txt"),
        )
        sampler.join(timeout=30)
        warm = next((rss for t, rss in samples if t >= 60), samples[0][1])
        last = samples[-1][1]
        same = [pid for pid in last if pid in warm]
        growth = (sum(last[p] for p in same) - sum(warm[p] for p in same)) / max(1, sum(warm[p] for p in same))
        restarted = len(set(last) - set(warm))
        checks = after_checks(args.url)
        delivered = len(stack.gateway.deliveries)
        report.append(
            f"\n### Soak: {users} users ({args.multiplier}× the peak) for {args.minutes:g} min\n\n{table(rows)}"
        )
        report.append(
            f"\nMemory of the {len(same)} gunicorn workers, after 1 min → at the end: "
            f"{sum(warm[p] for p in same) / 1024:,.1f} → {sum(last[p] for p in same) / 1024:,.1f} MiB "
            f"(**{growth:+.1%}**); workers restarted during the run: {restarted}."
        )
        report.append(
            f"\nAfterwards: {checks['receipts_found']} of {checks['receipts']} receipts found in the database; "
            f"notifications {checks['notifications']}, {delivered} delivered to the gateway; audit entries "
            f"{checks['audit_entries']}, unsealed {checks['unsealed']}, chain "
            f"{'intact' if checks['chain_broken_at'] is None else 'BROKEN at ' + str(checks['chain_broken_at'])}."
        )
    report.append(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}.")
    print("\n".join(report))


if __name__ == "__main__":
    main()
