"""Consultations given at the front-office desk: counted, never tied to a resident."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.catalogue.models import PublicService
from openakimat.common import policy
from openakimat.common.actor import Actor, actor_user
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat, Department

from .. import permissions
from ..models import Consultation


@transaction.atomic
def consultation_log(
    *,
    actor: Actor,
    akimat: Akimat,
    minutes: int,
    outcome: str,
    service: PublicService | None = None,
    department: Department | None = None,
    topic: str = "",
    now: datetime | None = None,
) -> Consultation:
    """The operator notes a consultation given at the front office."""
    policy.require(
        permissions.can_log_consultation(actor, akimat), _("You do not have permission to do this for this akimat.")
    )
    if department is not None and department.akimat_id != akimat.pk:
        raise ValidationError({"department": [_("Choose a department of this akimat.")]})
    consultation = Consultation(
        akimat=akimat,
        service=service,
        department=department,
        topic=(topic or "").strip()[:200],
        minutes=minutes,
        outcome=outcome,
        operator=actor_user(actor),
        at=now or timezone.now(),
    )
    consultation.full_clean()
    consultation.save()
    audit_record(
        actor=actor,
        action="consultation.log",
        obj=consultation,
        akimat=akimat,
        data={"service": service.code if service else "", "minutes": minutes, "outcome": outcome},
    )
    return consultation
