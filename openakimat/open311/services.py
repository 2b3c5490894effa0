"""Open311 API keys: created by a superuser (or the system, through the management command),
switched off at any time, each step audited."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat

from .models import ApiKey

PREFIX_LENGTH = 8
LAST_USED_GRANULARITY = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    raw: str  # shown once, never stored


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _require_superuser(actor: Any) -> None:
    if not (getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False)):
        raise PermissionDenied(_("Only a superuser can manage Open311 API keys."))


def api_key_create(*, actor: Any, akimat: Akimat, name: str) -> IssuedKey:
    _require_superuser(actor)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [_("Say who uses the key.")]})
    if len(name) > 100:
        raise ValidationError({"name": [_("The name is too long (100 characters at most).")]})
    for _attempt in range(5):
        raw = secrets.token_urlsafe(32)
        try:
            with transaction.atomic():
                key = ApiKey.objects.create(name=name, akimat=akimat, prefix=raw[:PREFIX_LENGTH], key_hash=_digest(raw))
                audit_record(
                    actor=actor,
                    action="open311_key.create",
                    obj=key,
                    akimat=akimat,
                    data={"name": name, "prefix": key.prefix},
                )
            return IssuedKey(key=key, raw=raw)
        except IntegrityError:
            continue  # the prefix was taken: draw another key
    raise RuntimeError("could not draw a key with a free prefix")


@transaction.atomic
def api_key_deactivate(*, actor: Any, key: ApiKey) -> ApiKey:
    _require_superuser(actor)
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if not key.is_active:
        return key
    key.is_active = False
    key.save(update_fields=["is_active"])
    audit_record(actor=actor, action="open311_key.deactivate", obj=key, akimat=key.akimat, data={"prefix": key.prefix})
    return key


def api_key_authenticate(raw: str, *, now: datetime | None = None) -> ApiKey | None:
    """The active key matching `raw`, with its akimat's territory, or None."""
    raw = (raw or "").strip()
    if len(raw) < PREFIX_LENGTH + 16 or len(raw) > 100:
        return None
    key = ApiKey.objects.select_related("akimat__territory").filter(prefix=raw[:PREFIX_LENGTH]).first()
    if key is None or not key.is_active or not secrets.compare_digest(key.key_hash, _digest(raw)):
        return None
    now = now or timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_GRANULARITY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key
