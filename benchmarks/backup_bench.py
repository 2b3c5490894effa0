"""How long a backup, its check and its restore take, and how big the backup is (PostgreSQL).

Makes a throw-away database holding the demo data (`migrate`, `load_demo`) and adds FILES
residents' documents of FILE_KB kilobytes each (random bytes, which don't compress: the worst
case) to its private upload folder; then times, as an operator runs them, each a `manage.py`
subprocess (Django's start-up included):

  backup         manage.py backup into a new folder
  check          manage.py restore --check-only (every SHA-256 recomputed)
  restore        manage.py restore into a second, empty database and empty folders (checks, loads,
                 copies, counts the rows and verifies the audit chain)
  start-up       manage.py shell -c pass: the part of each figure that is Django starting

Both databases (`<name>` and `<name>_restore`) are dropped at the end.

    .venv/bin/python benchmarks/backup_bench.py [--files 1000] [--file-kb 100]

BENCH_DATABASE_URL names the database to create (default
postgres://postgres@127.0.0.1:5432/oa_backup_bench); pg_dump, pg_restore and psql must be on PATH.
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/oa_backup_bench"


def server_command(url: str, *sql: str) -> None:
    parts = urlsplit(url)
    env = dict(os.environ, PGPASSWORD=parts.password or "")
    for statement in sql:
        subprocess.run(
            ["psql", "--no-psqlrc", "-q", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432),
             "-U", parts.username or "postgres", "-d", "postgres", "-c", statement],
            check=True, env=env,
        )  # fmt: skip


def manage(env: dict[str, str], *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed, result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--file-kb", type=int, default=100)
    options = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    name = urlsplit(url).path.lstrip("/")
    restore_url = url.rsplit("/", 1)[0] + f"/{name}_restore"
    work = Path(tempfile.mkdtemp(prefix="backup-bench-"))
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "CELERY_BROKER_URL"}}
    base.update(DEBUG="true", SECRET_KEY="backup-bench-" + "b" * 50, CACHE_URL="locmemcache://")
    source = dict(base, DATABASE_URL=url, MEDIA_ROOT=str(work / "media"), PRIVATE_MEDIA_ROOT=str(work / "private"))
    target = dict(
        base, DATABASE_URL=restore_url, MEDIA_ROOT=str(work / "media2"), PRIVATE_MEDIA_ROOT=str(work / "private2")
    )
    try:
        for db in (name, f"{name}_restore"):
            server_command(url, f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)', f'CREATE DATABASE "{db}"')
        manage(source, "migrate", "--no-input", "-v0")
        manage(source, "load_demo")
        extra = work / "private" / "bench"
        extra.mkdir(parents=True)
        for n in range(options.files):
            (extra / f"{n:06d}.pdf").write_bytes(os.urandom(options.file_kb * 1024))

        backup_s, backup_line = manage(source, "backup", "--output", str(work / "backups"))
        (made,) = (work / "backups").iterdir()
        check_s, _ = manage(source, "restore", "--check-only", str(made))
        restore_s, restore_line = manage(target, "restore", str(made))
        startup_s, _ = manage(source, "shell", "-c", "pass")
        dump = next(p for p in made.iterdir() if p.name.startswith("database."))
        print(f"# backup benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores")
        print(f"data: the demo data set + {options.files} documents of {options.file_kb} KB")
        print(f"backup:  {backup_line}")
        print(f"restore: {restore_line}")
        print(f"dump {dump.stat().st_size / 1e6:.2f} MB, whole backup {size_of(made) / 1e6:.1f} MB")
        print("| step | seconds |")
        print("|---|---|")
        steps = {"backup": backup_s, "check-only": check_s, "restore": restore_s, "start-up": startup_s}
        for step, seconds in steps.items():
            print(f"| {step} | {seconds:.1f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for db in (name, f"{name}_restore"):
            server_command(url, f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


if __name__ == "__main__":
    main()
