"""Redis down, for real: the test's own redis-server is the cache (and the broker) and is stopped or
frozen under the app. Pages are still served; the submission limit fails closed (a translated 503,
"try again later", never an application let through uncounted); reads fail open (tracking still
answers); and a task that can't be queued never fails the request that committed its work.

See docs/configuration.md, "When Redis is down"."""

import html
import logging
import threading

import pytest
from django.core.cache import cache
from django.db import connections
from django.utils import translation

from openakimat.applications.models import Application, ApplicationEvent
from openakimat.common.cache import CACHE_ERRORS, with_timeouts
from openakimat.common.ratelimit import LimiterUnavailable
from openakimat.integrity import services as integrity_services
from openakimat.integrity.models import AuditEntry
from openakimat.integrity.services import audit_seal
from openakimat.notifications.models import DeliveryStatus, Notification
from openakimat.notifications.services import send_due
from openakimat.notifications.tests.conftest import celery_broker
from openakimat.open311.services import api_key_create

from .conftest import IIN, SYSTEM, make_address_reference

pytestmark = pytest.mark.faults

CODE = "CONS-09"
PAGES = ["/ru/", "/ru/services/", f"/ru/services/{CODE}/", "/ru/track/", f"/ru/apply/{CODE}/"]


@pytest.fixture
def address_offering(akzhar_construction):
    """The address reference's offering: a service that asks for no documents."""
    return make_address_reference(akzhar_construction)


@pytest.fixture
def redis_cache(settings, own_redis):
    """The cache is the test's own Redis, configured as CACHE_URL=redis://… configures it."""
    settings.CACHES = {"default": with_timeouts({"BACKEND": "django.core.cache.backends.redis.RedisCache"})}
    settings.CACHES["default"]["LOCATION"] = own_redis.url(1)
    cache.set("faults:probe", 1)
    assert cache.get("faults:probe") == 1, "the cache is not the test's Redis"
    return own_redis


def stop(redis) -> None:
    redis.stop()
    with pytest.raises(CACHE_ERRORS):  # really away, and really the cache the app uses
        cache.get("faults:probe")


