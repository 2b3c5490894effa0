"""The periodic sweep of execution control: a reminder to the responsible official (or the
department's heads) `CONTROL_REMINDER_DAYS` days before the deadline, and an alert to the
department's heads and the akim once the deadline has passed.

Each is sent once per deadline: the instruction remembers the deadline it last reminded of
(`reminded_for`) and alerted for (`overdue_alerted_for`), written in the same transaction as the
messages, so a rerun, a lost task or two workers at once send nothing twice; an extension makes a
new deadline and so a new reminder. Done and cancelled instructions are left alone.
"""

from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OPEN_STATUSES, AlertKind, Instruction
from .notifications import overdue_recipients, responsible_or_heads, send

BATCH = 500


def reminders_due(today: date) -> "Q":
    horizon = today + timedelta(days=settings.CONTROL_REMINDER_DAYS)
    return Q(status__in=OPEN_STATUSES, deadline__gte=today, deadline__lte=horizon) & (
        Q(reminded_for__isnull=True) | ~Q(reminded_for=F("deadline"))
    )


def alerts_due(today: date) -> "Q":
    return Q(status__in=OPEN_STATUSES, deadline__lt=today) & (
        Q(overdue_alerted_for__isnull=True) | ~Q(overdue_alerted_for=F("deadline"))
    )


def _each(due: Q, act: str) -> int:
    done, last = 0, 0
    while True:
        ids = list(Instruction.objects.filter(due, pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return done
        last = ids[-1]
        done += sum(_one(due, act, pk) for pk in ids)


def _one(due: Q, act: str, pk: int) -> bool:
    with transaction.atomic():
        instruction = Instruction.objects.select_for_update(skip_locked=True).filter(due, pk=pk).first()
        if instruction is None:  # changed meanwhile, or another worker has it
            return False
        if act == AlertKind.REMINDER:
            send(instruction, AlertKind.REMINDER, responsible_or_heads(instruction))
            instruction.reminded_for = instruction.deadline
            instruction.save(update_fields=["reminded_for"])
        else:
            send(instruction, AlertKind.OVERDUE, overdue_recipients(instruction))
            instruction.overdue_alerted_for = instruction.deadline
            instruction.save(update_fields=["overdue_alerted_for"])
        return True


def sweep(today: date | None = None) -> tuple[int, int]:
    """Send the reminders and overdue alerts that are due; (reminded, alerted)."""
    today = today or timezone.localdate()
    return _each(reminders_due(today), AlertKind.REMINDER), _each(alerts_due(today), AlertKind.OVERDUE)


@shared_task(name="openakimat.control.tasks.sweep_deadlines")
def sweep_deadlines() -> tuple[int, int]:
    return sweep()
