"""The meetings' writes: who may do what (each way), what is audited, what is refused with nothing
changed; decisions into instructions and their status; the calendar sequence."""

import io
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from conftest import make_staff
from openakimat.common.errors import ConflictError
from openakimat.common.roles import Role
from openakimat.control.models import Instruction
from openakimat.control.services import instruction_complete, instruction_start
from openakimat.integrity.models import AuditEntry
from openakimat.meetings import selectors, services
from openakimat.meetings.models import (
    AgendaItem,
    Decision,
    Document,
    Meeting,
    Question,
    QuestionStatus,
    Status,
    Transcript,
    embed_url,
)

from . import files
from .conftest import AGENDA, data

pytestmark = pytest.mark.django_db
DEADLINE = timezone.localdate() + timedelta(days=30)


def test_the_secretariat_schedules_a_hybrid_meeting_with_its_agenda_audited(secretary, akzhar_akimat):
    meeting = services.meeting_schedule(actor=secretary, akimat=akzhar_akimat, data=data(), agenda=AGENDA)
    assert not meeting.published and meeting.status == Status.SCHEDULED and meeting.sequence == 0
    assert [i.title_ru for i in meeting.agenda_items.all()] == ["О дорогах", "О бюджете"]
    entry = AuditEntry.objects.get(action="meeting.schedule")
    assert entry.akimat_id == akzhar_akimat.pk and entry.actor_label == secretary.username
    assert meeting.uid == f"meeting-{meeting.pk}"


def test_the_admin_schedules_too(akzhar_admin, akzhar_akimat):
    assert services.meeting_schedule(actor=akzhar_admin, akimat=akzhar_akimat, data=data()).pk


