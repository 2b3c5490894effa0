"""Writes on projects (the objects budgets pay for): checked against the territory's scope
(`permissions.can_manage_budget`), the contractor's BIN by its check digit, and audited."""

from datetime import date
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.fields import check_editable_fields, field_changes
from openakimat.common.iin import IdentityNumberError, bin_validate
from openakimat.common.uploads import check_upload
from openakimat.integrity.services import audit_record
from openakimat.territory.selectors import akimat_of

from . import permissions
from .models import ProgressReport, Project, ProjectFile

PROJECT_FIELDS = frozenset(
    {
        "territory",
        "name_kk",
        "name_ru",
        "name_en",
        "description_kk",
        "description_ru",
        "description_en",
        "lat",
        "lon",
        "contractor_name",
        "contractor_bin",
        "contract_amount",
        "contract_date",
        "paid_to_date",
        "procurement_ref",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "progress",
        "status",
    }
)
FILE_TYPES = {ProjectFile.Kind.PHOTO: ["jpg", "png"], ProjectFile.Kind.DOCUMENT: ["pdf"]}


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if fields.get("contractor_bin"):
        try:
            fields["contractor_bin"] = bin_validate(fields["contractor_bin"]).value
        except IdentityNumberError as exc:
            errors["contractor_bin"] = [str(exc)]
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        if fields.get(start) and fields.get(end) and fields[end] < fields[start]:
            errors[end] = [_("The end can't be before the start.")]
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def project_save(*, actor: Actor, project: Project | None = None, slug: str = "", **fields: Any) -> Project:
    """Create a project (with `slug`) or change one. Both the old and the new territory must be in
    the actor's scope."""
    check_editable_fields(Project, fields, PROJECT_FIELDS)
    fields = _clean(dict(fields))
    if project is None:
        territory = fields.get("territory")
        if territory is None:
            raise ValidationError({"territory": [_("Choose the village or okrug of the project.")]})
        policy.require(permissions.can_manage_budget(actor, territory), permissions.denied())
        project = Project(slug=slug, **fields)
        project.full_clean()
        project.save()
        audit_record(
            actor=actor,
            action="project.create",
            obj=project,
            akimat=akimat_of(territory),
            data={"slug": slug, "territory": territory.kato},
        )
        return project
    project = Project.objects.select_for_update().select_related("territory").get(pk=project.pk)
    policy.require(permissions.can_manage_budget(actor, project.territory), permissions.denied())
    if "territory" in fields:
        policy.require(permissions.can_manage_budget(actor, fields["territory"]), permissions.denied())
    changes = field_changes(project, fields)
    if not changes:
        return project
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    audit_record(
        actor=actor,
        action="project.update",
        obj=project,
        akimat=akimat_of(project.territory),
        data={"changes": {k: [str(a), str(b)] for k, (a, b) in changes.items()}},
    )
    return project


@transaction.atomic
def progress_report_add(
    *, actor: Actor, project: Project, on: date, progress: int, note_kk: str = "", note_ru: str = "", note_en: str = ""
) -> ProgressReport:
    """Record the progress of a project on a date; the latest report sets the project's progress."""
    project = Project.objects.select_for_update().select_related("territory").get(pk=project.pk)
    policy.require(permissions.can_manage_budget(actor, project.territory), permissions.denied())
    if ProgressReport.objects.filter(project=project, on=on).exists():
        raise ValidationError({"on": [_("There is already a report of this date.")]})
    report = ProgressReport(
        project=project, on=on, progress=progress, note_kk=note_kk, note_ru=note_ru, note_en=note_en
    )
    report.full_clean()
    report.save()
    latest = ProgressReport.objects.filter(project=project).order_by("-on").first()
    if latest is not None and latest.progress != project.progress:
        project.progress = latest.progress
        project.save(update_fields=["progress", "updated_at"])
    audit_record(
        actor=actor,
        action="project.progress",
        obj=project,
        akimat=akimat_of(project.territory),
        data={"on": on.isoformat(), "progress": progress},
    )
    return report


@transaction.atomic
def project_file_add(
    *,
    actor: Actor,
    project: Project,
    kind: str,
    file: IO[bytes],
    name: str,
    taken_on: date,
    caption_kk: str = "",
    caption_ru: str = "",
    caption_en: str = "",
) -> ProjectFile:
    """A dated photo (JPEG, PNG) or document (PDF) of a project, checked by its content."""
    project = Project.objects.select_related("territory").get(pk=project.pk)
    policy.require(permissions.can_manage_budget(actor, project.territory), permissions.denied())
    if kind not in FILE_TYPES:
        raise ValidationError({"kind": [_("Choose a photo or a document.")]})
    try:
        checked = check_upload(file, name, FILE_TYPES[ProjectFile.Kind(kind)])
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    row = ProjectFile(
        project=project,
        kind=kind,
        taken_on=taken_on,
        caption_kk=caption_kk,
        caption_ru=caption_ru,
        caption_en=caption_en,
    )
    file.seek(0)
    row.file.save(f"{project.slug}-{taken_on:%Y%m%d}.{checked.extension}", File(file), save=False)
    row.save()
    audit_record(
        actor=actor,
        action="project.file",
        obj=project,
        akimat=akimat_of(project.territory),
        data={"kind": kind, "taken_on": taken_on.isoformat()},
    )
    return row