def submit(client, **extra):
    body = {
        "service": CODE,
        "applicant_iin": IIN,
        "applicant_name": "Айгерім Сәтбаева",
        "applicant_phone": "+7 701 123 4567",
        "consent": True,
        "language": "ru",
    }
    return client.post("/api/v1/applications", body | extra, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru")


def apply_form(offering):
    return {
        "offering": str(offering.pk),
        "iin": IIN,
        "full_name": "Айгерім Сәтбаева",
        "phone": "+7 701 123 4567",
        "email": "",
        "language": "ru",
        "consent": "on",
        "idempotency_key": "0f0e4c8e-2a55-4f61-9d2c-6a3c9e1c7b10",
    }


def test_with_redis_down_the_pages_are_still_served(client, redis_cache, address_offering):
    stop(redis_cache)
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url


def test_with_redis_down_an_application_is_refused_for_now_not_let_through_uncounted(
    client, redis_cache, address_offering
):
    stop(redis_cache)
    with translation.override("ru"):
        expected = str(LimiterUnavailable())
    with translation.override("en"):
        assert expected != str(LimiterUnavailable()), "the message has a Russian translation"

    api = submit(client)
    assert api.status_code == 503
    assert api["Content-Type"].startswith("application/json") and api["Retry-After"]
    assert api.json() == {"detail": expected}

    page = client.post(f"/ru/apply/{CODE}/", apply_form(address_offering))
    assert page.status_code == 503 and page["Retry-After"]
    text = html.unescape(page.content.decode())
    assert expected in text
    assert "Айгерім Сәтбаева" in text, "the form comes back with what the resident typed"

    key = api_key_create(actor=SYSTEM, akimat=address_offering.department.akimat, name="City app").raw
    open311 = client.post(
        "/open311/v2/requests.json?locale=ru",
        {
            "api_key": key,
            "service_code": CODE,
            "first_name": "Айгерім",
            "last_name": "Сәтбаева",
            "phone": "+7 701 123 4567",
            "attribute[iin]": IIN,
            "attribute[consent]": "true",
        },
    )
    assert open311.status_code == 503 and open311["Retry-After"]
    assert open311.json() == [{"code": 503, "description": expected}]

    assert not Application.objects.exists()
    assert not ApplicationEvent.objects.exists()
    assert not Notification.objects.exists()
    assert not AuditEntry.objects.filter(action="application.register").exists()

    # Redis is back: the same app (nothing restarted) counts and accepts again.
    redis_cache.start()
    assert submit(client).status_code == 201
    assert Application.objects.count() == 1


def test_with_redis_down_residents_still_track_their_applications(client, redis_cache, address_offering):
    receipt = submit(client).json()
    stop(redis_cache)

    found = client.post(
        "/api/v1/track",
        {"number": receipt["number"], "tracking_code": receipt["tracking_code"]},
        content_type="application/json",
    )
    assert found.status_code == 200 and found.json()["number"] == receipt["number"]
    wrong = client.post(
        "/api/v1/track", {"number": receipt["number"], "tracking_code": "X" * 12}, content_type="application/json"
    )
    assert wrong.status_code == 404  # answered as usual, only not counted towards the limit
    page = client.post("/ru/track/", {"number": receipt["number"], "tracking_code": receipt["tracking_code"]})
    assert page.status_code == 200 and receipt["number"] in page.content.decode()


@pytest.mark.django_db(transaction=True)  # the work after the commit runs inside the request, as in production
def test_with_the_cache_and_the_broker_down_a_committed_write_still_succeeds(
    client, redis_cache, address_offering, settings, caplog, monkeypatch
):
    """Redis carries the tasks too. With the limit off (so the submission gets as far as the commit),
    the outbox row and the unsealed audit entry are written, the answer is the receipt, and the
    sweeps send and seal once Redis is back."""
    settings.SUBMISSION_RATE_PER_HOUR = 0
    monkeypatch.setattr(integrity_services, "_asked_at", 0.0)  # this process asks for a sealer afresh
    with celery_broker(redis_cache.url(0)):
        stop(redis_cache)
        with caplog.at_level(logging.WARNING):
            response = submit(client)
        assert response.status_code == 201, response.content
        case = Application.objects.get(number=response.json()["number"])
        assert "could not queue openakimat.notifications.tasks.send_notifications" in caplog.text
        assert "a sealer is queued without the flag" in caplog.text
        outbox = Notification.objects.get(target_id=case.pk)
        assert outbox.status == DeliveryStatus.PENDING and outbox.attempts == 0
        entry = AuditEntry.objects.get(action="application.register", object_id=str(case.pk))
        assert entry.sequence is None

        redis_cache.start()
        assert send_due() == (1, 0)  # the beat's sweep
        assert audit_seal() >= 1
    outbox.refresh_from_db()
    entry.refresh_from_db()
    assert outbox.status == DeliveryStatus.SENT and entry.sequence is not None


@pytest.mark.django_db(transaction=True)  # the requests run in a thread of their own, with its own connection
def test_a_redis_that_stops_answering_costs_the_request_seconds_not_a_hang(client, redis_cache, address_offering):
    """A frozen Redis (SIGSTOP: the kernel accepts the connection, nobody answers) with the
    timeouts that CACHE_URL gets by default: the submission is refused for now, tracking answers."""
    redis_cache.pause()
    answers = {}

    def requests():
        try:
            answers["submit"] = submit(client).status_code
            answers["page"] = client.get("/ru/track/").status_code
        finally:
            connections.close_all()

    worker = threading.Thread(target=requests, daemon=True)
    worker.start()
    worker.join(timeout=120)  # a bound for the test, not a measurement: without timeouts it never ends
    assert not worker.is_alive(), "a request waited for the frozen Redis without end"
    assert answers == {"submit": 503, "page": 200}
    assert not Application.objects.exists()