@pytest.mark.parametrize("who", ["operator", "akzhar_head", "region_observer", "akim", "aiyrtau_secretary"])
def test_others_may_not_schedule(request, who, akzhar_akimat):
    with pytest.raises(PermissionDenied):
        services.meeting_schedule(actor=request.getfixturevalue(who), akimat=akzhar_akimat, data=data())
    assert not Meeting.objects.exists() and not AuditEntry.objects.filter(action="meeting.schedule").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title_kk": "", "title_ru": ""}, "title_kk"),
        ({"ends_at": timezone.now()}, "ends_at"),
        ({"place_kk": "", "place_ru": ""}, "place_kk"),
        ({"stream_url": "javascript:alert(1)"}, "stream_url"),
        ({"questions_open_until": timezone.now() + timedelta(days=1)}, "questions_open_until"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_bad_meetings_are_refused_with_nothing_written(secretary, akzhar_akimat, change, field):
    with pytest.raises(ValidationError) as caught:
        services.meeting_schedule(actor=secretary, akimat=akzhar_akimat, data=data(**change))
    assert field in caught.value.message_dict
    assert not Meeting.objects.exists()


def test_an_online_meeting_needs_no_place(secretary, akzhar_akimat):
    meeting = services.meeting_schedule(
        actor=secretary, akimat=akzhar_akimat, data=data(format="online", place_kk="", place_ru="")
    )
    assert meeting.place == ""


def test_the_sequence_grows_with_time_place_and_cancel_only(secretary, meeting):
    services.meeting_update(
        actor=secretary,
        meeting=meeting,
        data=data(starts_at=meeting.starts_at, ends_at=meeting.ends_at, title_en="Meeting"),
    )
    meeting.refresh_from_db()
    assert meeting.sequence == 0 and meeting.title_en == "Meeting"
    later = meeting.starts_at + timedelta(hours=1)
    services.meeting_update(
        actor=secretary, meeting=meeting, data=data(starts_at=later, ends_at=later + timedelta(hours=1))
    )
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    services.meeting_cancel(actor=secretary, meeting=meeting, reason="The hall is under repair")
    meeting.refresh_from_db()
    assert meeting.sequence == 2 and meeting.status == Status.CANCELLED
    assert AuditEntry.objects.filter(action="meeting.cancel", object_id=str(meeting.pk)).exists()
    with pytest.raises(ConflictError):
        services.meeting_cancel(actor=secretary, meeting=meeting, reason="again")


def test_a_cancel_needs_a_reason_and_the_right(secretary, operator, meeting):
    with pytest.raises(ValidationError):
        services.meeting_cancel(actor=secretary, meeting=meeting, reason="  ")
    with pytest.raises(PermissionDenied):
        services.meeting_cancel(actor=operator, meeting=meeting, reason="no")
    meeting.refresh_from_db()
    assert meeting.status == Status.SCHEDULED and meeting.sequence == 0


def test_publish_and_take_back(secretary, akzhar_akimat, region_observer):
    meeting = services.meeting_schedule(actor=secretary, akimat=akzhar_akimat, data=data())
    with pytest.raises(PermissionDenied):
        services.meeting_publish(actor=region_observer, meeting=meeting)
    services.meeting_publish(actor=secretary, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.published and meeting.published_at
    services.meeting_publish(actor=secretary, meeting=meeting, published=False)
    meeting.refresh_from_db()
    assert not meeting.published
    assert list(
        AuditEntry.objects.filter(object_id=str(meeting.pk)).order_by("pk").values_list("action", flat=True)
    ) == [
        "meeting.schedule",
        "meeting.publish",
        "meeting.unpublish",
    ]


def test_agenda_add_move_remove(secretary, operator, meeting):
    added = services.agenda_item_add(
        actor=secretary, meeting=meeting, item=services.AgendaItemData(title_en="On lighting")
    )
    assert added.order == 3
    services.agenda_item_move(actor=secretary, agenda_item=added, step=-1)
    assert [i.title for i in meeting.agenda_items.all()][1] == "On lighting"
    with pytest.raises(PermissionDenied):
        services.agenda_item_remove(actor=operator, agenda_item=added)
    services.agenda_item_remove(actor=secretary, agenda_item=AgendaItem.objects.get(pk=added.pk))
    assert list(meeting.agenda_items.values_list("order", flat=True)) == [1, 2]
    with pytest.raises(ValidationError):
        services.agenda_reorder(actor=secretary, meeting=meeting, ordered_ids=[1])
    with pytest.raises(ValidationError):
        services.agenda_item_add(actor=secretary, meeting=meeting, item=services.AgendaItemData())


def test_documents_are_checked_by_content(secretary, meeting, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    document = services.document_add(
        actor=secretary, meeting=meeting, file=io.BytesIO(files.docx()), name="draft.docx", title_ru="Проект решения"
    )
    assert document.extension == "docx" and document.file.name.endswith(".docx")
    pdf = services.document_add(
        actor=secretary, meeting=meeting, file=io.BytesIO(files.pdf()), name="slides.docx", title_en="Slides"
    )
    assert pdf.extension == "pdf"  # the content decides, not the name
    for content, name in ((files.EXE, "decision.pdf"), (files.EXE, "decision.docx"), (files.docm(), "m.docx")):
        with pytest.raises(ValidationError) as caught:
            services.document_add(actor=secretary, meeting=meeting, file=io.BytesIO(content), name=name, title_kk="x")
        assert "file" in caught.value.message_dict
    assert Document.objects.count() == 2
    assert AuditEntry.objects.filter(action="meeting.document_add").count() == 2
    assert selectors.public_document(meeting.pk, document.pk) == document
    services.meeting_publish(actor=secretary, meeting=meeting, published=False)
    with pytest.raises(Http404):
        selectors.public_document(meeting.pk, document.pk)
    services.document_remove(actor=secretary, document=document)
    assert Document.objects.count() == 1


def test_minutes_are_cleaned_and_published(secretary, meeting, region_observer):
    dirty = (
        '<p style="color:red" onclick="steal()">Шешім <a href="javascript:alert(1)">x</a></p>'
        "<script>alert(1)</script><h2>Қаралды</h2>"
    )
    with pytest.raises(PermissionDenied):
        services.minutes_save(actor=region_observer, meeting=meeting, body_kk=dirty)
    with pytest.raises(ValidationError):
        services.minutes_publish(actor=secretary, meeting=meeting)
    minutes = services.minutes_save(actor=secretary, meeting=meeting, body_kk=dirty, body_ru="Строка 1\nстрока 2")
    assert "script" not in minutes.body_kk and "onclick" not in minutes.body_kk and "style" not in minutes.body_kk
    assert "javascript" not in minutes.body_kk and "<h2>Қаралды</h2>" in minutes.body_kk
    assert minutes.body_ru == "<p>Строка 1<br>строка 2</p>"
    services.minutes_publish(actor=secretary, meeting=meeting)
    minutes.refresh_from_db()
    assert minutes.is_published
    assert selectors.missing_languages(Meeting.objects.get(pk=meeting.pk))["minutes"] == ["en"]


def test_attendance(secretary, meeting):
    services.attendance_record(
        actor=secretary,
        meeting=meeting,
        attendees=[
            services.AttendeeData("Асқар Әкімов", "аудан әкімі"),
            services.AttendeeData("", ""),
            services.AttendeeData("Динара Орынбасарова", "орынбасар", present=False),
        ],
        residents_in_person=25,
        residents_online=140,
    )
    meeting.refresh_from_db()
    assert [(a.name, a.present) for a in meeting.attendees.all()] == [
        ("Асқар Әкімов", True),
        ("Динара Орынбасарова", False),
    ]
    assert meeting.residents_online == 140 and meeting.attendance_recorded_at
    with pytest.raises(ValidationError):
        services.attendance_record(actor=secretary, meeting=meeting, attendees=[], residents_online=-1)


def test_transcripts_per_language(secretary, meeting, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    services.transcript_set(actor=secretary, meeting=meeting, kind="summary", language="ru", text="Кратко")
    services.transcript_set(
        actor=secretary, meeting=meeting, kind="transcript", language="kk", file=io.BytesIO(files.pdf()), name="s.pdf"
    )
    assert Transcript.objects.count() == 2
    missing = selectors.missing_languages(Meeting.objects.get(pk=meeting.pk))
    assert missing["summary"] == ["kk", "en"] and missing["transcript"] == ["ru", "en"]
    assert services.transcript_set(actor=secretary, meeting=meeting, kind="summary", language="ru", text="") is None
    assert Transcript.objects.count() == 1
    with pytest.raises(ValidationError):
        services.transcript_set(
            actor=secretary, meeting=meeting, kind="summary", language="en", file=io.BytesIO(files.EXE), name="a.pdf"
        )


def test_decisions_become_instructions_and_roll_up(secretary, meeting, akzhar_construction, akzhar_head):
    decision = services.decision_add(
        actor=secretary,
        meeting=meeting,
        text_ru="Отремонтировать дорогу к школе",
        instructions=[services.InstructionData(department=akzhar_construction, deadline=DEADLINE)],
    )
    assert decision.number == 1
    instruction = Instruction.objects.get()
    assert instruction.source_kind == "meetings.decision"
    assert instruction.source_type == ContentType.objects.get_for_model(Decision)
    assert instruction.title == "Отремонтировать дорогу к школе"
    entry = AuditEntry.objects.get(action="meeting.decision_add")
    assert entry.data["instructions"] == [instruction.number]
    statuses = selectors.decision_statuses(meeting)
    assert statuses[decision.pk].status == "in_progress"
    assert statuses[decision.pk].instructions[0].number == instruction.number

    second = services.decision_instruct(
        actor=secretary,
        decision=decision,
        spec=services.InstructionData(department=akzhar_construction, deadline=DEADLINE, title="Осветить"),
    )
    instruction_start(actor=akzhar_head, instruction=instruction)
    instruction_complete(actor=akzhar_head, instruction=instruction, result="Готово")
    assert selectors.decision_statuses(meeting)[decision.pk].status == "in_progress"
    Instruction.objects.filter(pk=second.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    assert selectors.decision_statuses(meeting)[decision.pk].status == "overdue"
    Instruction.objects.filter(pk=second.pk).update(status="done")
    assert selectors.decision_statuses(meeting)[decision.pk].status == "done"
    other = services.decision_add(actor=secretary, meeting=meeting, text_kk="Ақпаратты назарға алу")
    assert other.number == 2 and selectors.decision_statuses(meeting)[other.pk].status == "no_instructions"


def test_decisions_refused_for_others_and_other_akimats(
    secretary, operator, meeting, aiyrtau_construction, akzhar_construction
):
    with pytest.raises(PermissionDenied):
        services.decision_add(actor=operator, meeting=meeting, text_ru="x")
    with pytest.raises(ValidationError):
        services.decision_add(
            actor=secretary,
            meeting=meeting,
            text_ru="x",
            instructions=[services.InstructionData(department=aiyrtau_construction, deadline=DEADLINE)],
        )
    with pytest.raises(ValidationError):  # control refuses a past deadline: nothing is kept
        services.decision_add(
            actor=secretary,
            meeting=meeting,
            text_ru="x",
            instructions=[
                services.InstructionData(
                    department=akzhar_construction, deadline=timezone.localdate() - timedelta(days=1)
                )
            ],
        )
    assert not Decision.objects.exists() and not Instruction.objects.exists()


def test_an_instruction_of_a_decision_links_the_meeting_anchor(secretary, meeting, akzhar_construction):
    from openakimat.control import sources

    decision = services.decision_add(actor=secretary, meeting=meeting, text_en="Repair")
    assert sources.get("meetings.decision").public_url(decision).endswith(f"/meetings/{meeting.pk}/#decision-1")
    services.meeting_publish(actor=secretary, meeting=meeting, published=False)
    decision.meeting.refresh_from_db()
    assert sources.get("meetings.decision").public_url(decision) == ""  # a draft has no public page


def test_questions_submit_moderate_answer(secretary, hearing, operator):
    question = services.question_submit(
        meeting=hearing,
        text="Когда отремонтируют дорогу? Мой телефон 87011234567",
        author_name="Айгерім",
        author_contact="+77011234567",
        language="ru",
    )
    assert question.status == QuestionStatus.PENDING
    entry = AuditEntry.objects.get(action="meeting.question_submit")
    assert "Айгерім" not in str(entry.data) and "7701" not in str(entry.data)
    assert selectors.published_questions(hearing) == []
    with pytest.raises(PermissionDenied):
        services.question_moderate(actor=operator, question=question, publish=True)
    with pytest.raises(ConflictError):
        services.question_answer(actor=secretary, question=question, answer_ru="Скоро")
    services.question_moderate(actor=secretary, question=question, publish=True, text="Когда отремонтируют дорогу?")
    services.question_answer(actor=secretary, question=question, answer_ru="В июне")
    question.refresh_from_db()
    assert question.status == QuestionStatus.PUBLISHED and question.answered_at and question.moderated_by == secretary
    assert [q.text for q in selectors.published_questions(hearing)] == ["Когда отремонтируют дорогу?"]
    other = services.question_submit(meeting=hearing, text="Спам", author_name="X")
    with pytest.raises(ValidationError):
        services.question_moderate(actor=secretary, question=other, publish=False, reason="")
    services.question_moderate(actor=secretary, question=other, publish=False, reason="Не по теме")
    assert Question.objects.get(pk=other.pk).status == QuestionStatus.REJECTED


def test_questions_only_while_open(meeting, hearing):
    with pytest.raises(ConflictError):
        services.question_submit(meeting=meeting, text="?", author_name="X")
    Meeting.objects.filter(pk=hearing.pk).update(questions_open_until=timezone.now() - timedelta(minutes=1))
    hearing.refresh_from_db()
    with pytest.raises(ConflictError):
        services.question_submit(meeting=hearing, text="?", author_name="X")


@override_settings(MEETING_QUESTION_CONTACT_DAYS=30)
def test_contacts_are_forgotten(secretary, hearing):
    question = services.question_submit(meeting=hearing, text="?", author_name="X", author_contact="+77011234567")
    services.question_moderate(actor=secretary, question=question, publish=True)
    assert services.forget_question_contacts() == 0
    assert services.forget_question_contacts(now=timezone.now() + timedelta(days=31)) == 1
    question.refresh_from_db()
    assert question.author_contact == "" and question.contact_forgotten_at


def test_embed_urls_only_for_allowed_hosts(settings):
    settings.MEETING_EMBED_HOSTS = ["www.youtube-nocookie.com", "player.vimeo.com", "rutube.ru"]
    assert embed_url("https://www.youtube.com/watch?v=abcDEF12345") == (
        "https://www.youtube-nocookie.com/embed/abcDEF12345"
    )
    assert embed_url("https://youtu.be/abcDEF12345") == "https://www.youtube-nocookie.com/embed/abcDEF12345"
    assert embed_url("https://vimeo.com/12345") == "https://player.vimeo.com/video/12345"
    assert embed_url("https://rutube.ru/video/0123abcd/") == "https://rutube.ru/play/embed/0123abcd"
    assert embed_url("https://evil.example/watch?v=x") == ""
    assert embed_url("http://www.youtube.com/watch?v=abcDEF12345") == ""
    assert embed_url("https://www.youtube.com/watch?v=<script>") == ""
    settings.MEETING_EMBED_HOSTS = []
    assert embed_url("https://www.youtube.com/watch?v=abcDEF12345") == ""


def test_csp_allows_the_embed_hosts_as_frames():
    from django.conf import settings

    frames = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]
    assert "https://www.youtube-nocookie.com" in frames and "https://player.vimeo.com" in frames


def test_staff_of_the_territory_read_drafts_the_public_does_not(secretary, akzhar_akimat, akzhar_head):
    draft = services.meeting_schedule(actor=secretary, akimat=akzhar_akimat, data=data())
    assert selectors.staff_meeting(actor=akzhar_head, pk=draft.pk) == draft
    assert not selectors.public_meetings().filter(pk=draft.pk).exists()
    other = make_staff("x.finance", Role.FINANCE, akzhar_akimat)
    assert selectors.staff_meeting(actor=other, pk=draft.pk) == draft
