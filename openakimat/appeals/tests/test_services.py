from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from conftest import make_staff
from openakimat.appeals import tracking
from openakimat.appeals.models import Appeal, AppealAttachment, Status
from openakimat.appeals.services import (
    appeal_answer,
    appeal_draft,
    appeal_extend,
    appeal_prepare_publication,
    appeal_publish,
    appeal_route,
    appeal_unpublish,
)
from openakimat.common import calendar
from openakimat.common.errors import ConflictError
from openakimat.control.models import Instruction
from openakimat.integrity.models import AuditEntry
from openakimat.notifications.models import Notification

from .conftest import FRIDAY, PDF, TEXT, submit

pytestmark = pytest.mark.django_db


# --- the term ------------------------------------------------------------------------------------


def test_the_term_is_15_working_days_counted_past_the_march_holidays(akzhar_akimat):
    appeal, _code = submit(akzhar_akimat, now=FRIDAY)
    # Monday 9 March (Women's Day observed) and 23–25 March (Nauryz) are not counted, nor weekends:
    # 15 working days from Friday 6 March end on Thursday 2 April, not on Friday 27 March.
    assert appeal.due_on == date(2026, 4, 2)
    assert calendar.working_days_between(date(2026, 3, 6), appeal.due_on) == 15


def test_an_appeal_written_after_hours_is_counted_from_the_next_working_day(akzhar_akimat):
    late_friday = FRIDAY.replace(hour=19)
    appeal, _code = submit(akzhar_akimat, now=late_friday)
    assert appeal.due_on == calendar.add_working_days(date(2026, 3, 10), 15)


def test_extension_moves_the_term_to_30_working_days_once_and_tells_the_resident(akzhar_akimat, akim):
    appeal, _code = submit(akzhar_akimat, now=FRIDAY)
    appeal = appeal_extend(actor=akim, appeal=appeal, reason="We are asking the regional roads office.")
    assert appeal.status == Status.EXTENDED
    assert appeal.due_on == date(2026, 4, 23)
    assert calendar.working_days_between(date(2026, 3, 6), appeal.due_on) == 30
    told = Notification.objects.filter(kind="appeals.extended", target_id=appeal.pk)
    assert told.count() == 2  # SMS and e-mail
    assert "regional roads office" in told.first().text
    with pytest.raises(ConflictError):
        appeal_extend(actor=akim, appeal=appeal, reason="Again.")


# --- submitting ----------------------------------------------------------------------------------


def test_submitting_registers_a_numbered_appeal_with_a_hashed_code_and_encrypted_text(akzhar_akimat):
    appeal, code = submit(akzhar_akimat, files=[("photo.pdf", PDF)])
    assert appeal.number.startswith("AKZ-A-")
    assert appeal.status == Status.REGISTERED
    assert len(code) == tracking.CODE_LENGTH
    assert code not in appeal.tracking_hash and tracking.code_matches(appeal.tracking_hash, code)
    with connection.cursor() as cursor:
        cursor.execute("SELECT text, name, phone FROM appeals_appeal WHERE id = %s", [appeal.pk])
        raw = cursor.fetchone()
    assert "Abai" not in raw[0] and "Сәтбаева" not in raw[1] and "701" not in raw[2]
    assert AppealAttachment.objects.filter(appeal=appeal).count() == 1
    registered = Notification.objects.get(kind="appeals.registered", target_id=appeal.pk, medium="sms")
    assert tracking.group_code(code) in registered.text
    assert AuditEntry.objects.filter(action="appeal.submit", akimat=akzhar_akimat).count() == 1


