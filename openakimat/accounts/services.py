from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor, actor_user
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat, Department

from .models import DEPARTMENT_ROLES, Role, RoleGrant, User
from .permissions import can_grant_roles, denied


@transaction.atomic
def role_grant(
    *, actor: Actor, user: User, role: str, akimat: Akimat, department: Department | None = None
) -> RoleGrant:
    """Give `user` a role in `akimat`. Specialists and heads also name their department."""
    policy.require(can_grant_roles(actor, akimat), denied())
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role in DEPARTMENT_ROLES:
        if department is None:
            raise ValidationError({"department": _("A specialist or a head belongs to a department.")})
        if department.akimat_id != akimat.pk:
            raise ValidationError({"department": _("The department belongs to another akimat.")})
    elif department is not None:
        raise ValidationError({"department": _("Only specialists and heads belong to a department.")})
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(
                user=user,
                role=role,
                akimat=akimat,
                department=department,
                granted_by=actor_user(actor),
            )
    except IntegrityError:
        raise ValidationError(_("This person already has this role here.")) from None
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.forget_scopes()
    audit_record(
        actor=actor,
        action="role.grant",
        obj=grant,
        akimat=akimat,
        data={"user": user.get_username(), "role": role, "department": department.pk if department else None},
    )
    return grant


@transaction.atomic
def role_revoke(*, actor: Actor, grant: RoleGrant) -> None:
    policy.require(can_grant_roles(actor, grant.akimat), denied())
    user = grant.user
    data = {"user": user.get_username(), "role": grant.role, "department": grant.department_id}
    grant_id = grant.pk
    grant.delete()
    if user.is_staff and not user.is_superuser and not RoleGrant.objects.filter(user=user).exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    user.forget_scopes()
    audit_record(
        actor=actor,
        action="role.revoke",
        object_type="accounts.rolegrant",
        object_id=str(grant_id),
        akimat=grant.akimat,
        data=data,
    )


# Fields of an account whose values may go into the audit log; others are named, not shown.
_ACCOUNT_LOGGED_VALUES = frozenset({"username", "is_active", "is_staff", "is_superuser", "preferred_language"})


@transaction.atomic
def account_save(*, actor: Actor, user: User, changed: list[str]) -> User:
    """Save an account edited by a superuser in the admin, and audit which fields changed.

    Accounts are personal data and carry the superuser flag, so only superusers edit them."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only a superuser can change accounts."))
    created = user.pk is None
    user.save()
    data = {
        "changed": sorted(changed),
        "values": {name: getattr(user, name) for name in changed if name in _ACCOUNT_LOGGED_VALUES},
    }
    audit_record(actor=actor, action="account.create" if created else "account.update", obj=user, data=data)
    return user


@transaction.atomic
def account_delete(*, actor: Actor, user: User) -> None:
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only a superuser can change accounts."))
    user_id, username = user.pk, user.get_username()
    user.delete()
    audit_record(
        actor=actor,
        action="account.delete",
        object_type="accounts.user",
        object_id=str(user_id),
        data={"username": username},
    )


@transaction.atomic
def account_reset_second_factor(*, actor: Actor, user: User) -> int:
    """Forget a staff member's authenticator (a lost phone): they enrol a new one at next sign-in."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only a superuser can change accounts."))
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    audit_record(actor=actor, action="account.reset_2fa", obj=user, data={"devices_removed": removed})
    return removed
