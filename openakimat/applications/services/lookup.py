"""The returning resident: at the desk, with the resident's consent, the operator finds their
details from their latest application at this akimat, so a person who came before is not asked to
dictate their name and phone again.

A read of personal data by IIN, so it is treated as an action: only the front office of the akimat
may make it, only with the resident's consent (Law No. 94-V: personal data are processed with
the subject's consent), and each look-up — found or not — is in the audit log, without the IIN."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.iin import IdentityNumberError, iin_hash, iin_validate
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat

from .. import permissions
from ..models import Application
from .intake import Applicant


@transaction.atomic
def applicant_lookup(*, actor: Actor, akimat: Akimat, iin: str, consent: bool) -> Applicant | None:
    """The resident's details (IIN, name, phone, e-mail, language) from their latest application
    registered at `akimat`, or None if they have none there. Found by the IIN's keyed hash."""
    policy.require(
        permissions.can_register_at(actor, akimat), _("You do not have permission to do this for this akimat.")
    )
    errors: dict[str, list[str]] = {}
    try:
        value = iin_validate(iin or "").value
    except IdentityNumberError as exc:
        errors["iin"] = [str(exc)]
    if not consent:
        errors["consent"] = [_("Ask the resident first: their earlier data are looked up only with their consent.")]
    if errors:
        raise ValidationError(errors)
    latest = (
        Application.objects.filter(akimat=akimat, applicant_iin_hash=iin_hash(value))
        .only("number", "applicant_iin", "applicant_name", "applicant_phone", "applicant_email", "language")
        .order_by("-registered_at", "-pk")
        .first()
    )
    audit_record(
        actor=actor,
        action="applicant.lookup",
        obj=akimat,
        akimat=akimat,
        # Which case the details came from (its number, as events name cases), never the IIN.
        data={"consent": True, "found": latest is not None, **({"from": latest.number} if latest else {})},
    )
    if latest is None:
        return None
    return Applicant(
        iin=value,
        name=latest.applicant_name,
        phone=latest.applicant_phone,
        email=latest.applicant_email,
        language=latest.language,
    )
