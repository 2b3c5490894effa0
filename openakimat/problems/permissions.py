"""The problem register's one permission policy: who triages which report, who reads the staff
view and who sees the reporter.

- the front office (operators), the akim and the akimat's administrators triage the reports of
  their akimat and its territory: accept (the report becomes an instruction), merge a duplicate,
  reject with a public reason, add a public update; the head of the department a category is routed
  to triages the reports of that category too, except accepting (giving an instruction is the akim's
  office's and the front office's, `control.permissions.can_assign`);
- moderators and those who triage replace personal data written into a public description;
- every staff role of the akimat (and the anti-corruption observers) reads the staff view; the
  department roles the reports of their department's categories only;
- only the front office and the observers see the reporter's name and contacts (the department
  never meets the resident);
- everyone, signed in or not, reads the public list, map and feeds (nothing personal in them).
"""

from collections.abc import Iterable

from django.db.models import Q

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import Role
from openakimat.control import permissions as control
from openakimat.territory.models import Department

from .models import OPEN_STATUSES, Report, Status

VIEW = (Role.OPERATOR, Role.SPECIALIST, Role.HEAD, Role.AKIM, Role.OBSERVER, Role.ADMIN, Role.MODERATOR)
TRIAGE = (Role.OPERATOR, Role.AKIM, Role.ADMIN, Role.HEAD)
REDACT = (*TRIAGE, Role.MODERATOR)
SEE_REPORTER = (Role.OPERATOR, Role.OBSERVER)


def _reaches(actor: Actor | None, roles: Iterable[str], report: Report) -> bool:
    return policy.reaches_department(actor, roles, report.category.department_id, report.akimat.territory.path)


def reports_q(actor: Actor | None, roles: Iterable[str] = VIEW) -> Q:
    """A filter on reports: those the actor reaches through one of `roles` (the staff list)."""
    return policy.department_q(actor, roles, "category__department_id", "akimat__territory__path")


def can_view(actor: Actor | None, report: Report) -> bool:
    """The staff page of a report (without the reporter unless `can_see_reporter`)."""
    return _reaches(actor, VIEW, report)


def can_see_reporter(actor: Actor | None, report: Report) -> bool:
    """The reporter's name, phone and e-mail: the front office and the observers."""
    return policy.reaches_path(actor, SEE_REPORTER, report.akimat.territory.path)


def can_triage(actor: Actor | None, report: Report) -> bool:
    """Merge, reject, add a public update."""
    return _reaches(actor, TRIAGE, report)


def can_accept(actor: Actor | None, report: Report, department: Department | None = None) -> bool:
    """Accept the report as an instruction to `department` (the category's by default)."""
    department = department or report.category.department
    return can_triage(actor, report) and control.can_assign(actor, report.akimat, department)


def can_redact(actor: Actor | None, report: Report) -> bool:
    """Replace the public description when it names a person, a phone, a home address."""
    return _reaches(actor, REDACT, report)


def available_actions(actor: Actor | None, report: Report) -> set[str]:
    """What the report page offers now: "accept", "merge", "reject" (a new report only), "update"
    (any report not merged), "redact"."""
    actions: set[str] = set()
    if report.status == Status.OPEN:
        if can_accept(actor, report):
            actions.add("accept")
        if can_triage(actor, report):
            actions |= {"merge", "reject"}
    if report.status != Status.DUPLICATE and can_triage(actor, report):
        actions.add("update")
    if can_redact(actor, report):
        actions.add("redact")
    return actions


def is_open(report: Report) -> bool:
    return report.status in OPEN_STATUSES


def can_open_triage(actor: Actor | None) -> bool:
    """The staff menu's entry, from the actor's scopes alone."""
    return policy.is_root(actor) or bool(policy.scopes(actor, VIEW))
