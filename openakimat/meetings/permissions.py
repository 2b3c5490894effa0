"""The meetings' one policy.

- the secretariat (the akim's apparatus) and the administrators of an akimat schedule its meetings,
  edit, cancel and publish them, keep their agenda, documents, minutes, attendance, transcripts and
  decisions, turn decisions into instructions of execution control, and moderate the questions
  residents send to public hearings;
- every other staff role of the akimat's territory (and the anti-corruption observers) reads all of
  it, drafts included, on the staff pages — but never a question's author name or contact, which
  only those who moderate see;
- the public sees published meetings only (`public_q`), with nothing personal on them.
"""

from django.db.models import Q

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import ALL_ROLES, Role
from openakimat.territory.models import Akimat

from .models import Meeting, Status

SECRETARIAT = (Role.SECRETARIAT, Role.ADMIN)
SEE = tuple(ALL_ROLES)


def public_q() -> Q:
    """The meetings anyone may see."""
    return Q(published=True)


def meetings_q(actor: Actor | None) -> Q:
    """The meetings whose staff pages the actor opens (drafts included)."""
    return policy.path_q(actor, SEE, "akimat__territory__path")


def visible_q(actor: Actor | None) -> Q:
    """Published meetings, and the staff's own akimats' drafts: what the API lists to the caller."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return public_q()
    return public_q() | meetings_q(actor)


def schedulable_akimats_q(actor: Actor | None) -> Q:
    """A filter on akimats: those the actor may schedule meetings for."""
    return policy.path_q(actor, SECRETARIAT, "territory__path")


def can_open_meetings(actor: Actor | None) -> bool:
    """The staff menu's entry, from the actor's scopes alone."""
    return policy.is_root(actor) or bool(policy.scopes(actor, SEE))


def can_schedule(actor: Actor | None, akimat: Akimat) -> bool:
    return policy.reaches_path(actor, SECRETARIAT, akimat.territory.path)


def can_schedule_any(actor: Actor | None) -> bool:
    return policy.is_root(actor) or bool(policy.scopes(actor, SECRETARIAT))


def can_view(actor: Actor | None, meeting: Meeting) -> bool:
    """The staff page of a meeting, drafts included."""
    return policy.reaches_path(actor, SEE, meeting.akimat.territory.path)


def can_edit(actor: Actor | None, meeting: Meeting) -> bool:
    """Change the meeting, its agenda, documents, minutes, attendance, transcripts, decisions."""
    return can_schedule(actor, meeting.akimat)


def can_cancel(actor: Actor | None, meeting: Meeting) -> bool:
    return meeting.status == Status.SCHEDULED and can_edit(actor, meeting)


def can_moderate(actor: Actor | None, meeting: Meeting) -> bool:
    """Publish, reject and answer the residents' questions, and see who asked them."""
    return can_edit(actor, meeting)
