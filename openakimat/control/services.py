"""Execution control's writes: assign, take into work, report, extend, reassign, complete, cancel,
reopen. Each checks the policy first, validates its input with a translated message, writes the
change with its public event and its audit entry in one transaction, tells the source app
(`sources.SourceKind.on_event`) and queues the messages; nothing changes when it refuses.

`actor=None` is accepted only where a resident acts through a source app that has checked them
(a reporter reopening their problem): `instruction_reopen(..., by_resident=True)`.
"""

import uuid
from collections.abc import Iterable
from datetime import date
from typing import IO, TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.errors import ConflictError, too_long
from openakimat.common.uploads import check_upload
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat, Department, Territory

from . import permissions, sources
from .models import AttachmentKind, EventKind, Instruction, InstructionEvent, ReportAttachment, Status
from .workflow import TRANSITIONS

if TYPE_CHECKING:
    from openakimat.accounts.models import User

TITLE_MAX = 300
TEXT_MAX = 5000
ATTACHMENTS_MAX = 5
ATTACHMENT_TYPES = ["pdf", "jpg", "png"]


def _text(value: str, *, required: bool, message: str, limit: int = TEXT_MAX) -> str:
    value = " ".join((value or "").split(" ")).strip()
    if required and not value:
        raise ValidationError(message, code="required")
    if len(value) > limit:
        raise ValidationError(
            too_long(limit, len(value)),
            code="too_long",
        )
    return value


def _check_deadline(deadline: date, *, after: date | None = None) -> date:
    today = timezone.localdate()
    if not isinstance(deadline, date):
        raise ValidationError(_("Give the deadline as a date."), code="bad_deadline")
    if deadline < today:
        raise ValidationError(_("The deadline can't be in the past."), code="past_deadline")
    if deadline.year > today.year + 5:
        raise ValidationError(_("The deadline can be at most five years away."), code="far_deadline")
    if after is not None and deadline <= after:
        raise ValidationError(_("The new deadline must be later than the current one."), code="not_later")
    return deadline


def _event(
    instruction: Instruction, kind: str, actor: Actor | None, text: str = "", **extra: object
) -> InstructionEvent:
    return InstructionEvent.objects.create(
        instruction=instruction,
        kind=kind,
        at=timezone.now(),
        text=text,
        actor_id=getattr(actor, "pk", None),
        **extra,
    )


def _after_event(instruction: Instruction, event: InstructionEvent) -> None:
    kind = sources.get(instruction.source_kind)
    if kind is not None and kind.on_event is not None:
        kind.on_event(instruction, event.kind)
    from .notifications import notify_event

    notify_event(instruction, event)


def _locked(instruction: Instruction, version: int | None) -> Instruction:
    locked = (
        Instruction.objects.select_for_update()
        .select_related("akimat__territory", "department__akimat__territory")
        .get(pk=instruction.pk)
    )
    if version is not None and locked.version != version:
        raise ConflictError(_("The instruction changed since you opened it. Reload the page and try again."))
    return locked


def _save(instruction: Instruction, fields: Iterable[str]) -> None:
    instruction.version += 1
    instruction.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def instruction_create(
    *,
    actor: Actor | None,
    source: models.Model,
    akimat: Akimat,
    department: Department,
    title: str,
    deadline: date,
    description: str = "",
    territory: Territory | None = None,
    responsible: "User | None" = None,
) -> Instruction:
    """Give `department` the instruction to do `title` by `deadline`, made from `source` (an object
    of a registered source kind). The text is public: write it without personal data."""
    policy.require(permissions.can_assign(actor, akimat, department))
    kind = sources.for_model(type(source))
    title = _text(title, required=True, message=_("Say what must be done."), limit=TITLE_MAX)
    description = _text(description, required=False, message="")
    deadline = _check_deadline(deadline)
    if responsible is not None and not permissions.is_of_department(responsible, department):
        raise ValidationError(
            _("The responsible official must work in the responsible department."), code="responsible"
        )
    instruction = Instruction.objects.create(
        number=f"new-{uuid.uuid4().hex[:28]}",  # fits the 32 characters of the column
        akimat=akimat,
        department=department,
        responsible=responsible,
        territory=territory,
        title=title,
        description=description,
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        source_kind=kind.name,
        deadline=deadline,
        original_deadline=deadline,
    )
    instruction.number = f"{akimat.number_prefix}-P{instruction.pk:06d}"
    instruction.save(update_fields=["number"])
    event = _event(instruction, EventKind.CREATED, actor, new_deadline=deadline)
    audit_record(
        actor=actor,
        action="instruction.create",
        obj=instruction,
        akimat=akimat,
        data={"department": department.pk, "deadline": deadline.isoformat(), "source": kind.name},
    )
    _after_event(instruction, event)
    return instruction


