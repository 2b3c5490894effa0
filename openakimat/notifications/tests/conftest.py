import json
import os
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# The front office's cast (a service, its offering, a specialist, the `register` helper).
from openakimat.applications.tests.conftest import _english, apz, case, offering, register, specialist  # noqa: F401


class Gateway:
    """A real HTTP SMS gateway on a local port that records what it gets and answers `status`."""

    def __init__(self):
        self.received: list[dict] = []
        self.headers: list[dict] = []
        self.status = 200
        self.delay = 0.0
        self.arrived = threading.Event()


@pytest.fixture
def gateway(settings):
    state = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            if state.delay:
                threading.Event().wait(state.delay)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append(json.loads(body))
            state.headers.append(dict(self.headers))
            self.send_response(state.status)
            self.end_headers()
            self.wfile.write(b"{}")
            state.arrived.set()

        def log_message(self, *args):  # keep the test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_address[1]}/send"
    settings.SMS_GATEWAY_TOKEN = "gateway-secret"
    yield state
    server.shutdown()
    server.server_close()


@contextmanager
def celery_broker(url: str):
    """Send tasks to the broker at `url` instead of running them eagerly, for the duration."""
    from config.celery import app

    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    saved_env = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = url  # Celery reads this before its settings
    app.conf.update(task_always_eager=False, broker_url=url)
    app._after_fork()  # drop connection pools made for another broker
    try:
        yield app
    finally:
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        app.conf.update(saved)
        app._after_fork()
