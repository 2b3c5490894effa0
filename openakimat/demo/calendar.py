"""Demonstration data for the public calendar (openakimat/agenda). EVERYTHING HERE IS INVENTED. The
calendar has no data of its own: it shows the other apps' events, the demo receptions among them.
What it adds is one reception that was planned and then cancelled, so that the calendar and its
feeds show what a cancellation looks like (struck through and marked "Cancelled"; STATUS:CANCELLED).
Loading it again changes nothing."""

from openakimat.common.actor import Actor
from openakimat.receptions import services
from openakimat.receptions.models import Reception
from openakimat.territory.models import Akimat

from .receptions import DEPUTY, HALL, _at

REASON = "DEMO: the deputy akim is called to the regional akimat; the reception moves to a later date."


def load(actor: Actor, akimat: Akimat) -> int:
    """Write the cancelled demonstration reception once (after the receptions' demo, which writes
    nothing when the akimat has a reception already). Returns how many were made."""
    if Reception.objects.filter(akimat=akimat, cancel_reason=REASON).exists():
        return 0
    reception = services.reception_plan(
        actor=actor,
        akimat=akimat,
        plan=services.ReceptionPlan(**DEPUTY, **HALL, kind="regular", starts_at=_at(8, 11), capacity=6),
    )
    services.reception_cancel(actor=actor, reception=reception, reason=REASON)
    return 1