def _move(
    *, actor: Actor | None, instruction: Instruction, move: str, text: str = "", version: int | None = None
) -> Instruction:
    transition = TRANSITIONS[move]
    instruction = _locked(instruction, version)
    policy.require(permissions.can_make_move(actor, instruction, transition))
    if instruction.status not in transition.sources:
        raise ConflictError(
            _("This can't be done now: the instruction is “%(status)s”.") % {"status": instruction.get_status_display()}
        )
    text = _text(text, required=transition.needs_text, message=_("Write what was done, or why."))
    fields = ["status"]
    instruction.status = transition.target
    if move == "complete":
        now = timezone.now()
        instruction.completed_at, instruction.result = now, text
        instruction.done_on_time = timezone.localdate(now) <= instruction.deadline
        fields += ["completed_at", "result", "done_on_time"]
    elif move == "cancel":
        instruction.cancel_reason = text
        fields.append("cancel_reason")
    elif move == "reopen":
        instruction.completed_at, instruction.done_on_time, instruction.result = None, None, ""
        fields += ["completed_at", "done_on_time", "result"]
    _save(instruction, fields)
    event = _event(instruction, transition.event, actor, text)
    audit_record(actor=actor, action=f"instruction.{move}", obj=instruction, akimat=instruction.akimat)
    _after_event(instruction, event)
    return instruction


@transaction.atomic
def instruction_start(*, actor: Actor | None, instruction: Instruction, version: int | None = None) -> Instruction:
    return _move(actor=actor, instruction=instruction, move="start", version=version)


@transaction.atomic
def instruction_complete(
    *, actor: Actor | None, instruction: Instruction, result: str, version: int | None = None
) -> Instruction:
    return _move(actor=actor, instruction=instruction, move="complete", text=result, version=version)


@transaction.atomic
def instruction_cancel(
    *, actor: Actor | None, instruction: Instruction, reason: str, version: int | None = None
) -> Instruction:
    return _move(actor=actor, instruction=instruction, move="cancel", text=reason, version=version)


@transaction.atomic
def instruction_reopen(
    *,
    actor: Actor | None,
    instruction: Instruction,
    reason: str,
    by_resident: bool = False,
    version: int | None = None,
) -> Instruction:
    """Back into work after it was reported done. `by_resident`: the resident who raised the
    problem says it is not solved, through the source app that checked them (no staff actor)."""
    if not by_resident:
        return _move(actor=actor, instruction=instruction, move="reopen", text=reason, version=version)
    instruction = _locked(instruction, version)
    if instruction.status != Status.DONE:
        raise ConflictError(_("Only an instruction reported done can be reopened."))
    reason = _text(reason, required=True, message=_("Say what is still wrong."))
    instruction.status = Status.IN_PROGRESS
    instruction.completed_at, instruction.done_on_time, instruction.result = None, None, ""
    _save(instruction, ["status", "completed_at", "done_on_time", "result"])
    event = _event(instruction, EventKind.REOPENED, None, reason)
    audit_record(actor="resident", action="instruction.reopen", obj=instruction, akimat=instruction.akimat)
    _after_event(instruction, event)
    return instruction


