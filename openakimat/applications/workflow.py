"""The life of a case as a table: which move goes from which status to which, and who may make it.

registered → in progress (the department accepts) → awaiting documents (the clock pauses) →
in progress again (the due date moves by the paused office time) → ready | refused → issued at the
desk. An open case can also be withdrawn at the resident's request. Transfers, assignments and
term extensions don't change the status; they are services of their own.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import OPEN_STATUSES, Status


class Who(StrEnum):
    """Which side of the akimat makes a move; `permissions.can_make_move` says who that is."""

    DESK = "desk"  # the front office, where the resident comes
    DEPARTMENT = "department"  # the back office working the case


DEPARTMENT, DESK, EITHER = frozenset({Who.DEPARTMENT}), frozenset({Who.DESK}), frozenset({Who.DEPARTMENT, Who.DESK})


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str
    # Who may make it (the resume after documents arrive may be made at the desk, where they were
    # brought, or by the department).
    by: frozenset[Who]
    needs_note: bool = False
    needs_basis: bool = False
    # The note is shown to the resident on the tracking page and in the notification.
    note_is_public: bool = False
    # The operator confirms the person in front of them against the identity document first.
    needs_identity: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("accept", _("Accept"), frozenset({Status.REGISTERED}), Status.IN_PROGRESS, DEPARTMENT),
        Transition(
            "request_documents",
            _("Ask for documents"),
            frozenset({Status.IN_PROGRESS}),
            Status.AWAITING_DOCUMENTS,
            DEPARTMENT,
            needs_note=True,
            note_is_public=True,
        ),
        Transition(
            "resume",
            _("Documents received: resume"),
            frozenset({Status.AWAITING_DOCUMENTS}),
            Status.IN_PROGRESS,
            EITHER,
        ),
        Transition(
            "complete",
            _("Result ready"),
            frozenset({Status.IN_PROGRESS}),
            Status.READY,
            DEPARTMENT,
            note_is_public=True,
        ),
        Transition(
            "refuse",
            _("Refuse"),
            frozenset({Status.IN_PROGRESS, Status.AWAITING_DOCUMENTS}),
            Status.REFUSED,
            DEPARTMENT,
            needs_note=True,
            needs_basis=True,
        ),
        Transition(
            "issue",
            _("Hand over the result"),
            frozenset({Status.READY, Status.REFUSED}),
            Status.ISSUED,
            DESK,
            needs_identity=True,
        ),
        Transition(
            "withdraw",
            _("Withdraw at the resident's request"),
            frozenset(OPEN_STATUSES),
            Status.WITHDRAWN,
            DESK,
            needs_note=True,
        ),
    )
}

# Statuses in which the department may still transfer the case or extend its term.
TRANSFERABLE = frozenset({Status.REGISTERED, Status.IN_PROGRESS})
EXTENDABLE = frozenset({Status.IN_PROGRESS, Status.AWAITING_DOCUMENTS})
ASSIGNABLE = frozenset(OPEN_STATUSES)


# The move a case in each status most likely waits for: the case page offers it first, as the
# primary button, and the others as secondary ones.
LIKELY_NEXT: dict[str, str] = {
    Status.REGISTERED: "accept",
    Status.IN_PROGRESS: "complete",
    Status.AWAITING_DOCUMENTS: "resume",
    Status.READY: "issue",
    Status.REFUSED: "issue",
}


def moves_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]


def by_likelihood(status: str, moves: list[Transition]) -> list[Transition]:
    """`moves` with the one the status most likely waits for first, the others in table order."""
    likely = LIKELY_NEXT.get(status)
    return sorted(moves, key=lambda t: t.name != likely)
