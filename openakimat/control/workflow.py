"""The life of an instruction as a table: which move goes from which status to which, and which
side may make it (`permissions.can_make_move` says who that is).

assigned → in progress (the department takes it) → done (with a public result) | cancelled (with a
public reason). A done instruction is reopened when the resident says the problem is not solved.
Progress reports, extensions and reassignment don't change the status (a report on an assigned
instruction takes it into work); they are services of their own. Overdue is never a status.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import OPEN_STATUSES, EventKind, Status


class Who(StrEnum):
    DEPARTMENT = "department"  # the responsible department works it
    CONTROL = "control"  # the akim's office, which assigns and controls


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str
    event: str
    by: frozenset[Who]
    needs_text: bool = False


OPEN = frozenset(OPEN_STATUSES)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "start",
            _("Take into work"),
            frozenset({Status.ASSIGNED}),
            Status.IN_PROGRESS,
            EventKind.STARTED,
            frozenset({Who.DEPARTMENT}),
        ),
        Transition(
            "complete",
            _("Report done"),
            OPEN,
            Status.DONE,
            EventKind.DONE,
            frozenset({Who.DEPARTMENT}),
            needs_text=True,
        ),
        Transition(
            "cancel",
            _("Cancel"),
            OPEN,
            Status.CANCELLED,
            EventKind.CANCELLED,
            frozenset({Who.CONTROL}),
            needs_text=True,
        ),
        Transition(
            "reopen",
            _("Reopen"),
            frozenset({Status.DONE}),
            Status.IN_PROGRESS,
            EventKind.REOPENED,
            frozenset({Who.CONTROL}),
            needs_text=True,
        ),
    )
}


def moves_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]
