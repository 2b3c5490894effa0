"""Appeals' one permission policy.

- the akimat's operators register appeals at the desk and route them to a department;
- the akim and administrators route too, extend the term once, answer, and publish the anonymised
  version (only when the resident agreed);
- the routed department (its head and specialists) reads the appeal and drafts the answer;
- observers read; everyone reads what is published (no permission: nothing personal in it).
"""

from django.db.models import Q

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import Role

from .models import Appeal, Status

OFFICE = (Role.OPERATOR, Role.AKIM, Role.ADMIN)
CONTROL = (Role.AKIM, Role.ADMIN)
DEPARTMENT = (Role.SPECIALIST, Role.HEAD)
VIEW = (Role.OPERATOR, Role.AKIM, Role.ADMIN, Role.OBSERVER, Role.SPECIALIST, Role.HEAD)


def _path(appeal: Appeal) -> str:
    return appeal.akimat.territory.path


def appeals_q(actor: Actor | None) -> Q:
    """A filter on appeals: the akimat's office and observers see its appeals, a department those
    routed to it."""
    return policy.department_q(actor, VIEW, "department_id", "akimat__territory__path")


def can_open_appeals(actor: Actor | None) -> bool:
    """The staff menu's entry, from the actor's scopes alone."""
    return policy.is_root(actor) or bool(policy.scopes(actor, VIEW))


def can_view(actor: Actor | None, appeal: Appeal) -> bool:
    if policy.reaches_path(actor, (Role.OPERATOR, Role.AKIM, Role.ADMIN, Role.OBSERVER), _path(appeal)):
        return True
    return appeal.department_id is not None and policy.reaches_department(actor, DEPARTMENT, appeal.department_id)


# Who, whatever the appeal's state: the services refuse with these (403), then check the state
# (a 409 when the appeal has moved on); the pages offer an action only when `can_<verb>` says so.


def is_office(actor: Actor | None, appeal: Appeal) -> bool:
    return policy.reaches_path(actor, OFFICE, _path(appeal))


def is_control(actor: Actor | None, appeal: Appeal) -> bool:
    return policy.reaches_path(actor, CONTROL, _path(appeal))


def is_drafter(actor: Actor | None, appeal: Appeal) -> bool:
    """The routed department, or the akim's office."""
    if is_control(actor, appeal):
        return True
    return appeal.department_id is not None and policy.reaches_department(actor, DEPARTMENT, appeal.department_id)


def can_route(actor: Actor | None, appeal: Appeal) -> bool:
    return appeal.is_open and is_office(actor, appeal)


def can_extend(actor: Actor | None, appeal: Appeal) -> bool:
    return (
        appeal.status in (Status.REGISTERED, Status.ROUTED) and appeal.extended_at is None and is_control(actor, appeal)
    )


def can_answer(actor: Actor | None, appeal: Appeal) -> bool:
    return appeal.is_open and is_control(actor, appeal)


def can_draft(actor: Actor | None, appeal: Appeal) -> bool:
    return appeal.is_open and is_drafter(actor, appeal)


def can_publish(actor: Actor | None, appeal: Appeal) -> bool:
    """Prepare and publish the anonymised version: only of an answered appeal whose author agreed."""
    return appeal.status == Status.ANSWERED and appeal.consent_to_publish and is_control(actor, appeal)


def can_see_author(actor: Actor | None, appeal: Appeal) -> bool:
    """The author's name and contacts: the akimat's office and observers. The department prepares
    the answer from the text and does not need to know who wrote it."""
    return policy.reaches_path(actor, (Role.OPERATOR, Role.AKIM, Role.ADMIN, Role.OBSERVER), _path(appeal))


def can_read_attachments(actor: Actor | None, appeal: Appeal) -> bool:
    return can_view(actor, appeal)
