"""What execution control tells, and whom: the responsible official (or, without one, the
department's heads) when an instruction is assigned or reopened, and a reminder a few days before
the deadline (`CONTROL_REMINDER_DAYS`); the department's heads and the akimat's akim when the
deadline passes (tasks.py). Messages to residents are the source app's: it is told of every event
through `sources.SourceKind.on_event`.

`notifications.notify` reaches one recipient per object, so each message is a `StaffAlert` row
naming its recipient; staff are reached by e-mail (their account has no phone)."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from openakimat.accounts.models import GrantState, Role, User
from openakimat.notifications import kinds
from openakimat.notifications.services import notify

from .models import AlertKind, EventKind, Instruction, InstructionEvent, StaffAlert


def _link(instruction: Instruction) -> str:
    """The staff page of the instruction, in the language the message is written in."""
    return settings.SITE_URL + reverse("control-staff:detail", kwargs={"instruction": instruction.number})


def _texts() -> dict[str, str]:
    return {
        AlertKind.ASSIGNED: _(
            "Instruction %(number)s is assigned to your department: %(title)s. Deadline: %(deadline)s."
        ),
        AlertKind.REOPENED: _("Instruction %(number)s is back in work: %(title)s. Deadline: %(deadline)s."),
        AlertKind.REMINDER: _("Instruction %(number)s is due on %(deadline)s: %(title)s."),
        AlertKind.OVERDUE: _("Instruction %(number)s is overdue: the deadline was %(deadline)s. %(title)s"),
    }


def _text(alert: StaffAlert) -> str:
    instruction = alert.instruction
    values = {"number": instruction.number, "title": instruction.title, "deadline": alert.deadline.isoformat()}
    return f"{_texts()[alert.kind] % values} {_link(instruction)}"


def _subject(alert: StaffAlert) -> str:
    return _("Instruction %(number)s") % {"number": alert.instruction.number}


def _recipient(alert: StaffAlert) -> kinds.Recipient:
    user: Any = alert.recipient
    return kinds.Recipient(
        email=user.email if user.is_active else "",
        language=getattr(user, "preferred_language", "kk") or "kk",
        reference=alert.instruction.number,
    )


def register_kinds() -> None:
    for kind in AlertKind:
        kinds.register(kinds.Kind(f"control.{kind.value}", _text, _subject, _recipient))


def _grantees(roles: Iterable[str], **where: object) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, grants__state=GrantState.ACTIVE, grants__role__in=list(roles), **where
        ).distinct()
    )


def heads(instruction: Instruction) -> list[User]:
    return _grantees([Role.HEAD], grants__department_id=instruction.department_id)


def responsible_or_heads(instruction: Instruction) -> list[User]:
    responsible = instruction.responsible
    if responsible is not None and responsible.is_active:
        return [responsible]
    return heads(instruction)


def overdue_recipients(instruction: Instruction) -> list[User]:
    """The department's heads and the akim of the instruction's akimat."""
    found = {u.pk: u for u in heads(instruction)}
    for user in _grantees([Role.AKIM], grants__akimat_id=instruction.akimat_id):
        found.setdefault(user.pk, user)
    return list(found.values())


def send(instruction: Instruction, kind: str, recipients: Iterable[User]) -> list[StaffAlert]:
    """Queue message `kind` to each recipient in the current transaction; a reminder or an overdue
    alert already sent for this deadline is not sent again."""
    sent = []
    for user in recipients:
        if kind in (AlertKind.REMINDER, AlertKind.OVERDUE):
            alert, created = StaffAlert.objects.get_or_create(
                instruction=instruction, recipient=user, kind=kind, deadline=instruction.deadline
            )
            if not created:
                continue
        else:
            alert = StaffAlert.objects.create(
                instruction=instruction, recipient=user, kind=kind, deadline=instruction.deadline
            )
        notify(kind=f"control.{kind}", obj=alert)
        sent.append(alert)
    return sent


def notify_event(instruction: Instruction, event: InstructionEvent) -> None:
    """Queue the staff messages for `event` in the current transaction."""
    if event.kind in (EventKind.CREATED, EventKind.REASSIGNED):
        send(instruction, AlertKind.ASSIGNED, responsible_or_heads(instruction))
    elif event.kind == EventKind.REOPENED:
        send(instruction, AlertKind.REOPENED, responsible_or_heads(instruction))
