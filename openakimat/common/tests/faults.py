"""Real services that a fault test may break: a PostgreSQL cluster and a Redis server of the test's
own (never the machine's shared ones, which other work uses), an app server and a Celery worker,
each a subprocess that the test starts, stops, kills and restarts as an operator's bad day would.

Everything started here is stopped and its files removed when the fixture ends, whatever the test
did. Without the server binaries the tests are skipped, except on CI (``CI=true``), where a missing
binary fails the run rather than letting the fault tests pass by not running.

- ``OwnPostgres``: ``initdb`` into a temporary folder, ``pg_ctl`` on a free loopback port, trust
  authentication; as the ``postgres`` user when the tests run as root (initdb refuses root).
- ``OwnRedis``: ``redis-server`` on a free port, no persistence; ``stop``/``start`` it, or ``pause``
  it (SIGSTOP: a server that accepts connections and never answers).
- ``Service``: any long-running subprocess (gunicorn, a Celery worker) whose output is kept, so a
  test can wait for a line and show the log when something goes wrong.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from glob import glob
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SECRET_KEY = "fault-tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def free_port() -> int:
    """A loopback port nothing listens on now (the kernel's choice)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unavailable(reason: str) -> None:
    """Skip the test for want of a binary; on CI, fail instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must run the fault tests)")
    pytest.skip(reason)


def wait_until(predicate, timeout: float, what: str, interval: float = 0.1):
    """Poll `predicate` until it returns something true; fail naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def app_env(**extra: str) -> dict[str, str]:
    """The environment of a subprocess of the app: only what it needs from ours (so a developer's
    DATABASE_URL, CACHE_URL or broker never leaks into a fault test), plus `extra`."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "VIRTUAL_ENV")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update(PYTHONUNBUFFERED="1", SECRET_KEY=SECRET_KEY, SECURE_SSL_REDIRECT="false")
    env.update(extra)
    return env


class Service:
    """A subprocess whose output (stdout and stderr together) is collected by a thread."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], cwd: Path = ROOT) -> None:
        self.name, self.args, self.env, self.cwd = name, args, env, cwd
        self.process: subprocess.Popen[str] | None = None
        self.lines: list[str] = []

    def start(self) -> "Service":
        self.process = subprocess.Popen(
            self.args,
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group: a kill reaches its children
        )
        stream = self.process.stdout
        assert stream is not None
        threading.Thread(target=lambda: self.lines.extend(stream), daemon=True).start()
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for_line(self, text: str, timeout: float) -> None:
        def seen() -> bool:
            if not self.alive():
                raise AssertionError(f"{self.name} stopped:\n{self.output[-4000:]}")
            return any(text in line for line in list(self.lines))

        wait_until(seen, timeout, f"{self.name} to print {text!r}")

    def kill(self) -> None:
        """SIGKILL the whole process group, as the OOM killer or a pulled plug would."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)
        if self.process is not None:
            self.process.wait(timeout=30)

    def stop(self, timeout: float = 15) -> None:
        if not self.alive():
            return
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()


def gunicorn(env: dict[str, str], port: int, workers: int = 2) -> Service:
    """The app behind gunicorn on a loopback port, as docs/configuration.md runs it in production."""
    args = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    args += ["--workers", str(workers), "--worker-class", "sync", "--timeout", "60", "--graceful-timeout", "5"]
    return Service("gunicorn", args, env)


def wait_for_http(url: str, timeout: float, server: Service | None = None) -> None:
    def answers() -> bool:
        if server is not None and not server.alive():
            raise AssertionError(f"{server.name} stopped:\n{server.output[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                return 200 <= response.status < 300
        except (urllib.error.URLError, OSError):
            return False

    wait_until(answers, timeout, f"{url} to answer", interval=0.2)


def celery_worker(env: dict[str, str]) -> Service:
    """One worker process (solo pool): a SIGKILL to it is a SIGKILL to the task it runs."""
    args = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO"]
    args += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    return Service("celery worker", args, env)


# PostgreSQL


def _postgres_bindir() -> Path | None:
    explicit = os.environ.get("FAULTS_PG_BINDIR")
    candidates = [explicit] if explicit else sorted(glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for path in candidates:
        if path and (Path(path) / "initdb").exists() and (Path(path) / "pg_ctl").exists():
            return Path(path)
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


class OwnPostgres:
    """A PostgreSQL cluster in a temporary folder on a free loopback port, trust authentication."""

    def __init__(self) -> None:
        bindir = _postgres_bindir()
        if bindir is None:
            unavailable("PostgreSQL's initdb and pg_ctl are not installed (set FAULTS_PG_BINDIR)")
        assert bindir is not None
        self.bindir = bindir
        self.user: str | None = None
        if os.geteuid() == 0:  # initdb refuses to run as root
            try:
                import pwd

                pwd.getpwnam("postgres")
            except KeyError:
                unavailable("running as root and there is no 'postgres' user to own a test cluster")
            self.user = "postgres"
        self.base = Path(tempfile.mkdtemp(prefix="oa-faults-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "postgres.log"
        self.port = free_port()
        if self.user:
            shutil.chown(self.base, user=self.user)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / tool), *args]
        if self.user:
            runuser = shutil.which("runuser") or "/usr/sbin/runuser"
            command = [runuser, "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.base, timeout=120)
        if check and result.returncode != 0:
            raise AssertionError(f"{tool} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result

    def start(self) -> None:
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: "fast" rolls back open transactions and closes every connection."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(self.url(database).replace("postgres://", "postgresql://", 1), autocommit=True)

    def create_database(self, name: str) -> str:
        with self.connect() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            if self.running():
                self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[OwnPostgres]:
    """A running PostgreSQL cluster of this test module's own, removed afterwards."""
    cluster = OwnPostgres()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.close()


def migrate(database_url: str) -> None:
    """Create the schema in `database_url` (about 5 s)."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=app_env(DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL=database_url),
        check=True,
        timeout=300,
    )


# Redis


class OwnRedis:
    """A redis-server of the test's own on a free loopback port, without persistence."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            unavailable("redis-server is not installed")
        assert binary is not None
        self.binary = binary
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        args += ["--daemonize", "no", "--loglevel", "warning"]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self.answers, 20, f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # in case it was paused
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None

    def pause(self) -> None:
        """Freeze the server: connections are accepted by the kernel and never answered."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=20)


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    """A running Redis of this test's own, stopped afterwards whatever the test did to it."""
    server = OwnRedis()
    try:
        server.start()
        yield server
    finally:
        server.close()
