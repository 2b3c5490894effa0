"""PostgreSQL restarted under load, for real: the app runs in gunicorn with the production settings
(DEBUG off, kept connections with health checks) against a PostgreSQL cluster of the test's own,
residents apply and track from several threads, and the database is stopped and started again in
the middle of it. The app recovers by itself (nothing is restarted but the database), every
application that got a receipt is in the database afterwards, and the requests made while the
database was away got a 503: JSON from the API, an HTML page elsewhere.

Runs in the PostgreSQL pass of the suite (once is enough; it starts its own cluster either way)."""

import http.client
import itertools
import json
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field

import pytest
from django.conf import settings

from openakimat.common.tests.faults import (
    ROOT,
    OwnPostgres,
    Service,
    app_env,
    free_port,
    gunicorn,
    migrate,
    wait_for_http,
    wait_until,
)

from .conftest import IIN

pytestmark = [pytest.mark.faults, pytest.mark.postgres]

CODE = "CONS-09"
SEED = f"""
from datetime import date
from conftest import make_akimat, make_department, make_territory
from openakimat.catalogue.models import ServiceOffering
from openakimat.catalogue.services import public_service_create
from openakimat.common.actor import SystemActor
from openakimat.territory.models import AkimatKind, ServiceStatus, TerritoryLevel

region = make_territory("590000000", TerritoryLevel.REGION, None, "North Kazakhstan region")
akzhar = make_territory("593400000", TerritoryLevel.DISTRICT, region, "Akzhar district")
akimat = make_akimat(akzhar, AkimatKind.DISTRICT, service_status=ServiceStatus.OPEN,
                     service_opened_on=date(2024, 3, 15), case_prefix="AKZ")
service = public_service_create(
    actor=SystemActor("faults"), code="{CODE}", department_kind="construction", name_en="Address reference",
    name_ru="Справка об адресе", name_kk="Мекенжай анықтамасы", term_value=1, term_unit="working_days",
    online=True,
)
ServiceOffering.objects.create(service=service, department=make_department(akimat))
"""


@dataclass
class Stack:
    cluster: OwnPostgres
    database_url: str
    port: int
    server: Service


