"""Sealing the audit log in the background: queued after each commit that wrote entries, and swept
periodically for whatever a lost task left."""

from celery import shared_task

from .services import audit_seal


@shared_task(name="openakimat.integrity.tasks.seal_audit")
def seal_audit() -> int:
    return audit_seal()
