import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _digest(previous: str, payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256((previous + canonical).encode()).hexdigest()


def _payload(entry: AuditEntry) -> dict[str, Any]:
    return {
        "sequence": entry.sequence,
        "at": entry.at.isoformat(),
        "actor": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "akimat": entry.akimat_id,
        "data": entry.data,
    }


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    akimat: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry to the audit chain. Call inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = actor.get_username() if hasattr(actor, "get_username") else str(actor or "anonymous")
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        entry = AuditEntry(
            sequence=head.sequence + 1,
            at=timezone.now(),
            actor=user,
            actor_label=label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            akimat=akimat,
            data=json.loads(json.dumps(data or {}, default=str)),
            previous_digest=head.digest,
        )
        entry.digest = _digest(head.digest, _payload(entry))
        entry.save()
        head.sequence, head.digest = entry.sequence, entry.digest
        head.save(update_fields=["sequence", "digest"])
    return entry


def audit_verify() -> int | None:
    """Walk the chain; return the sequence of the first broken entry, or None if it is intact.

    The head row remembers the last digest, so removing the newest entries is caught too: the
    chain then ends before the head, and the first missing sequence is returned."""
    previous, last = GENESIS, 0
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        if entry.previous_digest != previous or entry.digest != _digest(previous, _payload(entry)):
            return entry.sequence
        previous, last = entry.digest, entry.sequence
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.sequence, head.digest) != (last, previous):
        return last + 1
    return None
