"""Self-service API keys for civic developers: sign up with a name, an e-mail, a project and an
akimat; the e-mail carries a one-time confirmation link that issues the key (shown once, stored
hashed like every key) and a link that switches it off. Each step is audited, without the e-mail."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openakimat.common import apikeys
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat

from .models import ApiKey, KeySignup

# A confirmation link works for this long; after that the developer signs up again.
CONFIRM_WITHIN = timedelta(days=2)
ACTOR = "developer"


@dataclass(frozen=True)
class Links:
    signup: KeySignup
    confirm_token: str  # in the e-mail only, never stored
    revoke_token: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clean(name: str, project: str) -> tuple[str, str]:
    name = apikeys.key_name(name, missing=_("Say who you are."))
    project = " ".join((project or "").split())
    if not project:
        raise ValidationError({"project": [_("Say what the key is for.")]})
    if len(project) > 200:
        raise ValidationError({"project": [_("Keep the project under 200 characters.")]})
    return name, project


def _send(signup: KeySignup, links: "Links", base_url: str) -> None:
    confirm = base_url + reverse("open311-keys:confirm", args=[links.confirm_token])
    revoke = base_url + reverse("open311-keys:revoke", args=[links.revoke_token])
    with translation.override(signup.language):
        subject = _("Your Open311 API key")
        text = _(
            "Hello,\n\nsomeone (we hope you) asked for an Open311 API key for “%(project)s”.\n"
            "Open this link to see your key; it is shown once, and the link works for two days:\n%(confirm)s\n\n"
            "To switch the key off at any time, open:\n%(revoke)s\n\n"
            "If you did not ask for a key, ignore this message."
        ) % {"project": signup.project, "confirm": confirm, "revoke": revoke}
    send_mail(subject, text, None, [signup.email])


def signup_create(*, name: str, email: str, project: str, akimat: Akimat, language: str, base_url: str) -> Links:
    """Record the request and send the links to `email` once the transaction commits. The caller
    validated the e-mail address and counted the request against the rate limits."""
    name, project = _clean(name, project)
    confirm_token, revoke_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with transaction.atomic():
        signup = KeySignup.objects.create(
            name=name,
            email=email.strip(),
            project=project,
            akimat=akimat,
            language=language if language in ("kk", "ru", "en") else "kk",
            confirm_token_hash=_hash(confirm_token),
            revoke_token_hash=_hash(revoke_token),
        )
        audit_record(actor=ACTOR, action="open311_key.signup", obj=signup, akimat=akimat, data={"name": name})
        links = Links(signup, confirm_token, revoke_token)
        transaction.on_commit(lambda: _send(signup, links, base_url))
    return links


def signup_for_confirmation(token: str) -> KeySignup | None:
    """The request this confirmation link belongs to, while it may still issue its key."""
    signup = KeySignup.objects.filter(confirm_token_hash=_hash(token or "")).first()
    if signup is None or signup.key_id or signup.revoked_at:
        return None
    if timezone.now() - signup.created_at > CONFIRM_WITHIN:
        return None
    return signup


def signup_confirm(token: str) -> tuple[KeySignup, str] | None:
    """Issue the key of the request with this confirmation link: the raw key, once. A second use of
    the link, an expired or revoked one, gives None."""
    with transaction.atomic():
        found = signup_for_confirmation(token)
        if found is None:
            return None
        signup = KeySignup.objects.select_for_update().get(pk=found.pk)
        if signup.key_id or signup.revoked_at:
            return None  # a concurrent confirmation won

        def create(drawn: apikeys.Drawn) -> ApiKey:
            key = ApiKey.objects.create(
                name=signup.name, akimat=signup.akimat, prefix=drawn.prefix, key_hash=drawn.digest
            )
            audit_record(
                actor=ACTOR,
                action="open311_key.create",
                obj=key,
                akimat=signup.akimat,
                data={"name": signup.name, "prefix": key.prefix, "signup": signup.pk},
            )
            return key

        key, raw = apikeys.key_create(create)
        signup.key, signup.confirmed_at = key, timezone.now()
        signup.save(update_fields=["key", "confirmed_at"])
    return signup, raw


def signup_for_revocation(token: str) -> KeySignup | None:
    signup = KeySignup.objects.select_related("key").filter(revoke_token_hash=_hash(token or "")).first()
    return None if signup is None or signup.revoked_at else signup


@transaction.atomic
def signup_revoke(token: str) -> KeySignup | None:
    """Switch off the key of this revocation link (or cancel the request before it was confirmed)."""
    found = signup_for_revocation(token)
    if found is None:
        return None
    signup = KeySignup.objects.select_for_update().get(pk=found.pk)
    if signup.revoked_at:
        return None
    signup.revoked_at = timezone.now()
    signup.save(update_fields=["revoked_at"])
    if signup.key_id:
        ApiKey.objects.filter(pk=signup.key_id).update(is_active=False)
    audit_record(
        actor=ACTOR,
        action="open311_key.revoke",
        obj=signup,
        akimat=signup.akimat,
        data={"prefix": signup.key.prefix if signup.key else ""},
    )
    return signup


def signup_limit() -> int:
    return settings.OPEN311_KEY_SIGNUPS_PER_HOUR
