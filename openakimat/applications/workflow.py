"""The life of a case as a table: which move goes from which status to which, and who may make it.

registered → in progress (the department accepts) → awaiting documents (the clock pauses) →
in progress again (the due date moves by the paused office time) → ready | refused → issued at the
desk. An open case can also be withdrawn at the resident's request. Transfers, assignments and
term extensions don't change the status; they are services of their own.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openakimat.accounts.permissions import Action

from .models import OPEN_STATUSES, Status


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str
    # Any of these actions allows the move (the resume after documents arrive may be made at the
    # desk, where they were brought, or by the department).
    actions: tuple[Action, ...]
    needs_note: bool = False
    needs_basis: bool = False
    # The note is shown to the resident on the tracking page and in the notification.
    note_is_public: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("accept", _("Accept"), frozenset({Status.REGISTERED}), Status.IN_PROGRESS, (Action.WORK_CASE,)),
        Transition(
            "request_documents",
            _("Ask for documents"),
            frozenset({Status.IN_PROGRESS}),
            Status.AWAITING_DOCUMENTS,
            (Action.WORK_CASE,),
            needs_note=True,
            note_is_public=True,
        ),
        Transition(
            "resume",
            _("Documents received: resume"),
            frozenset({Status.AWAITING_DOCUMENTS}),
            Status.IN_PROGRESS,
            (Action.WORK_CASE, Action.REGISTER_APPLICATION),
        ),
        Transition(
            "complete",
            _("Result ready"),
            frozenset({Status.IN_PROGRESS}),
            Status.READY,
            (Action.WORK_CASE,),
            note_is_public=True,
        ),
        Transition(
            "refuse",
            _("Refuse"),
            frozenset({Status.IN_PROGRESS, Status.AWAITING_DOCUMENTS}),
            Status.REFUSED,
            (Action.WORK_CASE,),
            needs_note=True,
            needs_basis=True,
        ),
        Transition(
            "issue",
            _("Hand over the result"),
            frozenset({Status.READY, Status.REFUSED}),
            Status.ISSUED,
            (Action.ISSUE_RESULT,),
        ),
        Transition(
            "withdraw",
            _("Withdraw at the resident's request"),
            frozenset(OPEN_STATUSES),
            Status.WITHDRAWN,
            (Action.ISSUE_RESULT,),
            needs_note=True,
        ),
    )
}

# Statuses in which the department may still transfer the case or extend its term.
TRANSFERABLE = frozenset({Status.REGISTERED, Status.IN_PROGRESS})
EXTENDABLE = frozenset({Status.IN_PROGRESS, Status.AWAITING_DOCUMENTS})
ASSIGNABLE = frozenset(OPEN_STATUSES)


def moves_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]
