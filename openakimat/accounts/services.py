from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor, actor_user
from openakimat.common.errors import ConflictError
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat, Department

from .models import DEPARTMENT_ROLES, GrantState, Role, RoleGrant, User
from .permissions import approval_refusal, can_grant_roles, denied, is_self, needs_approval, self_grant_denied


@transaction.atomic
def role_grant(
    *, actor: Actor, user: User, role: str, akimat: Akimat, department: Department | None = None
) -> RoleGrant:
    """Give `user` a role in `akimat`. Specialists and heads also name their department.

    Nobody gives a role to themselves. A role that reads residents' data is only asked for here: the
    grant is created pending and gives nothing until a second administrator approves it
    (`role_grant_approve`); other roles take effect at once."""
    policy.require(can_grant_roles(actor, akimat), denied())
    if is_self(actor, user.pk):
        raise PermissionDenied(self_grant_denied())
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role in DEPARTMENT_ROLES:
        if department is None:
            raise ValidationError({"department": _("A specialist or a head belongs to a department.")})
        if department.akimat_id != akimat.pk:
            raise ValidationError({"department": _("The department belongs to another akimat.")})
    elif department is not None:
        raise ValidationError({"department": _("Only specialists and heads belong to a department.")})
    pending = needs_approval(actor, role)
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(
                user=user,
                role=role,
                akimat=akimat,
                department=department,
                granted_by=actor_user(actor),
                state=GrantState.PENDING if pending else GrantState.ACTIVE,
            )
    except IntegrityError:
        raise ValidationError(_("This person already has this role here.")) from None
    if not pending:
        _took_effect(user)
    audit_record(
        actor=actor,
        action="role.request" if pending else "role.grant",
        obj=grant,
        akimat=akimat,
        data={"user": user.get_username(), "role": role, "department": department.pk if department else None},
    )
    return grant


def _took_effect(user: User) -> None:
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.forget_scopes()


def _pending(grant: RoleGrant) -> RoleGrant:
    """The grant, locked until the end of the transaction, so that two decisions taken at once
    are made one after the other (the second finds the request decided)."""
    found = (
        RoleGrant.objects.select_for_update(of=("self",))
        .select_related("akimat__territory", "user")
        .filter(pk=grant.pk)
        .first()
    )
    if found is None:
        raise ConflictError(_("This request no longer exists."))
    return found


@transaction.atomic
def role_grant_approve(*, actor: Actor, grant: RoleGrant, now: datetime | None = None) -> RoleGrant:
    """The second administrator's approval of a request: from now on the role is held. The one who
    asked for it and the one who receives it can't approve it."""
    grant = _pending(grant)
    policy.require(can_grant_roles(actor, grant.akimat), denied())
    refusal = approval_refusal(actor, grant)
    if grant.state != GrantState.PENDING:
        raise ConflictError(refusal)
    if refusal:
        raise PermissionDenied(refusal)
    now = now or timezone.now()
    changed = RoleGrant.objects.filter(pk=grant.pk, state=GrantState.PENDING).update(
        state=GrantState.ACTIVE, decided_by=actor_user(actor), decided_at=now, updated_at=now
    )
    if changed != 1:  # decided meanwhile (a database that doesn't lock rows)
        raise ConflictError(_("This request has already been decided."))
    grant.refresh_from_db()
    _took_effect(grant.user)
    audit_record(
        actor=actor,
        action="role.approve",
        obj=grant,
        akimat=grant.akimat,
        data={
            "user": grant.user.get_username(),
            "role": grant.role,
            "department": grant.department_id,
            "requested_by": grant.granted_by.get_username() if grant.granted_by else None,
        },
    )
    return grant


@transaction.atomic
def role_grant_reject(*, actor: Actor, grant: RoleGrant, reason: str, now: datetime | None = None) -> RoleGrant:
    """Turn a request down, saying why. Any administrator of the akimat may, the one who asked
    for it included (withdrawing it); the request stays on record as rejected."""
    grant = _pending(grant)
    policy.require(can_grant_roles(actor, grant.akimat), denied())
    if grant.state != GrantState.PENDING:
        raise ConflictError(_("This request has already been decided."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Say why the request is rejected.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("The reason is too long (500 characters at most).")})
    now = now or timezone.now()
    changed = RoleGrant.objects.filter(pk=grant.pk, state=GrantState.PENDING).update(
        state=GrantState.REJECTED,
        decided_by=_decider(actor, grant),
        decided_at=now,
        rejection_reason=reason,
        updated_at=now,
    )
    if changed != 1:
        raise ConflictError(_("This request has already been decided."))
    grant.refresh_from_db()
    audit_record(
        actor=actor,
        action="role.reject",
        obj=grant,
        akimat=grant.akimat,
        data={
            "user": grant.user.get_username(),
            "role": grant.role,
            "department": grant.department_id,
            "reason": reason,
        },
    )
    return grant


def _decider(actor: Actor, grant: RoleGrant) -> User | None:
    """Who is recorded as having decided. A withdrawal by the one who asked (or a refusal by the
    one who would receive the role) is in the audit log under their name; the grant's
    `decided_by` names only a second person, as its constraint requires."""
    if is_self(actor, grant.user_id) or is_self(actor, grant.granted_by_id):
        return None
    return actor_user(actor)


@transaction.atomic
def role_revoke(*, actor: Actor, grant: RoleGrant) -> None:
    """Take a role back (or delete a request, pending or rejected)."""
    policy.require(can_grant_roles(actor, grant.akimat), denied())
    user = grant.user
    data = {"user": user.get_username(), "role": grant.role, "department": grant.department_id, "state": grant.state}
    grant_id = grant.pk
    grant.delete()
    if (
        user.is_staff
        and not user.is_superuser
        and not RoleGrant.objects.filter(user=user, state=GrantState.ACTIVE).exists()
    ):
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
