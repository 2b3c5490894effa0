"""The queue's side of "Finish and register an application": a ticket as the origin of an
application registered at the desk (see applications/origins.py). The operator who served the
ticket (or an administrator of the hall) links a served ticket not yet linked; the link is written
to the ticket, its events and the audit in the registration's transaction."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.applications.models import Application
from openakimat.applications.origins import Origin, register
from openakimat.common.actor import Actor

from . import permissions
from .models import Ticket, TicketEventKind, TicketStatus
from .services._common import audit, event

KIND = "queue"


def _refused() -> ValidationError:
    return ValidationError({"origin": _("This queue ticket cannot be linked to an application.")}, code="invalid")


def _linkable(actor: Actor | None, ticket: Ticket | None) -> Ticket:
    if ticket is None or actor is None:
        raise _refused()
    mine = ticket.operator_id == getattr(actor, "pk", None) and permissions.can_operate(actor, ticket.hall)
    if not (mine or permissions.can_configure(actor, ticket.hall)):
        raise _refused()
    if ticket.status != TicketStatus.DONE or ticket.application_id is not None:
        raise _refused()
    return ticket


def resolve(actor: Actor | None, reference: str) -> Origin:
    ticket = None
    if reference.isdigit():
        ticket = Ticket.objects.select_related("hall__akimat__territory", "desk").filter(pk=int(reference)).first()
    ticket = _linkable(actor, ticket)
    desk = ticket.desk.number if ticket.desk else "—"
    label = _("Came with ticket %(code)s at desk %(desk)s") % {"code": ticket.code, "desk": desk}

    def attach(application: Application) -> None:
        locked = (
            Ticket.objects.select_for_update(of=("self",))
            .select_related("hall__akimat__territory", "desk")
            .filter(pk=ticket.pk)
            .first()
        )
        locked = _linkable(actor, locked)
        if application.akimat_id != locked.hall.akimat_id:
            raise _refused()
        locked.application = application
        locked.save(update_fields=["application", "updated_at"])
        event(
            locked,
            TicketEventKind.APPLICATION,
            at=timezone.now(),
            actor=actor,
            desk=locked.desk,
            data={"application": application.number},
        )
        audit(actor, "ticket_application", locked, application=application.number)

    return Origin(kind=KIND, reference=str(ticket.pk), label=label, attach=attach)


def register_origin() -> None:
    register(KIND, resolve)
