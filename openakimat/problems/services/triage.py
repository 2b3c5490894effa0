"""Staff triage of a report: accept it as an instruction with a deadline, merge a duplicate into
the report it repeats, reject it with a public reason, add a public update, and replace personal
data written into its public description.

Each action checks the policy first, locks the report, refuses a stale `version` with a
ConflictError, validates its input with a translated message, writes the change with its public
update and its audit entry in one transaction and tells the subscribers; nothing changes when it
refuses.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor, actor_user
from openakimat.common.errors import ConflictError
from openakimat.control.models import Instruction
from openakimat.control.services import instruction_create
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Department

from .. import permissions
from ..models import OPEN_STATUSES, Report, ReportUpdate, Status, Subscription
from ..notifications import notify_change
from .reporting import DESCRIPTION_MAX

TEXT_MAX = 2000


def _locked(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("akimat__territory", "category__department__akimat__territory", "territory")
        .get(pk=report.pk)
    )


def _check_version(report: Report, version: int | None) -> None:
    """Called after the permission check: whoever may not act learns nothing of the report's state."""
    if version is not None and report.version != version:
        raise ConflictError(_("The report changed since you opened it. Reload the page and try again."))


def _text(value: str, *, message: str, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message, code="required")
    if len(value) > limit:
        raise ValidationError(
            _("Keep the text under %(limit)d characters (now %(length)d).") % {"limit": limit, "length": len(value)},
            code="too_long",
        )
    return value


def _must_be_new(report: Report) -> None:
    if report.status != Status.OPEN:
        raise ConflictError(
            _("This can't be done now: the report is “%(status)s”.") % {"status": report.get_status_display()}
        )


def _change(report: Report, actor: Actor, status: str, text: str, fields: list[str] | None = None) -> None:
    """Give the report its new status (and public note), with its public update; tell the
    subscribers."""
    now = timezone.now()
    report.status, report.status_changed_at, report.version = status, now, report.version + 1
    if text:
        report.public_note = text
    report.save(update_fields=["status", "status_changed_at", "public_note", "version", "updated_at", *(fields or [])])
    ReportUpdate.objects.create(report=report, at=now, status=status, text=text, actor=actor_user(actor))
    notify_change(report)


@transaction.atomic
def report_accept(
    *,
    actor: Actor,
    report: Report,
    title: str,
    deadline: date,
    department: Department | None = None,
    description: str = "",
    version: int | None = None,
) -> tuple[Report, Instruction]:
    """Accept a new report: it becomes an instruction to `department` (the category's unless
    another is named) to do `title` by `deadline`, and follows it from then on (`sources.py`)."""
    report = _locked(report)
    department = department or report.category.department
    policy.require(permissions.can_accept(actor, report, department))
    _check_version(report, version)
    _must_be_new(report)
    instruction = instruction_create(
        actor=actor,
        source=report,
        akimat=report.akimat,
        department=department,
        title=title,
        deadline=deadline,
        description=description,
        territory=report.territory,
    )
    text = _("Accepted: %(title)s. To be done by %(deadline)s.") % {
        "title": instruction.title,
        "deadline": deadline.isoformat(),
    }
    _change(report, actor, Status.ACCEPTED, text)
    audit_record(
        actor=actor,
        action="problem_report.accept",
        obj=report,
        akimat=report.akimat,
        data={"instruction": instruction.number, "department": department.pk, "deadline": deadline.isoformat()},
    )
    return report, instruction


