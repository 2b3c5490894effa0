"""Execution control's one permission policy: who may see, assign and work which instruction.

- the akim's office (akim, administrator) assigns instructions at its akimat and in its territory,
  extends their deadlines, reassigns, cancels and reopens them; the front office (operators) may
  assign too, as it turns a resident's problem into work (problem triage, receptions), and so does
  the secretariat with the decisions of the akimat's meetings;
- the responsible department (its specialists and head) takes the instruction into work, reports
  progress and reports it done; a department never extends its own deadline;
- every staff role of the akimat (and the anti-corruption observers) reads the staff view;
  everyone, signed in or not, reads the public register (no permission: nothing personal in it).
"""

from collections.abc import Iterable

from django.db.models import Q

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import Role
from openakimat.territory.models import Akimat, Department

from .models import Instruction
from .workflow import Transition, Who, moves_from

VIEW = (Role.OPERATOR, Role.SPECIALIST, Role.HEAD, Role.AKIM, Role.OBSERVER, Role.ADMIN)
CONTROL = (Role.AKIM, Role.ADMIN)
# The secretariat (the akim's apparatus) turns the decisions of the akimat's meetings into instructions.
ASSIGN = (Role.AKIM, Role.ADMIN, Role.OPERATOR, Role.SECRETARIAT)
DEPARTMENT = (Role.SPECIALIST, Role.HEAD)


def _reaches(actor: Actor | None, roles: Iterable[str], instruction: Instruction) -> bool:
    return policy.reaches_department(
        actor,
        roles,
        instruction.department_id,
        instruction.akimat.territory.path,
        instruction.department.akimat.territory.path,
    )


def instructions_q(actor: Actor | None, roles: Iterable[str] = VIEW) -> Q:
    """A filter on instructions: those the actor reaches through one of `roles`."""
    return policy.department_q(
        actor, roles, "department_id", "akimat__territory__path", "department__akimat__territory__path"
    )


def can_view(actor: Actor | None, instruction: Instruction) -> bool:
    """The staff view: the responsible official, the history with who did what."""
    return _reaches(actor, VIEW, instruction)


def can_assign(actor: Actor | None, akimat: Akimat, department: Department) -> bool:
    """Give an instruction of `akimat` to `department` (which must belong to that akimat or one in
    its territory)."""
    if not department.akimat.territory.path.startswith(akimat.territory.path):
        return False
    return policy.reaches_path(actor, ASSIGN, akimat.territory.path)


def can_control(actor: Actor | None, instruction: Instruction) -> bool:
    """Extend, reassign, cancel, reopen."""
    return policy.reaches_path(actor, CONTROL, instruction.akimat.territory.path)


def can_work(actor: Actor | None, instruction: Instruction) -> bool:
    """Take into work, report progress, report done: the responsible department."""
    return policy.reaches_department(actor, DEPARTMENT, instruction.department_id)


def can_make_move(actor: Actor | None, instruction: Instruction, transition: Transition) -> bool:
    if Who.DEPARTMENT in transition.by and can_work(actor, instruction):
        return True
    return Who.CONTROL in transition.by and can_control(actor, instruction)


def available_moves(actor: Actor | None, instruction: Instruction) -> list[Transition]:
    return [t for t in moves_from(instruction.status) if can_make_move(actor, instruction, t)]


def can_open_instructions(actor: Actor | None) -> bool:
    """The staff menu's entry, from the actor's scopes alone."""
    return policy.is_root(actor) or bool(policy.scopes(actor, VIEW))


def is_of_department(user: object, department: Department) -> bool:
    """Whether `user` works in `department` (a specialist or its head): who may be responsible."""
    return any(s.department_id == department.pk for s in policy.scopes(user, DEPARTMENT))  # type: ignore[arg-type]
