from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat, Department

from .models import DEPARTMENT_ROLES, Role, RoleGrant, User
from .permissions import Action, forget_grants, require


@transaction.atomic
def role_grant(*, actor: Any, user: User, role: str, akimat: Akimat, department: Department | None = None) -> RoleGrant:
    """Give `user` a role in `akimat`. Specialists and heads also name their department."""
    require(actor, Action.GRANT_ROLES, akimat)
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
                granted_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise ValidationError(_("This person already has this role here.")) from None
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    forget_grants(user)
    audit_record(
        actor=actor,
        action="role.grant",
        obj=grant,
        akimat=akimat,
        data={"user": user.get_username(), "role": role, "department": department.pk if department else None},
    )
    return grant


@transaction.atomic
def role_revoke(*, actor: Any, grant: RoleGrant) -> None:
    require(actor, Action.GRANT_ROLES, grant.akimat)
    user = grant.user
    data = {"user": user.get_username(), "role": grant.role, "department": grant.department_id}
    grant_id = grant.pk
    grant.delete()
    if user.is_staff and not user.is_superuser and not RoleGrant.objects.filter(user=user).exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    forget_grants(user)
    audit_record(
        actor=actor,
        action="role.revoke",
        object_type="accounts.rolegrant",
        object_id=str(grant_id),
        akimat=grant.akimat,
        data=data,
    )
