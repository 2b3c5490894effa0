"""Production configuration: the deploy checks are silent and static files are hashed and
compressed. These run the real manage.py in a subprocess with production-like variables."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def production_env(database: Path | None = None, **extra: str) -> dict[str, str]:
    """Production-like variables around `database`, a SQLite file (by default a new, empty one: the
    deploy checks look for the demo's accounts in it). The values the production checks ask for
    are set: an SMS gateway and a shared cache (nothing connects to them while checking)."""
    database = database or Path(tempfile.mkdtemp(prefix="deploy-check-")) / "clean.sqlite3"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "SECURE_SSL_REDIRECT", "CELERY_BROKER_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY="production-like-secret-" + "x7Qp2vR9sT4wZ8bN3mK6jH1gF5dC0aL" * 2,
        ALLOWED_HOSTS="akimat.example.kz",
        DATABASE_URL=f"sqlite:///{database}",
        SMS_BACKEND="http",
        SMS_GATEWAY_URL="https://sms.example.kz/send",
        SECURITY_CONTACT="mailto:security@akimat.example.kz",
        SITE_URL="https://akimat.example.kz",
        CACHE_URL="redis://127.0.0.1:6379/5",
    )
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_check_deploy_reports_nothing_with_production_values_on_a_clean_database(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path / "clean.sqlite3"))
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_refuses_the_log_sms_backend_and_a_per_process_cache(tmp_path):
    env = production_env(tmp_path / "clean.sqlite3", SMS_BACKEND="log", CACHE_URL="locmemcache://")
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "openakimat.E002" in result.stderr and "openakimat.E004" in result.stderr


def test_settings_refuse_to_start_without_a_secret_key_in_production():
    env = production_env()
    env.pop("SECRET_KEY")
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.slow_io
def test_collectstatic_writes_hashed_and_compressed_files(tmp_path):
    result = manage("collectstatic", "--no-input", env=production_env(STATIC_ROOT=str(tmp_path)))
    assert result.returncode == 0, result.stderr
    css = list((tmp_path / "css").glob("site.*.css"))
    assert len(css) == 1, "hashed site.css"
    assert Path(f"{css[0]}.gz").exists() and Path(f"{css[0]}.br").exists()
    assert list((tmp_path / "vendor" / "leaflet").glob("leaflet.*.js.gz"))
