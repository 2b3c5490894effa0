"""The public API: the schedule and a reception's summary, with nothing personal in either."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from openakimat.receptions import services

from .conftest import confirmed

pytestmark = pytest.mark.django_db


def test_the_schedule_lists_upcoming_receptions_with_places_left(client, reception, talshik):
    confirmed(reception, talshik)
    answer = client.get("/api/v1/receptions")
    assert answer.status_code == 200
    item = answer.json()["items"][0]
    assert item["id"] == reception.pk and item["seats_left"] == reception.capacity - 1
    assert item["akimat"] == reception.akimat.territory.kato and item["kind"] == "open_public"
    assert item["url"].endswith(f"/receptions/{reception.pk}/")
    assert client.get("/api/v1/receptions", {"kind": "online"}).json()["count"] == 0
    assert client.get("/api/v1/receptions", {"kind": "party"}).status_code == 422


def test_a_reception_summary_after_it_is_held_leaks_nothing_personal(
    client, operator, reception, talshik, akzhar_construction, django_assert_max_num_queries
):
    signup, token = confirmed(reception, talshik)
    services.signup_mark(actor=operator, signup=signup, move="attend")
    services.problem_record(
        actor=operator,
        reception=reception,
        signup=signup,
        text="The road to the school is broken.",
        topic="roads",
        department=akzhar_construction,
        village=talshik,
        deadline=timezone.localdate() + timedelta(days=9),
    )
    services.reception_close(actor=operator, reception=reception)
    with django_assert_max_num_queries(6):
        answer = client.get(f"/api/v1/receptions/{reception.pk}")
    assert answer.status_code == 200
    data = answer.json()
    assert data["residents_heard"] == 1 and data["seats_left"] == 0
    assert data["problems"][0]["text"] == "The road to the school is broken."
    assert data["problems"][0]["instructions"][0]["status"] == "assigned"
    raw = json.dumps(data, ensure_ascii=False)
    for secret in (signup.name, signup.phone, signup.problem, token, "7011234567"):
        assert secret not in raw
    assert client.get(f"/api/v1/receptions/{reception.pk + 99}").status_code == 404