@transaction.atomic
def instruction_extend(
    *, actor: Actor | None, instruction: Instruction, deadline: date, reason: str, version: int | None = None
) -> Instruction:
    """A later deadline, with a public reason; every extension is counted and shown."""
    instruction = _locked(instruction, version)
    policy.require(permissions.can_control(actor, instruction))
    if not instruction.is_open:
        raise ConflictError(_("Only an open instruction can be extended."))
    reason = _text(reason, required=True, message=_("Give the reason for the extension."))
    old = instruction.deadline
    instruction.deadline = _check_deadline(deadline, after=old)
    instruction.extension_count += 1
    _save(instruction, ["deadline", "extension_count"])
    event = _event(instruction, EventKind.EXTENDED, actor, reason, old_deadline=old, new_deadline=deadline)
    audit_record(
        actor=actor,
        action="instruction.extend",
        obj=instruction,
        akimat=instruction.akimat,
        data={"from": old.isoformat(), "to": deadline.isoformat()},
    )
    _after_event(instruction, event)
    return instruction


@transaction.atomic
def instruction_reassign(
    *,
    actor: Actor | None,
    instruction: Instruction,
    department: Department,
    responsible: "User | None" = None,
    reason: str = "",
    version: int | None = None,
) -> Instruction:
    """Another responsible department or official (the deadline stays)."""
    instruction = _locked(instruction, version)
    policy.require(permissions.can_control(actor, instruction))
    if not permissions.can_assign(actor, instruction.akimat, department):
        raise ValidationError(_("Choose a department of this akimat."), code="department")
    if responsible is not None and not permissions.is_of_department(responsible, department):
        raise ValidationError(
            _("The responsible official must work in the responsible department."), code="responsible"
        )
    if not instruction.is_open:
        raise ConflictError(_("Only an open instruction can be reassigned."))
    reason = _text(reason, required=False, message="")
    old_department = instruction.department_id
    instruction.department, instruction.responsible = department, responsible
    _save(instruction, ["department", "responsible"])
    event = _event(instruction, EventKind.REASSIGNED, actor, reason)
    audit_record(
        actor=actor,
        action="instruction.reassign",
        obj=instruction,
        akimat=instruction.akimat,
        data={"from": old_department, "to": department.pk},
    )
    _after_event(instruction, event)
    return instruction


@transaction.atomic
def instruction_report(
    *,
    actor: Actor | None,
    instruction: Instruction,
    text: str,
    files: Iterable[tuple[str, IO[bytes]]] = (),
    version: int | None = None,
) -> InstructionEvent:
    """A dated progress report with photos and documents (public). A report on an instruction not
    yet taken into work takes it into work."""
    instruction = _locked(instruction, version)
    policy.require(permissions.can_work(actor, instruction))
    if not instruction.is_open:
        raise ConflictError(_("Reports are added while the instruction is open."))
    text = _text(text, required=True, message=_("Write what has been done so far."))
    files = list(files)
    if len(files) > ATTACHMENTS_MAX:
        raise ValidationError(_("Attach at most %(count)d files.") % {"count": ATTACHMENTS_MAX}, code="attachments")
    checked = [(name, file, check_upload(file, name, ATTACHMENT_TYPES)) for name, file in files]
    fields = []
    if instruction.status == Status.ASSIGNED:
        instruction.status = Status.IN_PROGRESS
        fields.append("status")
    _save(instruction, fields)
    event = _event(instruction, EventKind.REPORT, actor, text)
    for name, file, check in checked:
        kind = AttachmentKind.PHOTO if check.content_type.startswith("image/") else AttachmentKind.DOCUMENT
        file.seek(0)
        attachment = ReportAttachment(
            event=event, kind=kind, name=name[:200], content_type=check.content_type, size=check.size
        )
        attachment.file.save(f"{check.sha256[:32]}.{check.extension}", ContentFile(file.read()), save=False)
        attachment.save()
    audit_record(
        actor=actor,
        action="instruction.report",
        obj=instruction,
        akimat=instruction.akimat,
        data={"attachments": len(checked)},
    )
    _after_event(instruction, event)
    return event
