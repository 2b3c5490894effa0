"""The read-only API and the calendar source: published meetings only for the public, the filters,
the decisions' status, nothing personal; the events with their uid, sequence and cancellation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import verified_client
from openakimat.agenda import sources as agenda
from openakimat.meetings import services
from openakimat.meetings.models import Meeting

from .conftest import data

pytestmark = pytest.mark.django_db
DEADLINE = timezone.localdate() + timedelta(days=30)


def test_the_list_shows_published_meetings_only_to_the_public(client, meeting, secretary, akzhar_akimat):
    draft = services.meeting_schedule(actor=secretary, akimat=akzhar_akimat, data=data(title_ru="Черновик"))
    found = client.get("/api/v1/meetings").json()
    assert [m["id"] for m in found["items"]] == [meeting.pk]
    first = found["items"][0]
    assert first["title"] == {"kk": "Әкімдік мәжілісі", "ru": "Заседание акимата", "en": None}
    assert first["embed_url"].startswith("https://www.youtube-nocookie.com/embed/")
    assert first["uid"] == f"meeting-{meeting.pk}" and first["url"].endswith(f"/meetings/{meeting.pk}/")
    assert client.get(f"/api/v1/meetings/{draft.pk}").status_code == 404
    staff = verified_client(secretary)
    assert {m["id"] for m in staff.get("/api/v1/meetings").json()["items"]} == {meeting.pk, draft.pk}


def test_filters(client, meeting, hearing, akzhar_akimat):
    kato = akzhar_akimat.territory.kato
    assert [m["id"] for m in client.get(f"/api/v1/meetings?kind=hearing&akimat={kato}").json()["items"]] == [hearing.pk]
    day = timezone.localdate(hearing.starts_at).isoformat()
    assert [m["id"] for m in client.get(f"/api/v1/meetings?from={day}").json()["items"]] == [hearing.pk]
    assert [m["id"] for m in client.get(f"/api/v1/meetings?to={day}").json()["items"]] == [meeting.pk, hearing.pk]
    assert client.get("/api/v1/meetings?kind=party").status_code in (400, 422)
    assert client.get("/api/v1/meetings?from=tomorrow").status_code in (400, 422)
    assert client.get("/api/v1/meetings?from=2026-13-45").status_code == 400
    assert client.get("/api/v1/meetings?akimat=1 OR 1=1").status_code in (400, 422)
    assert client.get("/api/v1/meetings/99999999999999999999").status_code in (404, 422)


def test_the_detail_carries_decisions_and_questions_without_authors(client, secretary, hearing, akzhar_construction):
    services.decision_add(
        actor=secretary,
        meeting=hearing,
        text_ru="Отремонтировать дорогу",
        instructions=[services.InstructionData(department=akzhar_construction, deadline=DEADLINE)],
    )
    question = services.question_submit(
        meeting=hearing, text="Когда?", author_name="Айгерім", author_contact="+77011234567"
    )
    services.question_moderate(actor=secretary, question=question, publish=True)
    services.question_answer(actor=secretary, question=question, answer_ru="В июне")
    services.minutes_save(actor=secretary, meeting=hearing, body_ru="Протокол")
    body = client.get(f"/api/v1/meetings/{hearing.pk}")
    assert body.status_code == 200
    found = body.json()
    assert found["decisions"][0]["status"] == "in_progress" and found["decisions"][0]["instructions"][0]["number"]
    assert found["questions"] == [
        {
            "text": "Когда?",
            "answer": {"kk": None, "ru": "В июне", "en": None},
            "answered_at": found["questions"][0]["answered_at"],
        }
    ]
    assert found["minutes"] is None  # not published yet
    text = body.content.decode()
    assert "Айгерім" not in text and "7701" not in text


def test_calendar_events(meeting, hearing, secretary):
    starts, ends = timezone.now(), timezone.now() + timedelta(days=30)
    events = {e.uid: e for e in agenda.events(None, starts, ends)}
    event = events[f"meeting-{meeting.pk}"]
    assert event.kind == "meeting" and event.sequence == 0 and not event.cancelled
    assert event.url.endswith(f"/meetings/{meeting.pk}/") and event.location
    assert events[f"meeting-{hearing.pk}"].kind == "hearing"
    closing = events[f"meeting-{hearing.pk}-consultation"]
    assert closing.kind == "consultation" and closing.ends_at is None
    assert closing.starts_at == hearing.questions_open_until
    services.meeting_cancel(actor=secretary, meeting=meeting, reason="Ремонт")
    event = next(e for e in agenda.events(None, starts, ends) if e.uid == f"meeting-{meeting.pk}")
    assert event.cancelled and event.sequence == 1
    assert {k.name for k in agenda.kinds()} >= {"meeting", "hearing", "session", "consultation"}


def test_a_calendar_of_one_kind_asks_only_for_that_kind(meeting, hearing, django_assert_max_num_queries):
    starts, ends = timezone.now(), timezone.now() + timedelta(days=30)
    with django_assert_max_num_queries(1):  # the hearings; no meetings of other kinds, no deadlines
        found = agenda.events(None, starts, ends, ["hearing"])
    assert [e.uid for e in found] == [f"meeting-{hearing.pk}"]
    closing = agenda.events(None, starts, ends, ["consultation"])
    assert [e.uid for e in closing] == [f"meeting-{hearing.pk}-consultation"]


def test_drafts_are_not_in_the_calendar(secretary, akzhar_akimat):
    draft = services.meeting_schedule(actor=secretary, akimat=akzhar_akimat, data=data())
    found = agenda.events([akzhar_akimat.pk], timezone.now(), timezone.now() + timedelta(days=30))
    assert f"meeting-{draft.pk}" not in {e.uid for e in found}
    assert Meeting.objects.count() == 1


def test_an_instruction_change_marks_the_pages_stale(secretary, meeting, akzhar_construction, akzhar_head):
    from openakimat.common import datageneration
    from openakimat.control.services import instruction_start

    services.decision_add(
        actor=secretary,
        meeting=meeting,
        text_ru="Сделать",
        instructions=[services.InstructionData(department=akzhar_construction, deadline=DEADLINE)],
    )
    from openakimat.control.models import Instruction

    bumped = []
    original = datageneration.bump_generation
    try:
        import openakimat.meetings.sources as meeting_sources

        meeting_sources.bump_generation = lambda *realms: bumped.append(realms)
        instruction_start(actor=akzhar_head, instruction=Instruction.objects.get())
    finally:
        meeting_sources.bump_generation = original
    assert ("register",) in bumped
