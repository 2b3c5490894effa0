"""Staff triage: accept as an instruction, merge a duplicate, reject, add an update, redact — each
does what it says with its public update and audit entry, refuses whoever may not (another akimat,
a specialist, an observer), refuses bad input and a stale version, and changes nothing then."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_department, make_staff
from openakimat.common.errors import ConflictError
from openakimat.common.roles import Role
from openakimat.control.models import Instruction
from openakimat.integrity.models import AuditEntry
from openakimat.problems import permissions
from openakimat.problems.models import Report, Status, Subscription
from openakimat.problems.services import (
    report_accept,
    report_add_update,
    report_merge,
    report_redact,
    report_reject,
)

from . import triage_fixtures as fx
from .triage_fixtures import make_report

roads, lights, aiyrtau_roads = fx.roads, fx.lights, fx.aiyrtau_roads

pytestmark = pytest.mark.django_db


def _deadline(days=7):
    return timezone.localdate() + timedelta(days=days)


def _snapshot(report: Report) -> tuple:
    report.refresh_from_db()
    return (report.status, report.version, report.public_note, report.description, report.updates.count())


def _instructions(report):
    return Instruction.objects.filter(source_type=ContentType.objects.get_for_model(report), source_id=report.pk)


def test_accept_makes_an_instruction_to_the_category_department_with_the_deadline(roads, operator):
    report = make_report(roads)
    report, instruction = report_accept(actor=operator, report=report, title="Patch the pothole", deadline=_deadline())
    assert report.status == Status.ACCEPTED
    assert (instruction.department, instruction.deadline, instruction.akimat) == (
        roads.department,
        _deadline(),
        roads.akimat,
    )
    assert instruction.source_kind == "problems.report" and instruction.source_id == report.pk
    assert list(_instructions(report)) == [instruction]
    assert [u.status for u in report.updates.all()] == [Status.OPEN, Status.ACCEPTED]
    assert report.version == 2
    assert AuditEntry.objects.filter(action="problem_report.accept", object_id=str(report.pk)).exists()


def test_accept_to_another_department_of_the_akimat(roads, akim, akzhar_akimat):
    other = make_department(akzhar_akimat, "housing")
    report = make_report(roads)
    _, instruction = report_accept(actor=akim, report=report, title="Fix", deadline=_deadline(), department=other)
    assert instruction.department == other


def test_accept_refuses_a_past_deadline_and_changes_nothing(roads, operator):
    report = make_report(roads)
    before = _snapshot(report)
    with pytest.raises(ValidationError):
        report_accept(actor=operator, report=report, title="Fix", deadline=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError):
        report_accept(actor=operator, report=report, title="  ", deadline=_deadline())
    assert _snapshot(report) == before
    assert not _instructions(report).exists()


@pytest.mark.parametrize("who", ["aiyrtau_operator", "specialist", "observer", "head"])
def test_accept_is_refused_to_those_who_may_not(roads, aiyrtau_akimat, akzhar_construction, region_observer, who):
    users = {
        "aiyrtau_operator": lambda: make_staff("op.aiyrtau", Role.OPERATOR, aiyrtau_akimat),
        "specialist": lambda: make_staff("spec", Role.SPECIALIST, roads.akimat, akzhar_construction),
        "observer": lambda: region_observer,
        # the department head triages the category's reports but does not give instructions
        "head": lambda: make_staff("head2", Role.HEAD, roads.akimat, akzhar_construction),
    }
    user = users[who]()
    report = make_report(roads)
    before = _snapshot(report)
    with pytest.raises(PermissionDenied):
        report_accept(actor=user, report=report, title="Fix", deadline=_deadline())
    assert _snapshot(report) == before
    assert not _instructions(report).exists()


def test_a_stale_version_is_a_conflict(roads, operator):
    report = make_report(roads)
    report_add_update(actor=operator, report=report, text="We are looking at it.")
    before = _snapshot(report)
    with pytest.raises(ConflictError):
        report_accept(actor=operator, report=report, title="Fix", deadline=_deadline(), version=1)
    assert _snapshot(report) == before


def test_a_report_is_accepted_once(roads, operator, akim):
    report = make_report(roads)
    report_accept(actor=operator, report=report, title="Fix", deadline=_deadline())
    with pytest.raises(ConflictError):
        report_accept(actor=akim, report=report, title="Fix again", deadline=_deadline())
    assert _instructions(report).count() == 1


def test_reject_publishes_the_reason(roads, akzhar_head):
    report = make_report(roads)
    report = report_reject(actor=akzhar_head, report=report, reason="This road is the region's, not the district's.")
    assert (report.status, report.public_note) == (Status.REJECTED, "This road is the region's, not the district's.")
    assert report.updates.last().text == report.public_note
    assert AuditEntry.objects.filter(action="problem_report.reject").exists()


def test_reject_needs_a_reason_and_an_allowed_actor(roads, aiyrtau_head, operator):
    report = make_report(roads)
    before = _snapshot(report)
    with pytest.raises(ValidationError):
        report_reject(actor=operator, report=report, reason="   ")
    with pytest.raises(PermissionDenied):
        report_reject(actor=aiyrtau_head, report=report, reason="Not ours")
    assert _snapshot(report) == before


def test_merge_moves_the_subscribers_and_the_reporter_to_the_original(roads, operator):
    original = make_report(roads)
    duplicate = make_report(roads, description="The same pothole", phone="+77017654321", email="")
    now = timezone.now()
    Subscription.objects.create(report=duplicate, email="neighbour@example.kz", token_hash="a" * 64, confirmed_at=now)
    Subscription.objects.create(report=original, email="first@example.kz", token_hash="b" * 64, confirmed_at=now)
    report = report_merge(actor=operator, report=duplicate, into=original)
    assert (report.status, report.duplicate_of) == (Status.DUPLICATE, original)
    assert str(original.pk) in report.public_note
    subs = list(original.subscriptions.all())
    assert sorted(s.email for s in subs) == ["", "aigerim@example.kz", "first@example.kz", "neighbour@example.kz"]
    assert sorted(s.phone for s in subs if s.phone) == ["+77011234567", "+77017654321"]
    assert [s.is_reporter for s in subs if s.phone == "+77017654321"] == [False]  # not the original's reporter
    assert not duplicate.subscriptions.exists()
    assert AuditEntry.objects.filter(action="problem_report.merge").exists()


def test_merge_does_not_subscribe_someone_twice(roads, operator):
    original = make_report(roads)
    duplicate = make_report(roads)  # the same reporter, the same contacts
    report_merge(actor=operator, report=duplicate, into=original)
    assert original.subscriptions.count() == 1


def test_merge_does_not_resubscribe_who_unsubscribed(roads, operator):
    original = make_report(roads)
    duplicate = make_report(roads, phone="+77017654321", email="")
    duplicate.subscriptions.all().delete()  # the reporter unsubscribed
    report_merge(actor=operator, report=duplicate, into=original)
    assert [s.phone for s in original.subscriptions.all()] == ["+77011234567"]


@pytest.mark.parametrize("case", ["itself", "other_category", "other_akimat", "rejected"])
def test_merge_refuses_a_wrong_original(roads, lights, aiyrtau_roads, operator, case):
    duplicate = make_report(roads)
    if case == "itself":
        into = duplicate
    elif case == "other_category":
        into = make_report(lights)
    elif case == "other_akimat":
        into = make_report(aiyrtau_roads)
    else:
        into = make_report(roads)
        report_reject(actor=operator, report=into, reason="No")
    before = _snapshot(duplicate)
    with pytest.raises(ValidationError):
        report_merge(actor=operator, report=duplicate, into=into)
    assert _snapshot(duplicate) == before


def test_add_update_keeps_the_status(roads, operator):
    report = make_report(roads)
    update = report_add_update(actor=operator, report=report, text="A crew will look at it on Monday.")
    report.refresh_from_db()
    assert (report.status, update.status, update.text) == (Status.OPEN, Status.OPEN, update.text)
    with pytest.raises(ValidationError):
        report_add_update(actor=operator, report=report, text="")


def test_redact_replaces_the_description_and_audits_without_the_text(roads, operator):
    report = make_report(roads, description="Pothole outside the house of Aigerim, call 87011234567")
    report = report_redact(
        actor=operator, report=report, description="Pothole outside a house", reason="A name and a phone"
    )
    assert report.description == "Pothole outside a house"
    entry = AuditEntry.objects.get(action="problem_report.redact")
    assert "87011234567" not in str(entry.data) and "Aigerim" not in str(entry.data)
    with pytest.raises(ValidationError):
        report_redact(actor=operator, report=report, description="Pothole outside a house", reason="again")


def test_redact_is_refused_to_a_specialist(roads, akzhar_construction):
    specialist = make_staff("spec", Role.SPECIALIST, roads.akimat, akzhar_construction)
    report = make_report(roads)
    with pytest.raises(PermissionDenied):
        report_redact(actor=specialist, report=report, description="x", reason="y")


def test_the_policy_by_role(roads, operator, akzhar_head, akim, akzhar_admin, region_observer, akzhar_construction):
    specialist = make_staff("spec", Role.SPECIALIST, roads.akimat, akzhar_construction)
    report = make_report(roads)
    assert permissions.can_accept(operator, report) and permissions.can_accept(akim, report)
    assert permissions.can_accept(akzhar_admin, report)
    assert not permissions.can_accept(akzhar_head, report) and permissions.can_triage(akzhar_head, report)
    assert permissions.can_view(region_observer, report) and not permissions.can_triage(region_observer, report)
    assert permissions.can_see_reporter(operator, report) and permissions.can_see_reporter(region_observer, report)
    assert not permissions.can_see_reporter(specialist, report) and not permissions.can_see_reporter(
        akzhar_head, report
    )
    assert permissions.can_view(specialist, report) and not permissions.can_triage(specialist, report)
    for user in (operator, akzhar_head, akim, region_observer, specialist):
        assert Report.objects.filter(permissions.reports_q(user), pk=report.pk).exists()


def test_the_list_filter_keeps_other_akimats_out(roads, aiyrtau_roads, operator, aiyrtau_head):
    ours, theirs = make_report(roads), make_report(aiyrtau_roads)
    assert list(Report.objects.filter(permissions.reports_q(operator))) == [ours]
    assert list(Report.objects.filter(permissions.reports_q(aiyrtau_head))) == [theirs]


def test_every_change_tells_the_subscribers(roads, operator, monkeypatch):
    told = []
    monkeypatch.setattr("openakimat.problems.services.triage.notify_change", lambda report: told.append(report.status))
    first, second, third = make_report(roads), make_report(roads), make_report(roads)
    report_accept(actor=operator, report=first, title="Fix", deadline=_deadline())
    report_add_update(actor=operator, report=first, text="Crew on Monday")
    report_merge(actor=operator, report=second, into=first)
    report_reject(actor=operator, report=third, reason="Private land")
    assert told == [Status.ACCEPTED, Status.ACCEPTED, Status.DUPLICATE, Status.REJECTED]
    report_redact(actor=operator, report=third, description="Private land problem", reason="A name")
    assert len(told) == 4  # a correction of the text is not news to the subscribers
