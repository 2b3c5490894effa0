"""The residents' pages of meetings: the list with its filters (without script, paginated, an empty
state), a meeting's page in each language, only published meetings, the broadcast embedded only
from allowed hosts, a cancelled meeting, minutes, attendance and decisions with their live status,
the notice of a missing language, downloads, and a fixed number of queries."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from openakimat.common.actor import SystemActor
from openakimat.common.samples import PDF
from openakimat.control.models import Instruction
from openakimat.control.services import instruction_complete
from openakimat.meetings import services
from openakimat.meetings.models import Kind

from .conftest import SYSTEM, schedule

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "en", query: str = "", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")


def page(client, address: str, status: int = 200) -> str:
    response = client.get(address)
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_list_and_the_meeting_page_render_in_each_language(client, meeting, lang):
    body = page(client, url("meetings:list", lang))
    assert getattr(meeting, f"title_{lang}") in body
    assert url("meetings:detail", lang, pk=meeting.pk) in body
    detail = page(client, url("meetings:detail", lang, pk=meeting.pk))
    assert getattr(meeting, f"title_{lang}") in detail
    assert getattr(meeting.agenda_items.get(), f"presenter_position_{lang}") in detail
    assert "Серік Жұмабаев" in detail


def test_the_menu_and_the_akimat_page_lead_to_the_meetings(client, meeting, akzhar_akimat):
    home = page(client, "/ru/")
    assert 'href="/ru/meetings/"' in home
    akimat = page(client, "/en/akimats/593400000/")
    assert 'href="/en/meetings/?akimat=593400000"' in akimat
    assert "when=past&amp;akimat=593400000" in akimat


def test_a_draft_is_a_404_everywhere(client, draft):
    assert client.get(url("meetings:detail", pk=draft.pk)).status_code == 404
    assert client.get(url("meetings:detail", pk=draft.pk + 1000)).status_code == 404
    assert "A draft nobody may see" not in page(client, url("meetings:list"))
    assert client.get(url("meetings:asked", pk=draft.pk)).status_code == 404


def test_filters_by_akimat_kind_and_month(client, meeting, hearing, held, aiyrtau_akimat):
    other = schedule(aiyrtau_akimat, title_en="Aiyrtau meeting on water")
    everything = page(client, url("meetings:list"))
    assert "Aiyrtau meeting on water" in everything and "Public hearing: the park" in everything
    assert "Akimat meeting on the roads" not in everything  # held last week: in the past list

    by_akimat = page(client, url("meetings:list", query="akimat=593200000"))
    assert "Aiyrtau meeting on water" in by_akimat and "Public hearing: the park" not in by_akimat

    hearings = page(client, url("meetings:list", query=f"kind={Kind.HEARING}"))
    assert "Public hearing: the park" in hearings and "getting ready for the heating" not in hearings

    past = page(client, url("meetings:list", query="when=past"))
    assert "Akimat meeting on the roads" in past and "Aiyrtau meeting on water" not in past

    month = timezone.localtime(held.starts_at).strftime("%Y-%m")
    in_month = page(client, url("meetings:list", query=f"when=past&month={month}"))
    assert "Akimat meeting on the roads" in in_month
    earlier = page(client, url("meetings:list", query="when=past&month=2001-01"))
    assert "Akimat meeting on the roads" not in earlier
    assert 'id="meetings-empty"' in earlier and "No meeting matches these filters" in earlier
    assert other.pk


@pytest.mark.parametrize("query", ["month=2026-13", "month=yesterday", "kind=party", "akimat=000000000", "when=later"])
def test_a_bad_filter_is_a_400_with_a_translated_message(client, meeting, query):
    response = client.get(url("meetings:list", "ru", query=query))
    assert response.status_code == 400
    body = response.content.decode()
    assert "error-summary" in body and "getting ready" not in body
    assert "There is a problem" not in body  # said in Russian


def test_the_list_is_paginated_and_keeps_the_filters(client, akzhar_akimat):
    for day in range(23):
        schedule(akzhar_akimat, starts_at=timezone.now() + timedelta(days=day + 1), title_en=f"Meeting number {day}")
    first = page(client, url("meetings:list", query="kind=akimat"))
    assert "Meeting number 0<" in first and "Meeting number 22<" not in first
    assert "kind=akimat&amp;page=2" in first
    second = page(client, url("meetings:list", query="kind=akimat&page=2"))
    assert "Meeting number 22<" in second


def test_an_empty_list_says_so(client, db):
    body = page(client, url("meetings:list"))
    assert "No meeting is scheduled for now." in body


def test_the_broadcast_is_embedded_only_from_an_allowed_host(client, akzhar_akimat, settings):
    allowed = schedule(akzhar_akimat, stream_url="https://www.youtube.com/watch?v=abcDEF12345")
    body = page(client, url("meetings:detail", pk=allowed.pk))
    assert '<iframe src="https://www.youtube-nocookie.com/embed/abcDEF12345" title="Video player: ' in body
    other = schedule(akzhar_akimat, stream_url="https://stream.example.org/live/1")
    body = page(client, url("meetings:detail", pk=other.pk))
    assert "<iframe" not in body
    assert 'href="https://stream.example.org/live/1"' in body


def test_a_cancelled_meeting_says_so_and_shows_no_player(client, meeting):
    services.meeting_cancel(actor=SYSTEM, meeting=meeting, reason="Перенесено из-за бурана.")
    body = page(client, url("meetings:detail", pk=meeting.pk))
    assert "This meeting is cancelled." in body and "Перенесено из-за бурана." in body
    assert "<iframe" not in body and 'id="stream-link"' not in body
    assert "meeting-cancelled" in page(client, url("meetings:list"))


def test_a_held_meeting_shows_minutes_attendance_and_the_status_of_each_decision(client, held):
    done = Instruction.objects.filter(source_id__in=held.decisions.values("pk")).order_by("pk").first()
    instruction_complete(actor=SystemActor("department"), instruction=done, result="Дорога отремонтирована.")
    body = page(client, url("meetings:detail", "ru", pk=held.pk))
    assert "<strong>ремонте дорог</strong>" in body  # the minutes' sanitised HTML
    assert '<h2 id="minutes-heading">Протокол</h2>' in body  # the record, not the unit of time
    assert "Асқар Әкімов" in body and ">120<" in body and ">40<" in body
    decisions = body[body.index('id="decisions"') :]
    assert decisions.count("decision-state") == 2
    assert "Выполнено" in decisions or "Исполнено" in decisions or "tag-green" in decisions
    assert "tag-blue" in decisions
    assert f'href="/ru/control/instructions/i/{done.number}/"' in decisions
    assert 'href="https://vimeo.com/123456"' in body  # the recording


def test_an_overdue_decision_is_shown_overdue(client, held):
    Instruction.objects.filter(source_id__in=held.decisions.values("pk")).update(
        deadline=timezone.localdate() - timedelta(days=1)
    )
    body = page(client, url("meetings:detail", pk=held.pk))
    assert body.count("tag-red decision-state") == 2 and "Overdue" in body


def test_a_missing_language_is_said_never_filled_in(client, held):
    kazakh = page(client, url("meetings:detail", "kk", pk=held.pk))
    with translation.override("kk"):
        assert translation.gettext("This meeting has no Kazakh version.") in kazakh
        assert translation.gettext("There is no Kazakh version.") in kazakh
    assert 'lang="ru"' in kazakh  # the Russian versions offered are marked as Russian
    english = page(client, url("meetings:detail", "en", pk=held.pk))
    assert "This meeting has no English version." not in english
    # The summary exists in Russian only.
    assert "There is no English version." in english and "Кратко: дороги." in english


def test_documents_are_downloaded_from_published_meetings_only(client, meeting, draft):
    document = services.document_add(
        actor=SYSTEM, meeting=meeting, file=ContentFile(PDF), name="проект.pdf", title_en="Draft decision"
    )
    body = page(client, url("meetings:detail", pk=meeting.pk))
    link = url("meetings:document", pk=meeting.pk, document_id=document.pk)
    assert f'href="{link}"' in body
    answer = client.get(link)
    assert answer.status_code == 200 and answer["Content-Disposition"].startswith("attachment")
    assert answer["Content-Type"] == "application/pdf" and ".pdf" in answer["Content-Disposition"]
    assert answer["X-Content-Type-Options"] == "nosniff"
    transcript = services.transcript_set(
        actor=SYSTEM, meeting=meeting, kind="transcript", language="en", file=ContentFile(PDF), name="t.pdf"
    )
    file_link = url("meetings:transcript-file", pk=meeting.pk, transcript_id=transcript.pk)
    assert f'href="{file_link}"' in page(client, url("meetings:detail", pk=meeting.pk))
    assert client.get(file_link)["Content-Type"] == "application/pdf"
    assert client.get(url("meetings:document", pk=draft.pk, document_id=document.pk)).status_code == 404
    services.meeting_publish(actor=SYSTEM, meeting=meeting, published=False)
    assert client.get(link).status_code == 404 and client.get(file_link).status_code == 404


def test_the_pages_read_a_fixed_number_of_queries(client, held, akzhar_akimat, django_assert_max_num_queries):
    for day in range(15):
        schedule(akzhar_akimat, starts_at=timezone.now() + timedelta(days=day + 1), title_en=f"Meeting {day}")
    with django_assert_max_num_queries(8):
        page(client, url("meetings:list", query="kind=akimat"))
    with django_assert_max_num_queries(14):
        page(client, url("meetings:detail", pk=held.pk))
