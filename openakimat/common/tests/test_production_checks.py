"""Production refuses a per-process cache (openakimat.E004), and keeps database connections open
on PostgreSQL by default."""

import json
import subprocess
import sys

import pytest

from openakimat.common.checks import shared_cache
from openakimat.common.tests.test_deployment import ROOT, production_env


@pytest.mark.parametrize(
    "backend", ["django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache"]
)
def test_a_cache_private_to_each_process_is_refused_in_production(settings, backend):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": backend}}
    assert [e.id for e in shared_cache()] == ["openakimat.E004"]
    settings.DEBUG = True
    assert shared_cache() == []


def test_a_shared_cache_passes(settings):
    settings.DEBUG = False
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/5"}
    }
    assert shared_cache() == []


def database_settings(database_url: str, **extra: str) -> dict:
    env = production_env(DATABASE_URL=database_url, **extra)
    code = "from django.conf import settings; import json; print(json.dumps(settings.DATABASES['default']))"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_connections_persist_with_health_checks_on_postgresql_and_not_on_sqlite(tmp_path):
    pg = database_settings("postgres://openakimat@127.0.0.1:5432/openakimat")
    assert (pg["CONN_MAX_AGE"], pg["CONN_HEALTH_CHECKS"]) == (60, True)
    lite = database_settings(f"sqlite:///{tmp_path}/db.sqlite3")
    assert lite["CONN_MAX_AGE"] == 0
    tuned = database_settings("postgres://openakimat@127.0.0.1:5432/openakimat", CONN_MAX_AGE="0")
    assert tuned["CONN_MAX_AGE"] == 0
