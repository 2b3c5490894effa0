"""Writes for territories, akimats and departments. Each checks permission and is audited."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.fields import check_editable_fields, field_changes
from openakimat.common.phone import INTERNATIONAL, phone_normalise
from openakimat.integrity.services import audit_record

from . import permissions
from .models import Akimat, Department, DepartmentKind, ServiceStatus, Territory


def _akimat_denied() -> str:
    return _("You do not have permission to do this for this akimat.")


AKIMAT_EDITABLE_FIELDS = frozenset(
    {
        "name_kk",
        "name_ru",
        "name_en",
        "address_kk",
        "address_ru",
        "address_en",
        "hours_kk",
        "hours_ru",
        "hours_en",
        "phone",
        "email",
        "website",
        "location_lat",
        "location_lon",
        "location_approximate",
        "akim_name_kk",
        "akim_name_ru",
        "akim_name_en",
        "reception_kk",
        "reception_ru",
        "reception_en",
        "service_status",
        "service_opened_on",
        "open_space",
        "case_prefix",
    }
)
DEPARTMENT_EDITABLE_FIELDS = frozenset({"name_kk", "name_ru", "name_en", "is_active"})
NAME_FIELDS = frozenset({"name_kk", "name_ru", "name_en"})
# The prefix of case numbers is an identity too: changing it is for those who may rename.
IDENTITY_FIELDS = NAME_FIELDS | {"case_prefix"}


def _normalise_phone(raw: str) -> str:
    """An akimat's phone as residents read it ("+7 715 462 1234"), by the one rule of common.phone."""
    if not raw:
        return ""
    try:
        return phone_normalise(raw, style=INTERNATIONAL)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from None


@transaction.atomic
def akimat_update(*, actor: Actor, akimat: Akimat, **fields: Any) -> Akimat:
    """Change an akimat's public details. Opening a service akimat needs its opening date."""
    policy.require(permissions.can_change_akimat(actor, akimat), _akimat_denied())
    if IDENTITY_FIELDS & set(fields):
        policy.require(permissions.can_rename_akimat(actor, akimat), _akimat_denied())
    check_editable_fields(Akimat, fields, AKIMAT_EDITABLE_FIELDS)
    akimat = Akimat.objects.select_for_update().select_related("territory").get(pk=akimat.pk)
    if "phone" in fields:
        fields["phone"] = _normalise_phone(fields["phone"])
    changes = field_changes(akimat, fields)
    if not changes:
        return akimat
    for name, value in fields.items():
        setattr(akimat, name, value)
    if akimat.service_status == ServiceStatus.OPEN and not akimat.service_opened_on:
        raise ValidationError({"service_opened_on": _("An open service akimat needs the date it opened.")})
    opened_on = akimat.service_opened_on
    if akimat.service_status == ServiceStatus.OPEN and opened_on and opened_on > timezone.localdate():
        raise ValidationError({"service_opened_on": _("The opening date can't be in the future.")})
    akimat.full_clean(exclude=["territory"])
    akimat.save(update_fields=[*changes, "updated_at"])
    audit_record(actor=actor, action="akimat.update", obj=akimat, akimat=akimat, data={"changes": changes})
    return akimat


@transaction.atomic
def department_create(
    *, actor: Actor, akimat: Akimat, kind: str, name_kk: str, name_ru: str, name_en: str
) -> Department:
    policy.require(permissions.can_manage_departments(actor, akimat), _akimat_denied())
    if kind not in DepartmentKind.values:
        raise ValidationError({"kind": _("Unknown department kind.")})
    if kind != DepartmentKind.OTHER and Department.objects.filter(akimat=akimat, kind=kind).exists():
        raise ValidationError({"kind": _("This akimat already has a department of this kind.")})
    if Department.objects.filter(akimat=akimat, name_en=name_en).exists():
        raise ValidationError({"name_en": _("This akimat already has a department with this name.")})
    department = Department(akimat=akimat, kind=kind, name_kk=name_kk, name_ru=name_ru, name_en=name_en)
    department.full_clean()
    department.save()
    audit_record(
        actor=actor, action="department.create", obj=department, akimat=akimat, data={"kind": kind, "name_en": name_en}
    )
    return department


@transaction.atomic
def department_update(*, actor: Actor, department: Department, **fields: Any) -> Department:
    policy.require(permissions.can_manage_departments(actor, department.akimat), _akimat_denied())
    check_editable_fields(Department, fields, DEPARTMENT_EDITABLE_FIELDS)
    department = Department.objects.select_for_update().get(pk=department.pk)
    changes = field_changes(department, fields)
    if not changes:
        return department
    for name, value in fields.items():
        setattr(department, name, value)
    department.full_clean()
    department.save(update_fields=[*changes, "updated_at"])
    audit_record(
        actor=actor, action="department.update", obj=department, akimat=department.akimat, data={"changes": changes}
    )
    return department


def territory_save(territory: Territory) -> None:
    """Save a territory with its derived fields (path, search text). For importers, which run
    inside their own transaction and audit the import as a whole."""
    territory.path = territory.compute_path()
    territory.search_text = territory.compute_search_text()
    territory.save()


@transaction.atomic
def akimat_create(
    *, actor: Actor, territory: Territory, kind: str, name_kk: str, name_ru: str, name_en: str, **fields: Any
) -> Akimat:
    """Register the akimat of a territory. Creating akimats is for superusers and system jobs:
    it changes what every role grant above it reaches."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only a superuser can register a new akimat."))
    check_editable_fields(Akimat, fields, AKIMAT_EDITABLE_FIELDS)
    if Akimat.objects.filter(territory=territory).exists():
        raise ValidationError({"territory": _("This territory already has an akimat.")})
    if "phone" in fields:
        fields["phone"] = _normalise_phone(fields["phone"])
    akimat = Akimat(territory=territory, kind=kind, name_kk=name_kk, name_ru=name_ru, name_en=name_en, **fields)
    akimat.full_clean()
    akimat.save()
    audit_record(
        actor=actor, action="akimat.create", obj=akimat, akimat=akimat, data={"territory": territory.kato, "kind": kind}
    )
    return akimat