@pytest.fixture(scope="module")
def stack(request, tmp_path_factory):
    """The app in gunicorn, production settings, on a PostgreSQL cluster of its own."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("runs once, in the PostgreSQL pass of the suite")
    own_postgres = request.getfixturevalue("own_postgres")
    database_url = own_postgres.create_database("openakimat")
    migrate(database_url)
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SEED],
        cwd=ROOT,
        env=app_env(DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL=database_url, LOG_LEVEL="WARNING"),
        check=True,
        timeout=300,
    )
    files = tmp_path_factory.mktemp("app-files")
    port = free_port()
    env = app_env(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="60",  # and CONN_HEALTH_CHECKS left at its default (on)
        SUBMISSION_RATE_PER_HOUR="0",  # every client is 127.0.0.1
        STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",  # no collectstatic
        MEDIA_ROOT=str(files / "media"),
        PRIVATE_MEDIA_ROOT=str(files / "private"),
        SMS_BACKEND="http",
        SMS_GATEWAY_URL=f"http://127.0.0.1:{free_port()}/",  # nobody there: the outbox keeps the messages
        LOG_LEVEL="WARNING",
    )
    server = gunicorn(env, port, workers=2).start()
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", timeout=90, server=server)
        yield Stack(own_postgres, database_url, port, server)
    finally:
        server.stop()


@dataclass
class Answer:
    kind: str
    started: float
    ended: float
    status: int  # 0: no answer at all
    content_type: str = ""
    body: bytes = b""
    page_cache: str = ""  # the X-Page-Cache header: "hit" when the page came from the shared cache

    @property
    def ok(self) -> bool:
        return self.status == {"submit": 201, "track": 200, "page": 200}[self.kind]


@dataclass
class Load:
    """Residents applying, tracking and reading pages from `threads` threads until stopped."""

    port: int
    threads: int = 4
    answers: list[Answer] = field(default_factory=list)
    receipts: list[dict] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def request(self, kind: str, method: str, path: str, body: dict | None = None) -> Answer:
        headers = {"Accept-Language": "ru"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers |= {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            answer = Answer(
                kind,
                started,
                0,
                response.status,
                response.getheader("Content-Type", ""),
                response.read(),
                response.getheader("X-Page-Cache", ""),
            )
        except OSError:
            answer = Answer(kind, started, 0, 0)
        finally:
            connection.close()
        answer.ended = time.monotonic()
        self.answers.append(answer)
        return answer

    def resident(self) -> None:
        for step in itertools.cycle(("submit", "track", "page")):
            if self.stop.is_set():
                return
            if step == "submit":
                body = {
                    "service": CODE,
                    "applicant_iin": IIN,
                    "applicant_name": "Айгерім Сәтбаева",
                    "applicant_phone": "+7 701 123 4567",
                    "consent": True,
                }
                answer = self.request("submit", "POST", "/api/v1/applications", body)
                if answer.status == 201:
                    self.receipts.append(json.loads(answer.body))
            elif step == "track" and self.receipts:
                receipt = self.receipts[-1]
                self.request("track", "POST", "/api/v1/track", {k: receipt[k] for k in ("number", "tracking_code")})
            elif step == "page":
                self.request("page", "GET", "/ru/")
            time.sleep(0.02)

    def __enter__(self) -> "Load":
        self.workers = [threading.Thread(target=self.resident, daemon=True) for _ in range(self.threads)]
        for worker in self.workers:
            worker.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for worker in self.workers:
            worker.join(timeout=120)

    def started_after(self, moment: float) -> list[Answer]:
        return [a for a in list(self.answers) if a.started > moment]


def test_postgresql_restarted_under_load(stack):
    pid = stack.server.pid
    with Load(stack.port) as load:
        wait_until(lambda: len(load.receipts) >= 8, 90, "the first applications")

        stopping = time.monotonic()
        stack.cluster.stop("fast")  # rolls back what was in flight and closes every connection
        down = time.monotonic()
        wait_until(lambda: len([a for a in load.started_after(down) if a.ended]) >= 8, 60, "requests in the outage")
        starting = time.monotonic()
        stack.cluster.start()
        up = time.monotonic()
        wait_until(lambda: len([a for a in load.started_after(up) if a.kind == "submit"]) >= 8, 90, "the recovery")
    log = stack.server.output[-3000:]

    # Recovered by itself: the same server, and every request made after the restart answered.
    assert stack.server.alive() and stack.server.pid == pid
    failed = [(a.kind, a.status, a.body[:200]) for a in load.started_after(up) if not a.ok]
    assert not failed, f"requests after the restart failed: {failed}\n{log}"
    assert all(a.ok for a in load.answers if a.ended < stopping), "requests before the outage failed"

    # Every receipt is an application in the database, with the code the resident was given.
    numbers = {r["number"]: r["tracking_code"] for r in load.receipts}
    assert len(numbers) == len(load.receipts)
    with stack.cluster.connect("openakimat") as db:
        rows = dict(
            db.execute(
                "SELECT number, tracking_code FROM applications_application WHERE number = ANY(%s)", [list(numbers)]
            ).fetchall()
        )
    assert rows == numbers
    assert [r for r in load.receipts if r["number"] not in rows] == []

    # While the database was away: a 503 "try again", JSON from the API and a page elsewhere; or a
    # public page the page cache still holds, served from it as it was (the cache keeps the public
    # pages up through an outage).
    during = [a for a in load.answers if a.started > down and a.ended and a.ended < starting]
    assert during, "no request was answered during the outage"
    assert all(a.status != 0 for a in during), "the server dropped connections instead of answering"
    wrong = [(a.kind, a.status, a.content_type) for a in during if not _unavailable_answer(a)]
    assert not wrong, f"answers during the outage that are not a 503 'try again': {wrong}"


def test_a_restart_between_requests_costs_no_request(stack):
    """Kept connections die with the database, quietly, while nobody asks. The next request checks
    its connection before use (CONN_HEALTH_CHECKS) and opens a new one instead of failing."""
    client = Load(stack.port)
    for _ in range(12):  # both workers open and keep a connection
        assert client.request("page", "GET", "/ru/").ok
    stack.cluster.stop("fast")
    stack.cluster.start()
    answers = [client.request("page", "GET", "/ru/") for _ in range(12)]
    assert [a.status for a in answers] == [200] * 12


def _unavailable_answer(answer: Answer) -> bool:
    if answer.kind == "page" and answer.status == 200 and answer.page_cache.startswith("hit"):
        return True
    if answer.status != 503:
        return False
    if answer.kind == "page":
        return answer.content_type.startswith("text/html")
    if not answer.content_type.startswith("application/json"):
        return False
    detail = json.loads(answer.body).get("detail")
    return isinstance(detail, str) and bool(detail)
