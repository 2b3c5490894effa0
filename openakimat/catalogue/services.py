"""Writes for the register of public services. Each checks permission and is audited.

The register itself (what a service is, its term, fee and documents) is national: only superusers
and system jobs change it. Which akimat's department offers a service is the akimat's own choice,
for those with `MANAGE_CATALOGUE` there.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.fields import check_editable_fields, field_changes
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Department

from . import permissions
from .models import LifeSituation, PublicService, RequiredDocument, ServiceOffering

SERVICE_EDITABLE_FIELDS = frozenset(
    {
        "department_kind",
        "name_kk",
        "name_ru",
        "name_en",
        "description_kk",
        "description_ru",
        "description_en",
        "result_kk",
        "result_ru",
        "result_en",
        "legal_basis_kk",
        "legal_basis_ru",
        "legal_basis_en",
        "term_value",
        "term_unit",
        "extended_term_value",
        "extended_term_unit",
        "extended_condition_kk",
        "extended_condition_ru",
        "extended_condition_en",
        "fee",
        "fee_mrp",
        "fee_note_kk",
        "fee_note_ru",
        "fee_note_en",
        "at_desk",
        "online",
        "is_active",
        "form_fields",
        "synonyms_kk",
        "synonyms_ru",
        "synonyms_en",
        "popular_rank",
    }
)


@dataclass(frozen=True)
class DocumentSpec:
    """One required document as the register lists it; its position in the list is its order."""

    name_en: str
    name_ru: str
    name_kk: str
    mandatory: bool = True
    file_types: str = "pdf,jpg,png"


def _require_register_editor(actor: Actor) -> None:
    if not (getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False)):
        raise PermissionDenied(_("Only a superuser can change the register of public services."))


def _normalised(fields: dict[str, Any]) -> dict[str, Any]:
    fields = dict(fields)
    for name in ("fee", "fee_mrp"):
        if fields.get(name) is not None:
            fields[name] = Decimal(str(fields[name])).quantize(Decimal("0.01"))
    if fields.get("extended_term_unit") is None and "extended_term_unit" in fields:
        fields["extended_term_unit"] = ""
    return fields


def _document_rows(service: PublicService) -> list[DocumentSpec]:
    return [
        DocumentSpec(d.name_en, d.name_ru, d.name_kk, d.mandatory, d.file_types)
        for d in service.documents.order_by("order", "pk")
    ]


def _write_documents(service: PublicService, documents: list[DocumentSpec]) -> None:
    service.documents.all().delete()
    rows = []
    for order, spec in enumerate(documents, start=1):
        row = RequiredDocument(
            service=service,
            name_kk=spec.name_kk,
            name_ru=spec.name_ru,
            name_en=spec.name_en,
            mandatory=spec.mandatory,
            file_types=spec.file_types,
            order=order,
        )
        row.full_clean(exclude=["service"])
        rows.append(row)
    RequiredDocument.objects.bulk_create(rows)


SEARCH_FIELDS = ["search_text", "search_text_related", "search_text_context"]


def _save(service: PublicService, update_fields: list[str] | None = None) -> None:
    service.search_text, service.search_text_related, service.search_text_context = service.compute_search_texts()
    if update_fields is not None:
        update_fields = sorted({*update_fields, *SEARCH_FIELDS, "updated_at"})
    service.save(update_fields=update_fields)


@transaction.atomic
def public_service_create(
    *, actor: Actor, code: str, documents: list[DocumentSpec] | None = None, **fields: Any
) -> PublicService:
    """Add a service to the register with its required documents (superusers and system only)."""
    _require_register_editor(actor)
    fields = _normalised(fields)
    check_editable_fields(PublicService, fields, SERVICE_EDITABLE_FIELDS)
    if PublicService.objects.filter(code=code).exists():
        raise ValidationError({"code": _("The register already has a service with this code.")})
    service = PublicService(code=code, **fields)
    service.full_clean()
    _save(service)
    _write_documents(service, documents or [])
    audit_record(
        actor=actor,
        action="public_service.create",
        obj=service,
        data={"code": code, "documents": len(documents or [])},
    )
    return service


@transaction.atomic
def public_service_update(
    *, actor: Actor, service: PublicService, documents: list[DocumentSpec] | None = None, **fields: Any
) -> PublicService:
    """Change a register entry. `documents`, when given, replaces the list of required documents;
    nothing is written (or audited) when nothing changes."""
    _require_register_editor(actor)
    fields = _normalised(fields)
    check_editable_fields(PublicService, fields, SERVICE_EDITABLE_FIELDS)
    service = PublicService.objects.select_for_update().get(pk=service.pk)
    changes = {k: [str(old), str(new)] for k, (old, new) in field_changes(service, fields).items()}
    documents_changed = documents is not None and _document_rows(service) != list(documents)
    if not changes and not documents_changed:
        return service
    for name, value in fields.items():
        setattr(service, name, value)
    service.full_clean()
    if changes:
        _save(service, update_fields=list(changes))
    if documents is not None and documents_changed:
        _write_documents(service, documents)
    data: dict[str, Any] = {"changes": changes}
    if documents_changed:
        data["documents"] = len(documents or [])
    audit_record(actor=actor, action="public_service.update", obj=service, data=data)
    return service


@transaction.atomic
def service_offer(*, actor: Actor, service: PublicService, department: Department) -> ServiceOffering:
    """Make a department of an akimat a place where residents apply for `service`."""
    department = Department.objects.select_related("akimat__territory").get(pk=department.pk)
    policy.require(permissions.can_manage_catalogue(actor, department.akimat), permissions.denied())
    if not service.is_active:
        raise ValidationError({"service": _("This service is no longer in the register.")})
    if not department.is_active:
        raise ValidationError({"department": _("This department is closed.")})
    if department.kind != service.department_kind:
        raise ValidationError({"department": _("This service is rendered by a department of another kind.")})
    if ServiceOffering.objects.filter(service=service, department=department).exists():
        raise ValidationError({"department": _("This department already offers this service.")})
    offering = ServiceOffering.objects.create(service=service, department=department)
    audit_record(
        actor=actor,
        action="service_offering.create",
        obj=offering,
        akimat=department.akimat,
        data={"service": service.code, "department": department.pk},
    )
    return offering


@transaction.atomic
def service_withdraw(*, actor: Actor, offering: ServiceOffering) -> None:
    """Stop offering a service at a department."""
    offering = ServiceOffering.objects.select_related("service", "department__akimat__territory").get(pk=offering.pk)
    akimat = offering.department.akimat
    policy.require(permissions.can_manage_catalogue(actor, akimat), permissions.denied())
    data = {"service": offering.service.code, "department": offering.department_id}
    object_id = str(offering.pk)
    offering.delete()
    audit_record(
        actor=actor,
        action="service_offering.delete",
        object_type="catalogue.serviceoffering",
        object_id=object_id,
        akimat=akimat,
        data=data,
    )


@transaction.atomic
def life_situation_save(
    *,
    actor: Actor,
    slug: str,
    name_kk: str,
    name_ru: str,
    name_en: str,
    order: int = 0,
    service_codes: list[str],
) -> LifeSituation:
    """Create or change a life situation and the services it lists (superusers and system only,
    like the register). Nothing is written, or audited, when nothing changes."""
    _require_register_editor(actor)
    services = list(PublicService.objects.filter(code__in=service_codes))
    missing = sorted(set(service_codes) - {s.code for s in services})
    if missing:
        raise ValidationError({"services": _("The register has no service %(codes)s.") % {"codes": ", ".join(missing)}})
    fields = {"name_kk": name_kk, "name_ru": name_ru, "name_en": name_en, "order": order}
    situation = LifeSituation.objects.select_for_update().filter(slug=slug).first()
    created = situation is None
    if situation is None:
        situation = LifeSituation(slug=slug, **fields)
        changes: dict[str, Any] = {"created": True}
    else:
        changes = {k: [str(old), str(new)] for k, (old, new) in field_changes(situation, fields).items()}
        for name, value in fields.items():
            setattr(situation, name, value)
    old_codes = set() if created else set(situation.services.values_list("code", flat=True))
    if not changes and old_codes == set(service_codes):
        return situation
    situation.full_clean()
    situation.save()
    situation.services.set(services)
    changes["services"] = sorted(service_codes)
    audit_record(actor=actor, action="life_situation.save", obj=situation, data=changes)
    return situation
