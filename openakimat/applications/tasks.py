"""Periodic work of the front office."""

from celery import shared_task

from .drafts import sweep_drafts as sweep


@shared_task(name="openakimat.applications.tasks.sweep_drafts")
def sweep_drafts() -> int:
    """Remove the files of online forms left unsent (drafts older than their lifetime)."""
    return sweep()
