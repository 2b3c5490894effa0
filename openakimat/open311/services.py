"""Open311 API keys: created by a superuser (or the system, through the management command),
switched off at any time, each step audited."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from openakimat.common import apikeys
from openakimat.common.actor import Actor
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat

from .models import ApiKey


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    raw: str  # shown once, never stored


def _require_superuser(actor: Actor) -> None:
    if not (getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False)):
        raise PermissionDenied(_("Only a superuser can manage Open311 API keys."))


def api_key_create(*, actor: Actor, akimat: Akimat, name: str) -> IssuedKey:
    _require_superuser(actor)
    name = apikeys.key_name(name, missing=_("Say who uses the key."))

    def create(drawn: apikeys.Drawn) -> ApiKey:
        key = ApiKey.objects.create(name=name, akimat=akimat, prefix=drawn.prefix, key_hash=drawn.digest)
        audit_record(
            actor=actor, action="open311_key.create", obj=key, akimat=akimat, data={"name": name, "prefix": key.prefix}
        )
        return key

    key, raw = apikeys.key_create(create)
    return IssuedKey(key=key, raw=raw)


@transaction.atomic
def api_key_deactivate(*, actor: Actor, key: ApiKey) -> ApiKey:
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
    key = apikeys.key_find(ApiKey.objects.select_related("akimat__territory"), raw, hash_field="key_hash")
    if key is None or not key.is_active:
        return None
    apikeys.key_touch(key, now)
    return key
