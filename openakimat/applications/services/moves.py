"""The moves of the workflow table (`workflow.TRANSITIONS`) on a case: each with the case row
locked, so two people acting on one case at once can't both win — the second gets a ConflictError
naming what happened."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common import calendar, policy
from openakimat.common.actor import Actor
from openakimat.common.errors import ConflictError
from openakimat.common.iin import IdentityNumberError, iin_hash, iin_validate
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat

from .. import hooks, permissions
from ..models import Application, EventKind, IdDocument, Status
from ..notifications import notify_resident
from ..tracking import find_by_tracking
from ..workflow import TRANSITIONS
from .cases import lock_case, record_event, save_case


@dataclass(frozen=True)
class IdentityCheck:
    """What the operator confirms before handing over a result: the kind of identity document the
    person showed, the IIN printed on it (checked against the applicant's, never stored), and that
    they saw the original."""

    document: str
    iin: str
    seen: bool


def identity_errors(application: Application, identity: IdentityCheck | None) -> dict[str, list[str]]:
    """Why the person in front of the desk is not confirmed as the applicant ({} when they are).
    The IIN is compared by its keyed hash, so the check needs no IIN in the clear."""
    if identity is None:
        return {"id_document": [_("Check the resident's identity document before handing over the result.")]}
    errors: dict[str, list[str]] = {}
    if identity.document not in IdDocument.values:
        errors["id_document"] = [_("Choose the kind of identity document the resident showed.")]
    try:
        value = iin_validate(identity.iin or "").value
    except IdentityNumberError as exc:
        errors["id_iin"] = [str(exc)]
    else:
        if iin_hash(value) != application.applicant_iin_hash:
            errors["id_iin"] = [
                _("The IIN on this document is not the applicant's. Hand the result over only to the applicant.")
            ]
    if not identity.seen:
        errors["id_seen"] = [_("Confirm that you saw the original identity document.")]
    return errors


@transaction.atomic
def application_move(
    *,
    actor: Actor,
    application: Application,
    move: str,
    note: str = "",
    basis: str = "",
    expected_version: int | None = None,
    identity: IdentityCheck | None = None,
    now: datetime | None = None,
) -> Application:
    """Make one move of the workflow table on a case: allowed to the actor by
    `permissions.can_make_move`, from the case's current status, with a note and a legal basis
    where the move needs them, and for the hand-over (`needs_identity`) the resident's identity
    document checked against the applicant (`identity`)."""
    transition = TRANSITIONS.get(move)
    if transition is None:
        raise ValidationError({"move": _("Unknown action.")})
    application = lock_case(application, expected_version)
    policy.require(*permissions.move_permission(actor, application, transition))
    if application.status not in transition.sources:
        raise ConflictError(
            _("A case that is “%(status)s” can't be moved this way (%(move)s).")
            % {"status": application.get_status_display(), "move": transition.label}
        )
    note, basis = (note or "").strip(), (basis or "").strip()
    errors = {}
    if transition.needs_note and not note:
        errors["note"] = [
            _("Give the reason.") if move != "request_documents" else _("Say which documents are needed.")
        ]
    if transition.needs_basis and not basis:
        errors["basis"] = [_("Give the legal basis of the refusal.")]
    if transition.needs_identity:
        errors |= identity_errors(application, identity)
    if errors:
        raise ValidationError(errors)
    # What the event and the audit keep of the check: the kind of document, never its number.
    checked: dict[str, object] = {}
    if transition.needs_identity and identity is not None:
        checked["identity"] = {"document": identity.document, "iin": "matched", "seen": True}
    return _make_move(application, actor, move, note, basis, now or timezone.now(), extra=checked)


def _make_move(
    application: Application,
    actor: Actor | None,
    move: str,
    note: str,
    basis: str,
    now: datetime,
    *,
    audit_actor: Actor | str | None = None,
    audit_akimat: Akimat | None = None,
    by: str = "",
    extra: dict[str, object] | None = None,
) -> Application:
    """Apply a move already checked (permission, source status, note and basis) to a locked case:
    its dates, the pause, the event, the audit entry and the resident's notification."""
    transition = TRANSITIONS[move]
    previous = application.status
    fields = ["status"]
    application.status = transition.target
    if previous == Status.AWAITING_DOCUMENTS:
        if transition.target == Status.IN_PROGRESS and application.paused_at is not None:
            application.due_at = calendar.shift_due_after_pause(application.due_at, application.paused_at, now)
            fields.append("due_at")
        application.paused_at = None
        fields.append("paused_at")
    if transition.target == Status.AWAITING_DOCUMENTS:
        application.paused_at = now
        fields.append("paused_at")
    if transition.target in (Status.READY, Status.REFUSED):
        application.decided_at = now
        fields.append("decided_at")
    if transition.target in (Status.ISSUED, Status.WITHDRAWN):
        application.closed_at = now
        fields.append("closed_at")
    if transition.target == Status.REFUSED:
        application.refusal_reason, application.refusal_basis = note, basis
        fields += ["refusal_reason", "refusal_basis"]
    if transition.note_is_public:
        application.public_note = note
        fields.append("public_note")
    if (
        move == "accept"
        and application.assignee_id is None
        and permissions.is_specialist_of(actor, application.department_id)
    ):
        application.assignee = actor  # type: ignore[assignment]  # a specialist is a user
        fields.append("assignee")
    save_case(application, fields)
    record_event(
        application,
        actor,
        EventKind.STATUS,
        now,
        from_status=previous,
        to_status=transition.target,
        note=note,
        data={"move": move, **({"basis": basis} if basis else {}), **({"by": by} if by else {}), **(extra or {})},
    )
    audit_record(
        actor=audit_actor or actor,
        action=f"application.{move}",
        obj=application,
        akimat=audit_akimat or application.department.akimat,
        data={"number": application.number, "from": previous, "to": transition.target, **(extra or {})},
    )
    notify_resident(application, transition.target)
    hooks.moved(application, transition.target)
    return application


@transaction.atomic
def application_withdraw_by_resident(*, number: str, tracking_code: str, now: datetime | None = None) -> Application:
    """The resident withdraws an open application with its number and tracking code."""
    application = find_by_tracking(number, tracking_code)
    if application is None:
        raise ValidationError({"tracking_code": _("No application has this number and tracking code.")})
    application = lock_case(application, None)
    if application.status not in TRANSITIONS["withdraw"].sources:
        raise ConflictError(
            _("A case that is “%(status)s” can no longer be withdrawn.") % {"status": application.get_status_display()}
        )
    return _make_move(
        application,
        None,
        "withdraw",
        _("Withdrawn by the resident."),
        "",
        now or timezone.now(),
        audit_actor="resident",
        audit_akimat=application.akimat,
        by="resident",
    )
