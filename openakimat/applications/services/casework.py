"""The department head's actions on a case: give it to a specialist, send it to another department,
extend its term. None changes the status of the workflow except the transfer, which starts the case
afresh in the new department."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.catalogue.models import ServiceOffering
from openakimat.common import calendar, policy
from openakimat.common.actor import Actor
from openakimat.common.errors import ConflictError
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Department

from .. import permissions
from ..models import Application, EventKind, Status
from ..notifications import notify_resident
from ..workflow import ASSIGNABLE, EXTENDABLE, TRANSFERABLE
from .cases import lock_case, record_event, save_case


def _require_head(actor: Actor, application: Application) -> None:
    policy.require(permissions.can_manage_case(actor, application), permissions.case_denied())


def _conflict(message: str, application: Application) -> ConflictError:
    return ConflictError(message % {"status": application.get_status_display()})


@transaction.atomic
def application_assign(
    *,
    actor: Actor,
    application: Application,
    assignee: Actor | None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Application:
    """The head gives a case to a specialist (or head) of the same department."""
    application = lock_case(application, expected_version)
    _require_head(actor, application)
    if application.status not in ASSIGNABLE:
        raise _conflict(_("A case that is “%(status)s” can't be reassigned."), application)
    if assignee is None or not permissions.can_take_case(assignee, application):
        raise ValidationError({"assignee": _("Choose a specialist of this department.")})
    if application.assignee_id == assignee.pk:
        return application
    now = now or timezone.now()
    application.assignee = assignee  # type: ignore[assignment]  # someone with a department role is a user
    save_case(application, ["assignee"])
    record_event(application, actor, EventKind.ASSIGNED, now, data={"assignee": assignee.get_username()})
    audit_record(
        actor=actor,
        action="application.assign",
        obj=application,
        akimat=application.department.akimat,
        data={"number": application.number, "assignee": assignee.get_username()},
    )
    return application


@transaction.atomic
def application_transfer(
    *,
    actor: Actor,
    application: Application,
    department: Department,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Application:
    """The head sends a case to another department that renders the same service (the resident
    applied to the wrong one, or the territory is another's). The new department starts it afresh:
    status back to registered, no assignee; the due date stays, since the resident applied once."""
    application = lock_case(application, expected_version)
    _require_head(actor, application)
    if application.status not in TRANSFERABLE:
        raise _conflict(_("A case that is “%(status)s” can't be transferred."), application)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason.")]})
    department = Department.objects.select_related("akimat__territory").get(pk=department.pk)
    if department.pk == application.department_id:
        raise ValidationError({"department": [_("The case is already in this department.")]})
    if (
        not department.is_active
        or not ServiceOffering.objects.filter(service=application.service, department=department).exists()
    ):
        raise ValidationError({"department": [_("That department does not render this service.")]})
    now = now or timezone.now()
    previous_department = application.department
    previous = application.status
    application.department = department
    application.assignee = None
    application.status = Status.REGISTERED
    save_case(application, ["department", "assignee", "status"])
    record_event(
        application,
        actor,
        EventKind.TRANSFERRED,
        now,
        from_status=previous,
        to_status=Status.REGISTERED,
        note=reason,
        data={"from_department": previous_department.pk, "to_department": department.pk},
    )
    audit_record(
        actor=actor,
        action="application.transfer",
        obj=application,
        akimat=previous_department.akimat,
        data={"number": application.number, "from": previous_department.pk, "to": department.pk},
    )
    return application


@transaction.atomic
def application_extend(
    *,
    actor: Actor,
    application: Application,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Application:
    """The head extends the term to the service's longer term, once, with a reason, where the
    register allows it. The new due date counts the longer term from the registration."""
    application = lock_case(application, expected_version)
    _require_head(actor, application)
    service = application.service
    if service.extended_term_value is None:
        raise ValidationError({"reason": [_("The register allows no longer term for this service.")]})
    if application.term_extended:
        raise ConflictError(_("The term of this case has already been extended."))
    if application.status not in EXTENDABLE:
        raise _conflict(_("A case that is “%(status)s” can't have its term extended."), application)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason.")]})
    now = now or timezone.now()
    extended = calendar.due_at(application.registered_at, service.extended_term_value, service.extended_term_unit)
    # Time paused so far (awaiting documents) already moved the due date; keep that shift.
    extra = calendar.working_minutes_between(
        calendar.due_at(application.registered_at, service.term_value, service.term_unit), application.due_at
    )
    new_due = calendar.add_office_minutes(extended, extra) if extra > 0 else extended
    old_due = application.due_at
    if new_due <= old_due:
        raise ValidationError({"reason": [_("The longer term would not move the due date.")]})
    application.due_at, application.term_extended = new_due, True
    save_case(application, ["due_at", "term_extended"])
    record_event(
        application,
        actor,
        EventKind.EXTENDED,
        now,
        note=reason,
        data={"from": old_due.isoformat(), "to": new_due.isoformat()},
    )
    audit_record(
        actor=actor,
        action="application.extend",
        obj=application,
        akimat=application.department.akimat,
        data={"number": application.number, "due_at": new_due.isoformat()},
    )
    notify_resident(application, "extended")
    return application
