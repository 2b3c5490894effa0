"""One journey through a real Celery worker and Redis: a resident registers, the task goes through
the broker, a worker process sends the SMS, and the outbox row is marked sent.

It needs a database that a second process can open, so it runs in the PostgreSQL pass of the
suite (the embedded SQLite test database lives in this process's memory). Without Redis it is
skipped, except on CI, where a missing broker fails the run."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from openakimat.notifications.models import DeliveryStatus, Notification

from .conftest import celery_broker

pytestmark = [pytest.mark.celery, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
REDIS = ("127.0.0.1", 6379)
BROKER = "redis://127.0.0.1:6379/9"  # a database of Redis of its own
ROOT = Path(__file__).resolve().parents[3]


def _redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def worker():
    if connection.vendor != "postgresql":
        pytest.skip("a worker process can't open the in-memory SQLite test database: runs on PostgreSQL")
    if not _redis_answers():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not answering on 127.0.0.1:6379 (.ci/run starts it)")
        pytest.skip("Redis is not answering on 127.0.0.1:6379")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "TEST_CELERY_BROKER_URL": BROKER,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        # Personal data never reaches the worker's log: the SMS log backend masks the number.
        assert "+77011234567" not in output


def test_a_real_worker_sends_the_residents_sms_through_redis(worker, register, settings):
    settings.SMS_BACKEND = "log"
    with celery_broker(BROKER):
        case = register()
    deadline = time.monotonic() + 90  # a worker starting on a busy machine takes a while
    while time.monotonic() < deadline:
        statuses = set(Notification.objects.filter(target_id=case.pk).values_list("status", flat=True))
        if statuses == {DeliveryStatus.SENT}:
            break
        assert worker.poll() is None, "the worker stopped"
        time.sleep(0.3)
    assert statuses == {DeliveryStatus.SENT}, f"the worker did not send within 90 s: {statuses}"
