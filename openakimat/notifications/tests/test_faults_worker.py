"""A Celery worker killed while it sends an SMS: after a restart the message goes out exactly once.

The outbox row is claimed with a lock (SELECT … FOR UPDATE SKIP LOCKED) and marked sent in the
same transaction, after the gateway answered. A worker killed while the gateway holds its request
leaves the row pending (its transaction dies with its connection), and the sweep sends it again.
That is at-least-once: if the gateway had already taken the message, a gateway that does not
de-duplicate would send the SMS twice, and nothing on our side can know. So every attempt at one
message carries the same `Idempotency-Key` header, and a gateway that keeps the keys it has seen
sends it once. This test's gateway does: it takes a message as soon as it has read the request
(before it answers, as a real one would), so the kill lands after the gateway accepted it and
before our commit, the one window where a duplicate could come from.

Real parts: the test's own Redis as the broker, real worker processes, a real HTTP gateway on a
loopback port, the suite's PostgreSQL test database (a second process can't open SQLite's)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection

from openakimat.common.tests.faults import app_env, celery_worker, wait_until
from openakimat.notifications.models import DeliveryStatus, Medium, Notification

from .conftest import celery_broker

pytestmark = [pytest.mark.faults, pytest.mark.celery, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class DedupingGateway:
    """An SMS gateway that takes a message when it has read the request, de-duplicates by the
    Idempotency-Key header, and can hold its answer to the first request until released."""

    def __init__(self) -> None:
        self.requests: list[dict] = []  # every request: its key and body
        self.delivered: list[dict] = []  # the messages it handed to the phone network
        self.hold_first = threading.Event()  # set: answer at once
        self.first_arrived = threading.Event()
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                key = self.headers.get("Idempotency-Key", "")
                with gateway.lock:
                    first = not gateway.requests
                    gateway.requests.append({"key": key, "body": body})
                    seen = bool(key) and any(d["key"] == key for d in gateway.delivered)
                    if not seen:
                        gateway.delivered.append({"key": key, "body": body})
                if first:
                    gateway.first_arrived.set()
                    gateway.hold_first.wait(60)
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(json.dumps({"duplicate": seen}).encode())
                except OSError:
                    pass  # the worker that asked is dead

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.hold_first.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    state = DedupingGateway()
    yield state
    state.close()


@pytest.fixture
def start_worker(request, gateway):
    """Start a worker on the test's own Redis and the suite's database; all killed at the end."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker process can't open the in-memory SQLite test database: runs on PostgreSQL")
    own_redis = request.getfixturevalue("own_redis")
    db = connection.settings_dict
    env = app_env(
        DJANGO_SETTINGS_MODULE="config.test_settings",
        TEST_CELERY_BROKER_URL=own_redis.url(0),
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        SMS_BACKEND="http",
        SMS_GATEWAY_URL=gateway.url,
        SMS_GATEWAY_TIMEOUT="90",  # longer than the gateway holds the first request
    )
    started = []

    def start():
        worker = celery_worker(env).start()
        started.append(worker)
        worker.wait_for_line(" ready.", timeout=90)  # a worker starting on a busy machine takes a while
        return worker

    yield start
    for worker in started:
        worker.kill()


def test_a_worker_killed_mid_send_leaves_the_message_to_be_sent_exactly_once(
    start_worker, own_redis, gateway, register, settings
):
    worker = start_worker()
    with celery_broker(own_redis.url(0)):
        case = register()  # the resident's SMS is queued after the commit, through the broker
    outbox = Notification.objects.get(target_id=case.pk, medium=Medium.SMS)

    assert gateway.first_arrived.wait(90), f"the worker never reached the gateway:\n{worker.output[-3000:]}"
    worker.kill()  # SIGKILL while the gateway holds the request it has already taken
    gateway.hold_first.set()
    outbox.refresh_from_db()
    assert outbox.status == DeliveryStatus.PENDING and outbox.attempts == 0, "the dead worker's claim rolled back"

    # A new worker, and the sweep that beat runs every minute.
    replacement = start_worker()
    from openakimat.notifications.tasks import sweep_notifications

    swept_at = []

    def sent():
        assert replacement.alive(), replacement.output[-3000:]
        outbox.refresh_from_db()
        if outbox.status == DeliveryStatus.SENT:
            return True
        # Sweep as beat does, only more often: a sweep that ran while the dead worker's database
        # session still held the row skipped it (SKIP LOCKED), as it should.
        if not swept_at or time.monotonic() - swept_at[-1] > 5:
            with celery_broker(own_redis.url(0)):
                sweep_notifications.delay()
            swept_at.append(time.monotonic())
        return False

    wait_until(sent, 90, "the replacement worker to send the message", interval=0.2)

    assert len(gateway.requests) == 2, "the message was tried again after the kill"
    keys = {r["key"] for r in gateway.requests}
    assert len(keys) == 1 and "" not in keys, "every attempt at one message carries the same key"
    assert len(gateway.delivered) == 1, "the gateway sent the SMS to the phone exactly once"
    assert gateway.delivered[0]["body"]["to"] == "+77011234567"
    assert outbox.attempts == 1
    assert Notification.objects.filter(target_id=case.pk, medium=Medium.SMS).count() == 1
