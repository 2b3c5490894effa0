"""One journey through a real Celery worker and Redis: a resident registers, the task goes through
the broker, a worker process sends the SMS, and the outbox row is marked sent.

It needs a database that a second process can open, so it runs in the PostgreSQL pass of the
suite (the embedded SQLite test database lives in this process's memory). The broker is a Redis of
the test's own (`own_redis`): on a shared Redis, another worker listening to the same database
number takes the task and looks for the row in its own database. Without redis-server it is
skipped, except on CI, where a missing broker fails the run."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from openakimat.notifications.models import DeliveryStatus, Notification

from .conftest import celery_broker

pytestmark = [pytest.mark.celery, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def broker(request) -> str:
    if connection.vendor != "postgresql":
        pytest.skip("a worker process can't open the in-memory SQLite test database: runs on PostgreSQL")
    return request.getfixturevalue("own_redis").url(0)


@pytest.fixture
def worker(broker):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "TEST_CELERY_BROKER_URL": broker,
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


def test_a_real_worker_sends_the_residents_sms_through_redis(worker, broker, register, settings):
    settings.SMS_BACKEND = "log"
    with celery_broker(broker):
        case = register()
    deadline = time.monotonic() + 90  # a worker starting on a busy machine takes a while
    while time.monotonic() < deadline:
        statuses = set(Notification.objects.filter(target_id=case.pk).values_list("status", flat=True))
        if statuses == {DeliveryStatus.SENT}:
            break
        assert worker.poll() is None, "the worker stopped"
        time.sleep(0.3)
    assert statuses == {DeliveryStatus.SENT}, f"the worker did not send within 90 s: {statuses}"
