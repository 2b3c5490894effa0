"""What execution control tells, and whom: the responsible official (or, without one, the
department's head) when an instruction is assigned, reminders before the deadline and the alert to
the head when it passes (tasks.py). Messages to residents are the source app's: it is told of every
event through `sources.SourceKind.on_event`."""

from .models import Instruction, InstructionEvent


def register_kinds() -> None:
    """Filled in with the reminders (tasks.py)."""


def notify_event(instruction: Instruction, event: InstructionEvent) -> None:
    """Queue the staff messages for `event` in the current transaction."""
