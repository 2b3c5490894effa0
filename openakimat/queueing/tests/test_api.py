"""The queue's JSON API: the halls with their current wait, a kiosk's ticket (throttled, no phone),
an operator's call-next and service by bearer token, the figures, and the 4xx of each."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_staff
from openakimat.api.services import api_token_create
from openakimat.common.actor import SystemActor
from openakimat.common.roles import Role
from openakimat.queueing.models import Ticket, TicketEvent, TicketStatus

from .factories import make_ticket

pytestmark = pytest.mark.django_db
KATO = "593400000"


def bearer(user) -> dict[str, str]:
    issued = api_token_create(actor=SystemActor("tests"), user=user, name="queue tests")
    return {"Authorization": f"Bearer {issued.raw}"}


def test_the_halls_with_their_wait_now(client, hall, cat_a, cat_b, dana):
    make_ticket(cat_a, timezone.now(), status=TicketStatus.WAITING)
    halls = client.get("/api/v1/queue/halls?lang=en").json()
    assert halls == [
        {
            "kato": KATO,
            "akimat": hall.akimat.name_en,
            "is_open": True,
            "categories": [
                {"letter": "A", "name": cat_a.name_en, "waiting": 1, "estimate_minutes": 15},
                {"letter": "B", "name": cat_b.name_en, "waiting": 0, "estimate_minutes": 0},
            ],
        }
    ]
    one = client.get(f"/api/v1/queue/halls/{KATO}?lang=en").json()
    assert {p["code"] for p in one["priorities"]} == {"disability", "elderly", "pregnant"}
    assert client.get("/api/v1/queue/halls/999999999").status_code == 404


def test_a_kiosk_takes_tickets_and_learns_its_place(client, hall, cat_a):
    first = client.post(f"/api/v1/queue/halls/{KATO}/tickets", {"category": "A"}, content_type="application/json")
    assert first.status_code == 201, first.content
    assert (first.json()["code"], first.json()["ahead"], first.json()["position"]) == ("A001", 0, 1)
    assert len(first.json()["token"]) == 24
    second = client.post(
        f"/api/v1/queue/halls/{KATO}/tickets", {"category": "A", "priority": "elderly"}, content_type="application/json"
    ).json()
    # The elderly resident's head start puts the second ticket first in line.
    assert (second["code"], second["ahead"]) == ("A002", 0)
    third = client.post(f"/api/v1/queue/halls/{KATO}/tickets", {"category": "A"}, content_type="application/json")
    assert third.json()["ahead"] == 2
    assert Ticket.objects.get(number=1).phone == ""


@pytest.mark.parametrize(
    ("body", "status"),
    [({"category": "Z"}, 404), ({"category": "a"}, 422), ({"category": "A", "priority": "booked"}, 400)],
)
def test_a_wrong_ticket_request_changes_nothing(client, hall, cat_a, body, status):
    response = client.post(f"/api/v1/queue/halls/{KATO}/tickets", body, content_type="application/json")
    assert response.status_code == status and "detail" in response.json()
    assert not Ticket.objects.exists()


def test_a_closed_hall_is_409_and_the_kiosk_is_throttled(client, hall, cat_a, settings):
    settings.QUEUE_KIOSK_TICKETS_PER_HOUR = 2
    url = f"/api/v1/queue/halls/{KATO}/tickets"
    for _ in range(2):
        assert client.post(url, {"category": "A"}, content_type="application/json").status_code == 201
    throttled = client.post(url, {"category": "A"}, content_type="application/json")
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) >= 1
    hall.is_open = False
    hall.save()
    assert client.post(url, {"category": "A"}, content_type="application/json").status_code == 409
    assert Ticket.objects.count() == 2


def test_an_operator_calls_serves_and_reads_the_figures_by_token(client, hall, cat_a, desk1, dana, yerlan):
    make_ticket(cat_a, timezone.now() - timedelta(minutes=5), status=TicketStatus.WAITING)
    headers = bearer(dana)
    called = client.post(f"/api/v1/staff/queue/desks/{desk1.pk}/call-next", headers=headers)
    assert called.status_code == 200, called.content
    ticket = called.json()["ticket"]
    assert (ticket["code"], ticket["status"], ticket["desk"]) == ("A001", "called", 1)
    # Another operator does not work this desk's ticket; nor a second call while it is open.
    assert client.post(f"/api/v1/staff/queue/tickets/{ticket['id']}/start", headers=bearer(yerlan)).status_code == 409
    assert client.post(f"/api/v1/staff/queue/desks/{desk1.pk}/call-next", headers=headers).status_code == 409
    assert client.post(f"/api/v1/staff/queue/tickets/{ticket['id']}/finish", headers=headers).status_code == 409
    for step, status in (("start", "serving"), ("finish", "done")):
        answer = client.post(f"/api/v1/staff/queue/tickets/{ticket['id']}/{step}", headers=headers)
        assert answer.status_code == 200 and answer.json()["status"] == status
    assert client.post(f"/api/v1/staff/queue/desks/{desk1.pk}/call-next", headers=headers).json() == {"ticket": None}
    assert TicketEvent.objects.filter(kind="called").count() == 1
    figures = client.get(f"/api/v1/staff/queue/halls/{hall.pk}/figures", headers=headers).json()
    assert figures["total"]["done"] == 1 and figures["categories"][0]["key"] == "A"
    assert figures["total"]["wait"]["count"] == 1


def test_recall_and_no_show(client, hall, cat_a, desk1, dana):
    hall.recalls_before_no_show = 1
    hall.save()
    make_ticket(cat_a, timezone.now(), status=TicketStatus.WAITING)
    headers = bearer(dana)
    ticket = client.post(f"/api/v1/staff/queue/desks/{desk1.pk}/call-next", headers=headers).json()["ticket"]
    assert client.post(f"/api/v1/staff/queue/tickets/{ticket['id']}/no-show", headers=headers).status_code == 409
    assert client.post(f"/api/v1/staff/queue/tickets/{ticket['id']}/recall", headers=headers).json()["recalls"] == 1
    gone = client.post(f"/api/v1/staff/queue/tickets/{ticket['id']}/no-show", headers=headers)
    assert gone.json()["status"] == "no_show"


def test_the_figures_of_a_period_and_of_another_akimat(client, hall, cat_a, aiyrtau_akimat, akzhar_akimat):
    make_ticket(cat_a, timezone.now() - timedelta(days=40), wait=10, service=10)
    observer = make_staff("observer.q", Role.OBSERVER, akzhar_akimat)
    url = f"/api/v1/staff/queue/halls/{hall.pk}/figures"
    assert client.get(url, headers=bearer(observer)).json()["total"]["issued"] == 0
    day = (timezone.localdate() - timedelta(days=40)).isoformat()
    found = client.get(f"{url}?from={day}&to={day}", headers=bearer(observer)).json()
    assert found["total"]["issued"] == 1 and found["start"] == day
    assert client.get(url, headers=bearer(make_staff("other.q", Role.AKIM, aiyrtau_akimat))).status_code == 404
    assert client.get(url).status_code == 401
