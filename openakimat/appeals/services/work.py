"""The office's work on an appeal: route it to a department (perhaps with an instruction through
execution control), extend its term once, draft and give the answer, and publish the anonymised
version the resident agreed to. A stale `version` is a conflict; nothing changes when refused."""

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common import calendar, policy
from openakimat.common.actor import Actor
from openakimat.common.errors import ConflictError, too_long
from openakimat.control.services import instruction_create
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Department

from .. import permissions, terms
from ..models import Appeal, Status
from ..notifications import notify_resident
from ..workflow import MOVES

REASON_MAX = 1000
ANSWER_MAX = 10000
PUBLIC_MAX = 5000


def _locked(
    appeal: Appeal, allowed: Callable[[Actor | None, Appeal], bool], actor: Actor | None, version: int | None
) -> Appeal:
    """The appeal as it is now, locked; refused (403) unless `allowed`, then a conflict (409) if it
    changed since the caller read `version`."""
    locked = Appeal.objects.select_for_update().select_related("akimat__territory").get(pk=appeal.pk)
    policy.require(allowed(actor, locked))
    if version is not None and locked.version != version:
        raise ConflictError(_("The appeal changed since you opened it. Reload the page and try again."))
    return locked


def _in_status(appeal: Appeal, move: str) -> None:
    if appeal.status not in MOVES[move].sources:
        raise ConflictError(
            _("This can't be done now: the appeal is “%(status)s”.") % {"status": appeal.get_status_display()}
        )


def _save(appeal: Appeal, fields: list[str]) -> None:
    appeal.version += 1
    appeal.save(update_fields=[*fields, "version", "updated_at"])


def _text(value: str, *, field: str, required: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [required]})
    if len(value) > limit:
        raise ValidationError({field: [too_long(limit, len(value))]})
    return value


@transaction.atomic
def appeal_route(
    *,
    actor: Actor | None,
    appeal: Appeal,
    department: Department,
    instruction_title: str = "",
    instruction_deadline: date | None = None,
    version: int | None = None,
) -> Appeal:
    """Pass the appeal to `department` of its akimat's territory. With `instruction_title` the
    department also gets an instruction in execution control, due by `instruction_deadline` (by
    default the appeal's own due date); the instruction's text is public, so it names no one."""
    appeal = _locked(appeal, permissions.is_office, actor, version)
    _in_status(appeal, "route")
    if not department.is_active or not department.akimat.territory.path.startswith(appeal.akimat.territory.path):
        raise ValidationError({"department": [_("Choose a department of this akimat.")]})
    appeal.department = department
    if appeal.status == Status.REGISTERED:
        appeal.status = Status.ROUTED
    appeal.routed_at = timezone.now()
    _save(appeal, ["department", "status", "routed_at"])
    data: dict[str, object] = {"department": department.pk}
    if (instruction_title or "").strip():
        instruction = instruction_create(
            actor=actor,
            source=appeal,
            akimat=appeal.akimat,
            department=department,
            title=instruction_title,
            deadline=instruction_deadline or appeal.due_on,
            territory=appeal.territory,
        )
        data["instruction"] = instruction.number
    audit_record(actor=actor, action="appeal.route", obj=appeal, akimat=appeal.akimat, data=data)
    return appeal


@transaction.atomic
def appeal_extend(*, actor: Actor | None, appeal: Appeal, reason: str, version: int | None = None) -> Appeal:
    """Extend the term to 30 working days from the registration day, once, telling the resident why."""
    appeal = _locked(appeal, permissions.is_control, actor, version)
    if appeal.extended_at is not None:
        raise ConflictError(_("The term of this appeal has already been extended once."))
    _in_status(appeal, "extend")
    reason = _text(reason, field="reason", required=_("Say why the answer needs more time."), limit=REASON_MAX)
    appeal.status = Status.EXTENDED
    appeal.extended_at = timezone.now()
    appeal.extension_reason = reason
    appeal.due_on = terms.due_on(appeal.registered_at, extended=True)
    _save(appeal, ["status", "extended_at", "extension_reason", "due_on"])
    audit_record(
        actor=actor,
        action="appeal.extend",
        obj=appeal,
        akimat=appeal.akimat,
        data={"due_on": appeal.due_on.isoformat()},
    )
    notify_resident(appeal, "extended")
    return appeal