@transaction.atomic
def report_merge(*, actor: Actor, report: Report, into: Report, version: int | None = None) -> Report:
    """Mark a new report as a duplicate of `into` (the same problem, already reported): its
    subscribers, and its reporter, follow `into` from now on."""
    if report.pk == into.pk:
        raise ValidationError({"into": _("A report can't be a duplicate of itself.")})
    # Lock both in the order of their numbers, so that two merges of the same pair can't deadlock.
    first, second = sorted([report, into], key=lambda r: r.pk)
    locked = {r.pk: _locked(r) for r in (first, second)}
    report, into = locked[report.pk], locked[into.pk]
    policy.require(permissions.can_triage(actor, report))
    _check_version(report, version)
    _must_be_new(report)
    if into.akimat_id != report.akimat_id or into.category_id != report.category_id:
        raise ValidationError({"into": _("Choose a report of the same category at the same akimat.")})
    if into.status not in OPEN_STATUSES and into.status != Status.FIXED:
        raise ValidationError({"into": _("Choose a report that is still open.")})
    text = _("The same problem was already reported: follow report #%(number)s.") % {"number": into.pk}
    report.duplicate_of = into
    _change(report, actor, Status.DUPLICATE, text, ["duplicate_of"])
    _move_subscribers(report, into)
    audit_record(actor=actor, action="problem_report.merge", obj=report, akimat=report.akimat, data={"into": into.pk})
    return report


def _move_subscribers(report: Report, into: Report) -> None:
    """The duplicate's subscribers (its reporter among them, subscribed when they reported) now
    follow `into`; someone already following it, by the same e-mail or phone, is not subscribed
    twice. Nobody who unsubscribed is subscribed again."""
    following = list(into.subscriptions.all())

    def known(sub: Subscription) -> bool:
        return any((sub.email and sub.email == f.email) or (sub.phone and sub.phone == f.phone) for f in following)

    moved: list[int] = []
    for sub in report.subscriptions.all():
        if known(sub):
            continue
        following.append(sub)
        moved.append(sub.pk)
    report.subscriptions.filter(pk__in=moved).update(report=into, is_reporter=False)


@transaction.atomic
def report_reject(*, actor: Actor, report: Report, reason: str, version: int | None = None) -> Report:
    """Reject a new report (not the akimat's to fix, not a problem): the reason is public."""
    report = _locked(report)
    policy.require(permissions.can_triage(actor, report))
    _check_version(report, version)
    _must_be_new(report)
    reason = _text(reason, message=_("Write why, for the resident and the public to read."))
    _change(report, actor, Status.REJECTED, reason)
    audit_record(actor=actor, action="problem_report.reject", obj=report, akimat=report.akimat)
    return report


@transaction.atomic
def report_add_update(*, actor: Actor, report: Report, text: str, version: int | None = None) -> ReportUpdate:
    """A public note on the report's page, without a change of status."""
    report = _locked(report)
    policy.require(permissions.can_triage(actor, report))
    _check_version(report, version)
    if report.status == Status.DUPLICATE:
        raise ConflictError(_("This report is a duplicate: write on the report it repeats."))
    text = _text(text, message=_("Write the update."))
    now = timezone.now()
    update = ReportUpdate.objects.create(
        report=report, at=now, status=report.status, text=text, actor=actor_user(actor)
    )
    report.version += 1
    report.save(update_fields=["version", "updated_at"])
    audit_record(actor=actor, action="problem_report.update", obj=report, akimat=report.akimat)
    notify_change(report)
    return update


@transaction.atomic
def report_redact(*, actor: Actor, report: Report, description: str, reason: str, version: int | None = None) -> Report:
    """Replace the public description with a version without the personal data the resident wrote
    into it (a name, a phone, a home address). The audit keeps why and how long the text was, not
    the text."""
    report = _locked(report)
    policy.require(permissions.can_redact(actor, report))
    _check_version(report, version)
    description = _text(
        description, message=_("Write the description without the personal data."), limit=DESCRIPTION_MAX
    )
    reason = _text(reason, message=_("Say what was removed and why."), limit=300)
    if description == report.description:
        raise ValidationError({"description": _("The description is unchanged: remove the personal data from it.")})
    before = len(report.description)
    report.description = description
    report.version += 1
    report.save(update_fields=["description", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="problem_report.redact",
        obj=report,
        akimat=report.akimat,
        data={"reason": reason, "length_before": before, "length_after": len(description)},
    )
    return report