def test_numbers_follow_each_other_per_akimat(akzhar_akimat):
    first, _ = submit(akzhar_akimat)
    second, _ = submit(akzhar_akimat)
    assert second.sequence == first.sequence + 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": "too short"}, "text"),
        ({"topic": "weather"}, "topic"),
        ({"consent": False}, "consent"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_kept(akzhar_akimat, change, field):
    with pytest.raises(ValidationError) as caught:
        submit(akzhar_akimat, **change)
    assert field in caught.value.message_dict
    assert not Appeal.objects.exists()


def test_more_than_three_files_or_a_disguised_file_is_refused(akzhar_akimat):
    with pytest.raises(ValidationError) as caught:
        submit(akzhar_akimat, files=[(f"{i}.pdf", PDF) for i in range(4)])
    assert "attachments" in caught.value.message_dict
    with pytest.raises(ValidationError):
        submit(akzhar_akimat, files=[("photo.jpg", b"<html><script>alert(1)</script></html>")])
    assert not Appeal.objects.exists()


def test_a_phone_or_an_email_is_needed_to_answer(akzhar_akimat):
    from openakimat.appeals.services import Author

    with pytest.raises(ValidationError) as caught:
        submit(akzhar_akimat, author=Author(name="Ерлан", language="ru"))
    assert "phone" in caught.value.message_dict


# --- routing, drafting, answering ----------------------------------------------------------------


def test_the_operator_routes_with_an_instruction_to_the_department(appeal, operator, akzhar_construction):
    appeal = appeal_route(
        actor=operator,
        appeal=appeal,
        department=akzhar_construction,
        instruction_title="Repair the street lights on Abai street",
        version=appeal.version,
    )
    assert appeal.status == Status.ROUTED and appeal.department == akzhar_construction
    instruction = Instruction.objects.get(source_kind="appeals.appeal", source_id=appeal.pk)
    assert instruction.deadline == appeal.due_on and instruction.department == akzhar_construction
    assert AuditEntry.objects.filter(action="appeal.route").count() == 1


def test_routing_without_an_instruction_creates_none(appeal, operator, akzhar_construction):
    appeal_route(actor=operator, appeal=appeal, department=akzhar_construction)
    assert not Instruction.objects.exists()


def test_a_department_of_another_akimat_is_refused(appeal, operator, aiyrtau_construction):
    with pytest.raises(ValidationError):
        appeal_route(actor=operator, appeal=appeal, department=aiyrtau_construction)
    appeal.refresh_from_db()
    assert appeal.status == Status.REGISTERED


def test_staff_elsewhere_and_the_department_may_not_route(appeal, aiyrtau_akimat, akzhar_head, akzhar_construction):
    other_operator = make_staff("aiyrtau.operator", "operator", aiyrtau_akimat)
    for actor in (other_operator, akzhar_head, None):
        with pytest.raises(PermissionDenied):
            appeal_route(actor=actor, appeal=appeal, department=akzhar_construction)
    assert not AuditEntry.objects.filter(action="appeal.route").exists()


def test_the_department_drafts_and_the_akim_answers_within_the_term(
    appeal, operator, akzhar_construction, specialist, akim
):
    appeal = appeal_route(actor=operator, appeal=appeal, department=akzhar_construction)
    appeal = appeal_draft(actor=specialist, appeal=appeal, text="The lights will be repaired by 1 December.")
    with pytest.raises(PermissionDenied):
        appeal_answer(actor=specialist, appeal=appeal, text="Repaired.")
    appeal = appeal_answer(actor=akim, appeal=appeal, text=appeal.answer_draft, version=appeal.version)
    assert appeal.status == Status.ANSWERED
    assert appeal.answered_in_term is True
    assert appeal.working_days_to_answer is not None
    assert Notification.objects.filter(kind="appeals.answered", target_id=appeal.pk).count() == 2
    with pytest.raises(ConflictError):
        appeal_answer(actor=akim, appeal=appeal, text="Again.")


def test_a_stale_version_is_a_conflict(appeal, akim):
    with pytest.raises(ConflictError):
        appeal_answer(actor=akim, appeal=appeal, text="An answer.", version=appeal.version + 5)
    appeal.refresh_from_db()
    assert appeal.status == Status.REGISTERED


def test_an_answer_after_the_due_date_counts_as_late(appeal, akim):
    Appeal.objects.filter(pk=appeal.pk).update(due_on=date.today() - timedelta(days=3))
    appeal.refresh_from_db()
    appeal = appeal_answer(actor=akim, appeal=appeal, text="Sorry for the delay: repaired.")
    assert appeal.answered_in_term is False


# --- publishing ----------------------------------------------------------------------------------


def test_publishing_needs_consent_an_answer_and_the_anonymised_texts(akzhar_akimat, akim, operator):
    private, _code = submit(akzhar_akimat, publish=False)
    private = appeal_answer(actor=akim, appeal=private, text="Repaired.")
    with pytest.raises(ConflictError):
        appeal_prepare_publication(actor=akim, appeal=private, question="Q?", answer="A.")
    with pytest.raises(ConflictError):
        appeal_publish(actor=akim, appeal=private)

    consenting, _code = submit(akzhar_akimat, publish=True)
    with pytest.raises(ConflictError):  # not answered yet
        appeal_publish(actor=akim, appeal=consenting)
    consenting = appeal_answer(actor=akim, appeal=consenting, text="Repaired on 20 November.")
    with pytest.raises(ValidationError):  # nothing prepared: the raw text is never published
        appeal_publish(actor=akim, appeal=consenting)
    with pytest.raises(PermissionDenied):
        appeal_prepare_publication(actor=operator, appeal=consenting, question="Q?", answer="A.")
    consenting = appeal_prepare_publication(
        actor=akim, appeal=consenting, question="When will the street lights be repaired?", answer="Repaired."
    )
    consenting = appeal_publish(actor=akim, appeal=consenting)
    assert consenting.published and consenting.published_at
    assert consenting.public_question != TEXT
    consenting = appeal_unpublish(actor=akim, appeal=consenting)
    assert not consenting.published
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"appeal.prepare_publication", "appeal.publish", "appeal.unpublish"} <= actions