@transaction.atomic
def appeal_draft(*, actor: Actor | None, appeal: Appeal, text: str, version: int | None = None) -> Appeal:
    """Save the department's draft of the answer; the akim's office gives the answer."""
    appeal = _locked(appeal, permissions.is_drafter, actor, version)
    if not appeal.is_open:
        raise ConflictError(_("The appeal has been answered: the draft can no longer change."))
    appeal.answer_draft = _text(text, field="text", required=_("Write the draft answer."), limit=ANSWER_MAX)
    _save(appeal, ["answer_draft"])
    audit_record(actor=actor, action="appeal.draft", obj=appeal, akimat=appeal.akimat)
    return appeal


@transaction.atomic
def appeal_answer(*, actor: Actor | None, appeal: Appeal, text: str, version: int | None = None) -> Appeal:
    """Give the answer: the resident is told and reads it on the tracking page. Whether it came
    within the term and how many working days it took are fixed now, for the figures."""
    appeal = _locked(appeal, permissions.is_control, actor, version)
    _in_status(appeal, "answer")
    appeal.answer = _text(text, field="text", required=_("Write the answer."), limit=ANSWER_MAX)
    now = timezone.now()
    answered_on = timezone.localdate(now, calendar.ALMATY)
    appeal.status = Status.ANSWERED
    appeal.answered_at = now
    appeal.answered_in_term = answered_on <= appeal.due_on
    appeal.working_days_to_answer = terms.working_days_taken(appeal.registered_at, answered_on)
    _save(appeal, ["answer", "status", "answered_at", "answered_in_term", "working_days_to_answer"])
    audit_record(
        actor=actor, action="appeal.answer", obj=appeal, akimat=appeal.akimat, data={"in_term": appeal.answered_in_term}
    )
    notify_resident(appeal, "answered")
    return appeal


def _publishable(appeal: Appeal) -> None:
    if appeal.status != Status.ANSWERED:
        raise ConflictError(_("Only an answered appeal can be published."))
    if not appeal.consent_to_publish:
        raise ConflictError(_("The resident did not agree to publication: this appeal can't be published."))


@transaction.atomic
def appeal_prepare_publication(
    *, actor: Actor | None, appeal: Appeal, question: str, answer: str, version: int | None = None
) -> Appeal:
    """Write the anonymised question and answer for the public (never copied from the raw texts):
    without names, addresses, phone numbers or anything else that points at a person."""
    appeal = _locked(appeal, permissions.is_control, actor, version)
    _publishable(appeal)
    appeal.public_question = _text(
        question, field="question", required=_("Write the question as it will be published."), limit=PUBLIC_MAX
    )
    appeal.public_answer = _text(
        answer, field="answer", required=_("Write the answer as it will be published."), limit=PUBLIC_MAX
    )
    _save(appeal, ["public_question", "public_answer"])
    audit_record(actor=actor, action="appeal.prepare_publication", obj=appeal, akimat=appeal.akimat)
    return appeal


@transaction.atomic
def appeal_publish(*, actor: Actor | None, appeal: Appeal, version: int | None = None) -> Appeal:
    """Publish the prepared version; only an answered appeal whose author agreed to publication."""
    appeal = _locked(appeal, permissions.is_control, actor, version)
    _publishable(appeal)
    if not appeal.public_question or not appeal.public_answer:
        raise ValidationError(_("Prepare the anonymised question and answer first."))
    if appeal.published:
        return appeal
    appeal.published = True
    appeal.published_at = timezone.now()
    _save(appeal, ["published", "published_at"])
    audit_record(actor=actor, action="appeal.publish", obj=appeal, akimat=appeal.akimat)
    return appeal


@transaction.atomic
def appeal_unpublish(*, actor: Actor | None, appeal: Appeal, version: int | None = None) -> Appeal:
    """Take the published version down (a resident withdrew consent, or it named someone after all)."""
    appeal = _locked(appeal, permissions.is_control, actor, version)
    if not appeal.published:
        return appeal
    appeal.published = False
    appeal.published_at = None
    _save(appeal, ["published", "published_at"])
    audit_record(actor=actor, action="appeal.unpublish", obj=appeal, akimat=appeal.akimat)
    return appeal
