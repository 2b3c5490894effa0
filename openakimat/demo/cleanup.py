"""Clearing the demo's sign-ins out of a database that is to serve the public (`manage.py
remove_demo`). Every step is audited under `system:remove_demo`.

An account is deleted with its role grants and authenticators. One that cases or the audit log
refer to (it signed in, or registered an application) cannot be deleted without losing history:
it is disabled instead (inactive, no usable password, no roles, no authenticators), and then no
longer counts for the production refusal. The demo's other data (territories, services, budgets,
the demonstration applications) is left alone: it gives no one access.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django_otp.plugins.otp_totp.models import TOTPDevice

from openakimat.accounts.models import RoleGrant
from openakimat.accounts.services import account_delete, account_save, role_revoke
from openakimat.common.actor import Actor, SystemActor
from openakimat.integrity.services import audit_record

from .guard import DEMO_DEVICE_NAME, demo_usernames

ACTOR = SystemActor("remove_demo")


@dataclass
class Removal:
    deleted: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)
    devices: int = 0


@transaction.atomic
def demo_remove(*, actor: Actor = ACTOR) -> Removal:
    """Delete (or, where history refers to them, disable) the demo accounts, and delete every demo
    authenticator."""
    result = Removal()
    devices = TOTPDevice.objects.filter(Q(name=DEMO_DEVICE_NAME) | Q(user__username__in=demo_usernames()))
    _count, per_model = devices.delete()
    result.devices = per_model.get(TOTPDevice._meta.label, 0)
    for user in get_user_model().objects.filter(username__in=demo_usernames()).order_by("username"):
        try:
            with transaction.atomic():
                account_delete(actor=actor, user=user)
            result.deleted.append(user.get_username())
        except (ProtectedError, RestrictedError):
            _disable(actor, user)
            result.disabled.append(user.get_username())
    audit_record(
        actor=actor,
        action="demo.remove",
        object_type="demo",
        object_id="north-kazakhstan",
        data={"deleted": result.deleted, "disabled": result.disabled, "devices_removed": result.devices},
    )
    return result


def _disable(actor: Actor, user) -> None:
    for grant in RoleGrant.objects.filter(user=user).select_related("akimat", "user"):
        role_revoke(actor=actor, grant=grant)
    user.refresh_from_db()
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    account_save(actor=actor, user=user, changed=["is_active", "is_staff", "is_superuser", "password"])
