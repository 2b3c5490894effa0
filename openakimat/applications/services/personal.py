"""Reading a resident's personal data on purpose: the full IIN, which the case page masks."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from openakimat.common.actor import Actor
from openakimat.integrity.services import audit_record

from .. import permissions
from ..models import Application


@transaction.atomic
def application_reveal_iin(*, actor: Actor, application: Application) -> str:
    """The resident's full IIN, for one view of the case page, written to the audit log (who read
    whose IIN and when: the entry names the case, never the number). PermissionDenied, and nothing
    written, for anyone who may not see the applicant."""
    if not permissions.can_see_applicant(actor, application):
        raise PermissionDenied(permissions.case_denied())
    audit_record(
        actor=actor,
        action="application.reveal_iin",
        obj=application,
        akimat=application.akimat,
        data={"number": application.number},
    )
    return application.applicant_iin
