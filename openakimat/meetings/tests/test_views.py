"""The staff's pages: by role and scope, the forms without script, errors on their fields in the
reader's language with a 4xx and nothing changed."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from conftest import verified_client
from openakimat.control.models import Instruction
from openakimat.meetings import services
from openakimat.meetings.models import AgendaItem, Decision, Document, Meeting, Minutes, Question, QuestionStatus

from . import files

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "ru", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def said(message: str, lang: str = "ru") -> str:
    with translation.override(lang):
        return translation.gettext(message)


def schedule_form(**extra) -> dict:
    starts = timezone.localtime() + timedelta(days=3)
    form = {
        "akimat": "",
        "kind": "akimat",
        "format": "hybrid",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "title_kk": "Әкімдік мәжілісі",
        "title_ru": "Заседание акимата",
        "place_ru": "Актовый зал",
        "stream_url": "https://www.youtube.com/watch?v=abcDEF12345",
        "publish": "on",
        "agenda-TOTAL_FORMS": "3",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "60",
        "agenda-0-title_ru": "О дорогах",
        "agenda-0-presenter_name": "Гүлнар Басшы",
        "agenda-0-duration_minutes": "15",
        "agenda-1-title_kk": "Бюджет туралы",
    }
    form.update(extra)
    return form


def test_the_secretariat_schedules_a_hybrid_meeting_with_agenda_without_script(secretary, akzhar_akimat):
    client = verified_client(secretary)
    assert client.get(url("meetings-staff:new")).status_code == 200
    response = client.post(url("meetings-staff:new"), schedule_form(akimat=akzhar_akimat.pk))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/staff/meetings/{meeting.pk}/")
    assert meeting.published and meeting.format == "hybrid"
    assert [i.title for i in meeting.agenda_items.all()] == ["О дорогах", "Бюджет туралы"]
    page = client.get(response["Location"])
    assert page.status_code == 200 and "О дорогах" in page.content.decode()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_meeting_without_title_comes_back_translated_and_changes_nothing(secretary, akzhar_akimat, lang):
    client = verified_client(secretary)
    response = client.post(
        url("meetings-staff:new", lang), schedule_form(akimat=akzhar_akimat.pk, title_kk="", title_ru="")
    )
    assert response.status_code == 400
    message = said("Give the title in at least one language.", lang)
    assert message != "Give the title in at least one language."
    assert message in response.content.decode()
    assert not Meeting.objects.exists()


def test_nonsense_comes_back_as_400_not_500(secretary, akzhar_akimat, meeting):
    client = verified_client(secretary)
    bad = schedule_form(akimat="x", starts_at="yesterday", **{"agenda-TOTAL_FORMS": "zz"})
    assert client.post(url("meetings-staff:new"), bad).status_code == 400
    assert client.post(url("meetings-staff:edit", meeting=meeting.pk), {"starts_at": "\x00"}).status_code == 400
    assert client.post(url("meetings-staff:attendance", meeting=meeting.pk), {}).status_code == 400
    assert client.post(url("meetings-staff:agenda-move", meeting=meeting.pk, item=1), {}).status_code in (400, 404)
    assert Meeting.objects.count() == 1


def test_roles_and_scope(meeting, operator, akzhar_head, region_observer, aiyrtau_secretary, client):
    assert client.get(url("meetings-staff:list")).status_code == 302  # to the sign-in
    for user in (operator, akzhar_head, region_observer):
        reader = verified_client(user)
        assert reader.get(url("meetings-staff:detail", meeting=meeting.pk)).status_code == 200
        assert reader.get(url("meetings-staff:edit", meeting=meeting.pk)).status_code == 403
        assert reader.post(url("meetings-staff:cancel", meeting=meeting.pk), {"cancel-reason": "x"}).status_code == 403
        assert reader.get(url("meetings-staff:questions", meeting=meeting.pk)).status_code == 403
    other = verified_client(aiyrtau_secretary)
    assert other.get(url("meetings-staff:detail", meeting=meeting.pk)).status_code == 404
    assert other.post(url("meetings-staff:publish", meeting=meeting.pk), {"publish": "0"}).status_code == 404
    meeting.refresh_from_db()
    assert meeting.published and meeting.status == "scheduled"


def test_edit_cancel_and_publish(secretary, meeting):
    client = verified_client(secretary)
    assert client.get(url("meetings-staff:edit", meeting=meeting.pk)).status_code == 200
    form = schedule_form(place_ru="Новый зал")
    assert client.post(url("meetings-staff:edit", meeting=meeting.pk), form).status_code == 302
    meeting.refresh_from_db()
    assert meeting.place_ru == "Новый зал" and meeting.sequence == 1
    response = client.post(url("meetings-staff:cancel", meeting=meeting.pk), {"cancel-reason": ""})
    assert response.status_code == 400
    assert client.post(url("meetings-staff:cancel", meeting=meeting.pk), {"cancel-reason": "Ремонт"}).status_code == 302
    assert client.post(url("meetings-staff:publish", meeting=meeting.pk), {"publish": "0"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and not meeting.published


def test_agenda_on_the_page(secretary, meeting):
    client = verified_client(secretary)
    first, second = meeting.agenda_items.all()
    assert (
        client.post(url("meetings-staff:agenda-add", meeting=meeting.pk), {"item-title_en": "Lights"}).status_code
        == 302
    )
    assert (
        client.post(url("meetings-staff:agenda-add", meeting=meeting.pk), {"item-duration_minutes": "5"}).status_code
        == 400
    )
    assert (
        client.post(url("meetings-staff:agenda-move", meeting=meeting.pk, item=second.pk), {"action": "up"}).status_code
        == 302
    )
    assert meeting.agenda_items.values_list("pk", flat=True).first() == second.pk
    edit = url("meetings-staff:agenda-edit", meeting=meeting.pk, item=first.pk)
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"title_ru": "О дорогах и мостах"}).status_code == 302
    assert (
        client.post(
            url("meetings-staff:agenda-move", meeting=meeting.pk, item=first.pk), {"action": "remove"}
        ).status_code
        == 302
    )
    assert not AgendaItem.objects.filter(pk=first.pk).exists()


def test_documents_upload_checks_the_content(secretary, meeting, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client = verified_client(secretary)
    upload = url("meetings-staff:document-add", meeting=meeting.pk)
    renamed = SimpleUploadedFile("decision.docx", files.EXE)
    response = client.post(
        upload, {"document-title_ru": "Проект", "document-kind": "draft_decision", "document-file": renamed}
    )
    assert response.status_code == 400 and not Document.objects.exists()
    good = SimpleUploadedFile("decision.docx", files.docx())
    response = client.post(
        upload, {"document-title_ru": "Проект", "document-kind": "draft_decision", "document-file": good}
    )
    assert response.status_code == 302
    document = Document.objects.get()
    download = client.get(url("meetings-staff:document", meeting=meeting.pk, document=document.pk))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    b"".join(download.streaming_content)
    assert (
        client.post(url("meetings-staff:document-remove", meeting=meeting.pk, document=document.pk)).status_code == 302
    )


def test_minutes_preview_then_save_and_publish(secretary, meeting):
    client = verified_client(secretary)
    page = url("meetings-staff:minutes", meeting=meeting.pk)
    assert client.get(page).status_code == 200
    dirty = '<p onclick="x()">Шешім</p><script>alert(1)</script>'
    preview = client.post(page, {"body_kk": dirty, "preview": "1"})
    assert preview.status_code == 200 and "<p>Шешім</p>" in preview.content.decode()
    assert "<script>alert(1)" not in preview.content.decode()
    assert not Minutes.objects.exists()
    assert client.post(page, {"body_kk": dirty}).status_code == 302
    assert Minutes.objects.get().body_kk == "<p>Шешім</p>"
    assert client.post(url("meetings-staff:minutes-publish", meeting=meeting.pk)).status_code == 302
    assert Minutes.objects.get().is_published
    reader = client.get(url("meetings-staff:detail", "kk", meeting=meeting.pk)).content.decode()
    assert "<p>Шешім</p>" in reader
    other = client.get(url("meetings-staff:detail", "en", meeting=meeting.pk)).content.decode()
    assert said("No version in this language.", "en") in other


def test_attendance_and_transcripts(secretary, meeting):
    client = verified_client(secretary)
    page = url("meetings-staff:attendance", meeting=meeting.pk)
    assert client.get(page).status_code == 200
    form = {
        "attendees-TOTAL_FORMS": "2",
        "attendees-INITIAL_FORMS": "0",
        "attendees-0-name": "Асқар Әкімов",
        "attendees-0-position": "аким",
        "attendees-0-present": "on",
        "residents_in_person": "12",
        "residents_online": "-3",
    }
    assert client.post(page, form).status_code == 400
    assert not meeting.attendees.exists()
    form["residents_online"] = "80"
    assert client.post(page, form).status_code == 302
    assert meeting.attendees.get().present
    transcripts = url("meetings-staff:transcripts", meeting=meeting.pk)
    assert client.get(transcripts).status_code == 200
    assert client.post(transcripts, {"kind": "summary", "language": "ru", "text": "Кратко"}).status_code == 302
    assert client.post(transcripts, {"kind": "summary", "language": "xx", "text": "?"}).status_code == 400


def test_decisions_and_instructions_from_the_page(secretary, meeting, akzhar_construction):
    client = verified_client(secretary)
    add = url("meetings-staff:decision-add", meeting=meeting.pk)
    deadline = (timezone.localdate() + timedelta(days=20)).isoformat()
    only_department = {"decision-text_ru": "Починить", "decision-department": akzhar_construction.pk}
    assert client.post(add, only_department).status_code == 400
    assert not Decision.objects.exists()
    response = client.post(add, {**only_department, "decision-deadline": deadline})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert Instruction.objects.get().source_kind == "meetings.decision"
    instruct = url("meetings-staff:instruct", meeting=meeting.pk, decision=decision.pk)
    prefix = f"instruct{decision.pk}"
    assert (
        client.post(
            instruct, {f"{prefix}-department": akzhar_construction.pk, f"{prefix}-deadline": "2000-01-01"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            instruct,
            {
                f"{prefix}-department": akzhar_construction.pk,
                f"{prefix}-deadline": deadline,
                f"{prefix}-title": "Осветить",
            },
        ).status_code
        == 302
    )
    assert Instruction.objects.count() == 2
    page = client.get(url("meetings-staff:detail", meeting=meeting.pk)).content.decode()
    assert 'id="decision-1"' in page


def test_question_moderation_queue(secretary, hearing):
    question = services.question_submit(
        meeting=hearing, text="Где дорога?", author_name="Айгерім", author_contact="+77011234567"
    )
    client = verified_client(secretary)
    queue = url("meetings-staff:questions", meeting=hearing.pk)
    page = client.get(queue)
    assert page.status_code == 200 and "Айгерім" in page.content.decode()
    moderate = url("meetings-staff:question", meeting=hearing.pk, question=question.pk)
    p = f"q{question.pk}"
    assert client.post(moderate, {f"{p}-action": "reject", f"{p}-reason": ""}).status_code == 400
    nothing = client.post(moderate, {f"{p}-text": "?"})
    assert (
        nothing.status_code == 400
        and said("Choose to publish, reject or answer the question.") in nothing.content.decode()
    )
    assert client.post(moderate, {f"{p}-action": "answer", f"{p}-answer_ru": "Скоро"}).status_code == 400
    assert client.post(moderate, {f"{p}-action": "publish", f"{p}-text": "Где дорога?"}).status_code == 302
    assert client.post(moderate, {f"{p}-action": "answer", f"{p}-answer_ru": "В июне"}).status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.PUBLISHED and question.answer_ru == "В июне"
    assert Question.objects.count() == 1
