"""Staff API tokens: created for a user, shown once, revoked at any time; each step audited.

A token skips the sign-in's second factor, so it is given out only by a superuser, or by the server's
operator running `manage.py create_api_token` on the user's behalf; the user can't make one for
themselves through the web.
"""

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

from .models import ApiToken

PREFIX_LENGTH = 8
# A token's last use is written at most this often, so that a busy client doesn't write on every call.
LAST_USED_GRANULARITY = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown to the person who asked for it, once; never stored


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, actor: Any, user: Any, name: str) -> IssuedToken:
    """Give `user` a new token named `name`. The actor must be a superuser (or the system: the
    management command)."""
    if not (getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False)):
        raise PermissionDenied(_("Only a superuser can create API tokens."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [_("Say what the token is for.")]})
    if len(name) > 100:
        raise ValidationError({"name": [_("The name is too long (100 characters at most).")]})
    if not user.is_active:
        raise ValidationError({"user": [_("This account is not active.")]})
    for _attempt in range(5):
        raw = secrets.token_urlsafe(32)
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=user, name=name, prefix=raw[:PREFIX_LENGTH], secret_hash=_digest(raw)
                )
                audit_record(
                    actor=actor,
                    action="api_token.create",
                    obj=token,
                    data={"user": user.get_username(), "name": name, "prefix": token.prefix},
                )
            return IssuedToken(token=token, raw=raw)
        except IntegrityError:
            continue  # the prefix was taken: draw another token
    raise RuntimeError("could not draw a token with a free prefix")


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken, now: datetime | None = None) -> ApiToken:
    """Revoke a token: a superuser any token, a user their own."""
    is_superuser = getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False)
    if not is_superuser and getattr(actor, "pk", None) != token.user_id:
        raise PermissionDenied(_("You can revoke only your own API tokens."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = now or timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="api_token.revoke", obj=token, data={"prefix": token.prefix})
    return token


def api_token_authenticate(raw: str, *, now: datetime | None = None) -> Any | None:
    """The active user a live token belongs to, or None. Compared in constant time."""
    raw = (raw or "").strip()
    if len(raw) < PREFIX_LENGTH + 16 or len(raw) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=raw[:PREFIX_LENGTH]).first()
    if token is None or not secrets.compare_digest(token.secret_hash, _digest(raw)):
        return None
    if token.revoked_at is not None or not token.user.is_active:
        return None
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
