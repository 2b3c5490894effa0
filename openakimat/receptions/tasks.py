"""Periodic work of the receptions."""

from celery import shared_task

from .services import reminders_send


@shared_task(name="openakimat.receptions.tasks.send_reminders")
def send_reminders() -> int:
    """SMS the day before to each confirmed resident, once (idempotent: the sign-up records it)."""
    return reminders_send()
