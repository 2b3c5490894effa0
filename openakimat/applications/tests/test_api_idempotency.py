"""A submission retried with the same Idempotency-Key while the first attempt is still running: the
retry waits for the first and gets its application (200), never a 429 from the rate limit the
first attempt used, and never a second application; if the first runs for too long, the retry is
told 409 with Retry-After instead. Real requests in real threads on PostgreSQL; the first attempt
is held inside the registration by an event, so the overlap is certain, not a matter of timing."""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client

from openakimat.applications import api as applications_api
from openakimat.applications.models import Application

from .conftest import IIN

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
KEY = "5f0c1e7a-2b4d-4c55-9f1e-0a6b1c2d3e4f"
BODY = {
    "service": "CONS-09",
    "applicant_iin": IIN,
    "applicant_name": "Айгерім Сәтбаева",
    "applicant_phone": "+7 701 123 4567",
    "consent": True,
}


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: on SQLite the one write lock of the file serialises the attempts")


@pytest.fixture
def held_first_attempt(monkeypatch):
    """The first registration stops inside the service until `release` is set; later ones run."""
    inside, release = threading.Event(), threading.Event()
    real = applications_api.services.application_register
    calls = []

    def register(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            inside.set()
            assert release.wait(60), "the test never released the first attempt"
        return real(**kwargs)

    monkeypatch.setattr(applications_api.services, "application_register", register)
    return inside, release


def submit(results, name):
    try:
        results[name] = Client().post(
            "/api/v1/applications", BODY, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY
        )
    finally:
        connections.close_all()


def waiting_for_the_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks "
            "WHERE locktype = 'advisory' AND NOT granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        return cursor.fetchone()[0] > 0


def until(condition, limit=60.0):
    """Poll `condition` until it holds (a bound against hanging, not a timing assertion)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.02)


def test_a_concurrent_retry_waits_for_the_first_and_gets_the_same_application(
    address_reference, held_first_attempt, settings
):
    settings.SUBMISSION_RATE_PER_HOUR = 1  # the first attempt uses the address's only submission
    inside, release = held_first_attempt
    results = {}
    first = threading.Thread(target=submit, args=(results, "first"))
    first.start()
    assert inside.wait(60)
    retry = threading.Thread(target=submit, args=(results, "retry"))
    retry.start()
    # The retry is either queued behind the first (the fix) or already answered (without it).
    until(lambda: "retry" in results or waiting_for_the_lock())
    release.set()
    first.join()
    retry.join()
    assert results["first"].status_code == 201, results["first"].content
    assert results["retry"].status_code == 200, results["retry"].content
    assert results["retry"].json() == results["first"].json()
    assert Application.objects.count() == 1


def test_a_retry_that_can_not_wait_long_enough_is_409_with_retry_after(
    address_reference, held_first_attempt, monkeypatch
):
    monkeypatch.setattr(applications_api, "IDEMPOTENCY_WAIT", 0.3)
    inside, release = held_first_attempt
    results = {}
    first = threading.Thread(target=submit, args=(results, "first"))
    first.start()
    assert inside.wait(60)
    submit(results, "impatient")  # the first still holds the key
    release.set()
    first.join()
    impatient = results["impatient"]
    assert impatient.status_code == 409
    assert int(impatient["Retry-After"]) > 0 and impatient.json()["detail"]
    assert results["first"].status_code == 201
    submit(results, "later")
    assert results["later"].status_code == 200
    assert results["later"].json()["number"] == results["first"].json()["number"]
    assert Application.objects.count() == 1
