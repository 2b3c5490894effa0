"""The deadline sweep: a reminder before the deadline and an alert to the head once it passed,
each sent once per deadline, nothing for done or cancelled instructions."""

from datetime import timedelta

import pytest
from django.core import mail

from conftest import make_staff
from openakimat.common.roles import Role
from openakimat.control import services, tasks
from openakimat.control.models import AlertKind, Instruction, StaffAlert
from openakimat.notifications.models import Notification

from .conftest import SYSTEM, make_instruction, make_overdue


@pytest.fixture
def people(akzhar_head, akim, specialist):
    for user, email in ((akzhar_head, "head@akzhar.kz"), (akim, "akim@akzhar.kz"), (specialist, "spec@akzhar.kz")):
        user.email = email
        user.save(update_fields=["email"])
    return {"head": akzhar_head, "akim": akim, "specialist": specialist}


def alerts(kind):
    return sorted(StaffAlert.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_assigning_tells_the_responsible_official_or_else_the_heads(
    people, akzhar_akimat, akzhar_construction, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_instruction(SYSTEM, akzhar_akimat, akzhar_construction)
    assert alerts(AlertKind.ASSIGNED) == [people["head"].username]
    with django_capture_on_commit_callbacks(execute=True):
        make_instruction(SYSTEM, akzhar_akimat, akzhar_construction, responsible=people["specialist"])
    assert alerts(AlertKind.ASSIGNED) == sorted([people["head"].username, people["specialist"].username])
    assert {m.to[0] for m in mail.outbox} == {"head@akzhar.kz", "spec@akzhar.kz"}
    assert all("/staff/instructions/" in m.body for m in mail.outbox)


def test_a_reminder_is_sent_once_per_deadline(people, akzhar_akimat, akzhar_construction, settings):
    settings.CONTROL_REMINDER_DAYS = 3
    soon = make_instruction(SYSTEM, akzhar_akimat, akzhar_construction, days=2, responsible=people["specialist"])
    make_instruction(SYSTEM, akzhar_akimat, akzhar_construction, days=10)  # not yet
    assert tasks.sweep() == (1, 0)
    assert tasks.sweep() == (0, 0)
    assert alerts(AlertKind.REMINDER) == [people["specialist"].username]
    soon.refresh_from_db()
    assert soon.reminded_for == soon.deadline
    # An extension makes a new deadline, and so a new reminder when it comes near.
    extended = services.instruction_extend(
        actor=SYSTEM, instruction=soon, deadline=soon.deadline + timedelta(days=1), reason="Frost"
    )
    assert tasks.sweep() == (1, 0)
    assert StaffAlert.objects.filter(kind=AlertKind.REMINDER, deadline=extended.deadline).count() == 1


def test_an_overdue_alert_goes_to_the_heads_and_the_akim_once(people, akzhar_akimat, akzhar_construction):
    late = make_overdue(make_instruction(SYSTEM, akzhar_akimat, akzhar_construction, responsible=people["specialist"]))
    before = Notification.objects.filter(kind="control.overdue").count()
    assert tasks.sweep_deadlines() == (0, 1)
    assert tasks.sweep_deadlines() == (0, 0)
    assert alerts(AlertKind.OVERDUE) == sorted([people["head"].username, people["akim"].username])
    assert Notification.objects.filter(kind="control.overdue").count() == before + 2
    late.refresh_from_db()
    assert late.overdue_alerted_for == late.deadline


def test_nothing_for_done_or_cancelled_ones(people, akzhar_akimat, akzhar_construction):
    done = make_overdue(make_instruction(SYSTEM, akzhar_akimat, akzhar_construction))
    services.instruction_complete(actor=SYSTEM, instruction=done, result="Done late")
    cancelled = make_instruction(SYSTEM, akzhar_akimat, akzhar_construction, days=1)
    services.instruction_cancel(actor=SYSTEM, instruction=cancelled, reason="Duplicate")
    assert tasks.sweep() == (0, 0)
    assert not StaffAlert.objects.filter(kind__in=[AlertKind.REMINDER, AlertKind.OVERDUE]).exists()


def test_the_sweep_redoes_what_a_lost_run_left(people, akzhar_akimat, akzhar_construction):
    late = make_overdue(make_instruction(SYSTEM, akzhar_akimat, akzhar_construction))
    # A run that wrote the alert but died before marking the instruction: the alert is not repeated.
    StaffAlert.objects.create(
        instruction=late, recipient=people["head"], kind=AlertKind.OVERDUE, deadline=late.deadline
    )
    assert tasks.sweep() == (0, 1)
    assert alerts(AlertKind.OVERDUE) == sorted([people["head"].username, people["akim"].username])
    assert Instruction.objects.get(pk=late.pk).overdue_alerted_for == late.deadline


def test_a_deactivated_official_is_not_told(people, akzhar_akimat, akzhar_construction):
    head = make_staff("former.head", Role.HEAD, akzhar_akimat, akzhar_construction)
    head.is_active = False
    head.save()
    make_instruction(SYSTEM, akzhar_akimat, akzhar_construction)
    assert alerts(AlertKind.ASSIGNED) == [people["head"].username]
