"""Sealing the audit log in the background: queued after each commit that wrote entries, and swept
periodically for whatever a lost task left."""

from celery import shared_task

from .services import audit_seal, queue_seal


@shared_task(name="openakimat.integrity.tasks.seal_audit")
def seal_audit() -> int:
    """Seal what is committed; while there was work, come back once more a second later for what
    committed meanwhile (its writers may have left the asking to this sealer)."""
    sealed = audit_seal()
    if sealed:
        queue_seal(again=True)
    return sealed
