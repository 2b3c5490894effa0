"""Periodic work of the meetings."""

from celery import shared_task

from .services import forget_question_contacts


@shared_task(name="openakimat.meetings.tasks.forget_question_contacts")
def forget_contacts() -> int:
    """Forget the contacts of hearing questions moderated long enough ago (idempotent)."""
    return forget_question_contacts()
