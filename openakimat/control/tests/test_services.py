"""Each service of execution control: what it does, whom it refuses, and that a refusal changes
nothing."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_staff
from openakimat.common import samples
from openakimat.common.errors import ConflictError
from openakimat.common.roles import Role
from openakimat.control import services
from openakimat.control.models import EventKind, Instruction, InstructionEvent, ReportAttachment, Status
from openakimat.integrity.models import AuditEntry

from .conftest import EVENTS, SOURCE, in_days, make_instruction, make_overdue


def audited(action: str, instruction: Instruction) -> bool:
    return AuditEntry.objects.filter(action=action, object_id=str(instruction.pk)).exists()


def unchanged(instruction: Instruction) -> None:
    fresh = Instruction.objects.get(pk=instruction.pk)
    assert (fresh.status, fresh.deadline, fresh.version, fresh.department_id) == (
        instruction.status,
        instruction.deadline,
        instruction.version,
        instruction.department_id,
    )


# --- assigning -------------------------------------------------------------------------------------


def test_the_akim_assigns_an_instruction_to_a_department(akim, akzhar_akimat, akzhar_construction, talshik_okrug):
    instruction = make_instruction(akim, akzhar_akimat, akzhar_construction, territory=talshik_okrug, days=7)
    assert instruction.number == f"AKZ-P{instruction.pk:06d}"
    assert instruction.status == Status.ASSIGNED
    assert instruction.source_kind == SOURCE and instruction.source == akzhar_akimat.territory
    assert instruction.deadline == instruction.original_deadline == in_days(7)
    assert list(instruction.events.values_list("kind", flat=True)) == [EventKind.CREATED]
    assert audited("instruction.create", instruction)
    assert [(instruction.number, EventKind.CREATED)] == EVENTS


def test_the_front_office_may_assign_too(operator, akzhar_akimat, akzhar_construction):
    assert make_instruction(operator, akzhar_akimat, akzhar_construction).pk


@pytest.mark.parametrize("who", ["akzhar_head", "region_observer", "aiyrtau_head", "resident"])
def test_others_may_not_assign(request, who, akzhar_akimat, akzhar_construction):
    with pytest.raises(PermissionDenied):
        make_instruction(request.getfixturevalue(who), akzhar_akimat, akzhar_construction)
    assert not Instruction.objects.exists()


def test_an_akim_of_another_district_may_not_assign_here(aiyrtau_akimat, akzhar_akimat, akzhar_construction):
    other = make_staff("other.akim", Role.AKIM, aiyrtau_akimat)
    with pytest.raises(PermissionDenied):
        make_instruction(other, akzhar_akimat, akzhar_construction)


def test_a_department_of_another_akimat_is_refused(akim, akzhar_akimat, aiyrtau_construction):
    with pytest.raises(PermissionDenied):
        make_instruction(akim, akzhar_akimat, aiyrtau_construction)
    assert not Instruction.objects.exists()


@pytest.mark.parametrize(
    ("title", "days", "code"),
    [("", 5, "required"), ("   ", 5, "required"), ("x" * 301, 5, "too_long"), ("Fix it", -1, "past_deadline")],
)
def test_bad_input_is_refused_and_nothing_is_written(akim, akzhar_akimat, akzhar_construction, title, days, code):
    with pytest.raises(ValidationError) as caught:
        make_instruction(akim, akzhar_akimat, akzhar_construction, title=title, days=days)
    assert caught.value.error_list[0].code == code
    assert not Instruction.objects.exists() and not InstructionEvent.objects.exists()
    assert not AuditEntry.objects.filter(action="instruction.create").exists()


def test_the_responsible_official_must_work_in_the_department(akim, akzhar_akimat, akzhar_construction, operator):
    with pytest.raises(ValidationError):
        make_instruction(akim, akzhar_akimat, akzhar_construction, responsible=operator)
    assert not Instruction.objects.exists()


def test_a_model_that_is_no_source_is_refused(akim, akzhar_akimat, akzhar_construction):
    with pytest.raises(LookupError):
        services.instruction_create(
            actor=akim,
            source=akzhar_construction,
            akimat=akzhar_akimat,
            department=akzhar_construction,
            title="Fix it",
            deadline=in_days(3),
        )


# --- the department works it -----------------------------------------------------------------------


def test_the_department_takes_it_into_work(instruction, specialist):
    done = services.instruction_start(actor=specialist, instruction=instruction, version=instruction.version)
    assert done.status == Status.IN_PROGRESS and done.version == instruction.version + 1
    assert instruction.events.filter(kind=EventKind.STARTED).exists()
    assert audited("instruction.start", instruction)


@pytest.mark.parametrize("who", ["akim", "operator", "region_observer", "aiyrtau_head"])
def test_only_the_responsible_department_takes_it(request, who, instruction):
    with pytest.raises(PermissionDenied):
        services.instruction_start(actor=request.getfixturevalue(who), instruction=instruction)
    unchanged(instruction)


def test_the_head_of_another_department_of_the_same_akimat_is_refused(instruction, akzhar_education):
    head = make_staff("other.head", Role.HEAD, akzhar_education.akimat, akzhar_education)
    with pytest.raises(PermissionDenied):
        services.instruction_report(actor=head, instruction=instruction, text="Done a bit")
    unchanged(instruction)


def test_a_report_with_photos_takes_it_into_work(instruction, specialist):
    files = [("lights.png", io.BytesIO(samples.PNG)), ("act.pdf", io.BytesIO(samples.PDF))]
    event = services.instruction_report(actor=specialist, instruction=instruction, text="Poles set", files=files)
    instruction.refresh_from_db()
    assert instruction.status == Status.IN_PROGRESS
    assert event.kind == EventKind.REPORT and event.text == "Poles set"
    assert sorted(event.attachments.values_list("kind", flat=True)) == ["document", "photo"]
    assert audited("instruction.report", instruction)


def test_a_report_with_a_file_of_another_type_changes_nothing(instruction, specialist):
    with pytest.raises(ValidationError):
        services.instruction_report(
            actor=specialist, instruction=instruction, text="Poles set", files=[("x.html", io.BytesIO(b"<html>"))]
        )
    unchanged(instruction)
    assert not ReportAttachment.objects.exists()
    assert not instruction.events.filter(kind=EventKind.REPORT).exists()


def test_done_on_time_and_late(instruction, specialist, akim, akzhar_akimat, akzhar_construction):
    done = services.instruction_complete(actor=specialist, instruction=instruction, result="All lights work")
    assert (done.status, done.done_on_time, done.result) == (Status.DONE, True, "All lights work")
    assert done.completed_at is not None
    late = make_overdue(make_instruction(akim, akzhar_akimat, akzhar_construction))
    late = services.instruction_complete(actor=specialist, instruction=late, result="Done at last")
    assert late.done_on_time is False


def test_done_needs_a_result(instruction, specialist):
    with pytest.raises(ValidationError):
        services.instruction_complete(actor=specialist, instruction=instruction, result="  ")
    unchanged(instruction)


# --- control: extend, reassign, cancel, reopen -------------------------------------------------------


def test_the_akim_extends_with_a_reason_and_it_is_counted(instruction, akim):
    old = instruction.deadline
    done = services.instruction_extend(
        actor=akim, instruction=instruction, deadline=old + timedelta(days=5), reason="Frost"
    )
    assert done.deadline == old + timedelta(days=5) and done.original_deadline == old
    assert done.extension_count == 1
    event = done.events.get(kind=EventKind.EXTENDED)
    assert (event.old_deadline, event.new_deadline, event.text) == (old, done.deadline, "Frost")
    assert audited("instruction.extend", instruction)


def test_a_department_never_extends_its_own_deadline(instruction, akzhar_head):
    with pytest.raises(PermissionDenied):
        services.instruction_extend(
            actor=akzhar_head, instruction=instruction, deadline=instruction.deadline + timedelta(days=5), reason="x"
        )
    unchanged(instruction)


@pytest.mark.parametrize(("shift", "reason"), [(0, "Frost"), (-1, "Frost"), (3, ""), (365 * 7, "Frost")])
def test_an_extension_must_be_later_and_give_a_reason(instruction, akim, shift, reason):
    with pytest.raises(ValidationError):
        services.instruction_extend(
            actor=akim, instruction=instruction, deadline=instruction.deadline + timedelta(days=shift), reason=reason
        )
    unchanged(instruction)
    assert Instruction.objects.get(pk=instruction.pk).extension_count == 0


def test_reassign_to_another_department(instruction, akim, akzhar_education):
    done = services.instruction_reassign(
        actor=akim, instruction=instruction, department=akzhar_education, reason="Schools"
    )
    assert done.department == akzhar_education and done.responsible is None
    assert done.events.filter(kind=EventKind.REASSIGNED).exists()
    assert audited("instruction.reassign", instruction)


def test_reassign_to_a_department_of_another_district_is_refused(instruction, akim, aiyrtau_construction):
    with pytest.raises(ValidationError):
        services.instruction_reassign(actor=akim, instruction=instruction, department=aiyrtau_construction)
    unchanged(instruction)


def test_cancel_needs_a_public_reason(instruction, akim, specialist):
    with pytest.raises(ValidationError):
        services.instruction_cancel(actor=akim, instruction=instruction, reason="")
    with pytest.raises(PermissionDenied):
        services.instruction_cancel(actor=specialist, instruction=instruction, reason="Not ours")
    unchanged(instruction)
    done = services.instruction_cancel(actor=akim, instruction=instruction, reason="Duplicate of another")
    assert (done.status, done.cancel_reason) == (Status.CANCELLED, "Duplicate of another")
    with pytest.raises(ConflictError):
        services.instruction_start(actor=specialist, instruction=done)


def test_reopen_by_control_and_by_the_resident(instruction, akim, specialist):
    services.instruction_complete(actor=specialist, instruction=instruction, result="Fixed")
    again = services.instruction_reopen(actor=akim, instruction=instruction, reason="Still dark")
    assert (again.status, again.result, again.done_on_time) == (Status.IN_PROGRESS, "", None)
    services.instruction_complete(actor=specialist, instruction=again, result="Fixed now")
    by_resident = services.instruction_reopen(actor=None, instruction=again, reason="Still dark", by_resident=True)
    assert by_resident.status == Status.IN_PROGRESS
    assert audited("instruction.reopen", instruction)


def test_an_open_instruction_is_not_reopened(instruction, akim):
    with pytest.raises(ConflictError):
        services.instruction_reopen(actor=akim, instruction=instruction, reason="Why")
    unchanged(instruction)


# --- concurrency -----------------------------------------------------------------------------------


def test_a_form_from_an_old_page_is_refused(instruction, specialist, akim):
    seen = instruction.version
    services.instruction_start(actor=specialist, instruction=instruction, version=seen)
    with pytest.raises(ConflictError):
        services.instruction_cancel(actor=akim, instruction=instruction, reason="Duplicate", version=seen)
    fresh = Instruction.objects.get(pk=instruction.pk)
    assert fresh.status == Status.IN_PROGRESS and fresh.version == seen + 1


def test_overdue_is_derived_never_stored(instruction):
    assert not instruction.is_overdue()
    overdue = make_overdue(instruction)
    assert overdue.is_overdue() and overdue.status == Status.ASSIGNED
    assert not overdue.is_overdue(today=timezone.localdate() - timedelta(days=10))
