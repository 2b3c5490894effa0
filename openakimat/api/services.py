"""Staff API tokens: created for a user, shown once, revoked at any time; each step audited.

A token skips the sign-in's second factor, so it is given out only by a superuser, or by the server's
operator running `manage.py create_api_token` on the user's behalf; the user can't make one for
themselves through the web.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.accounts.models import User
from openakimat.common import apikeys
from openakimat.common.actor import Actor
from openakimat.integrity.services import audit_record

from .models import ApiToken


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown to the person who asked for it, once; never stored


def api_token_create(*, actor: Actor, user: User, name: str) -> IssuedToken:
    """Give `user` a new token named `name`. The actor must be a superuser (or the system: the
    management command)."""
    if not (getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False)):
        raise PermissionDenied(_("Only a superuser can create API tokens."))
    name = apikeys.key_name(name, missing=_("Say what the token is for."))
    if not user.is_active:
        raise ValidationError({"user": [_("This account is not active.")]})

    def create(drawn: apikeys.Drawn) -> ApiToken:
        token = ApiToken.objects.create(user=user, name=name, prefix=drawn.prefix, secret_hash=drawn.digest)
        audit_record(
            actor=actor,
            action="api_token.create",
            obj=token,
            data={"user": user.get_username(), "name": name, "prefix": token.prefix},
        )
        return token

    token, raw = apikeys.key_create(create)
    return IssuedToken(token=token, raw=raw)


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken, now: datetime | None = None) -> ApiToken:
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


def api_token_authenticate(raw: str, *, now: datetime | None = None) -> User | None:
    """The active user a live token belongs to, or None. Compared in constant time."""
    token = apikeys.key_find(ApiToken.objects.select_related("user"), raw, hash_field="secret_hash")
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    apikeys.key_touch(token, now)
    return token.user
