"""Documents of a case: checked by their content before anything is written, stored under
generated names in the private storage, and removed again if the transaction fails."""

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.catalogue.models import PublicService, RequiredDocument
from openakimat.common import policy
from openakimat.common.actor import Actor, actor_user
from openakimat.common.errors import ConflictError
from openakimat.common.storage import StorageUnavailable, private_storage
from openakimat.common.uploads import check_upload
from openakimat.integrity.services import audit_record

from .. import permissions
from ..models import Application, ApplicationDocument, EventKind
from .cases import lock_case, record_event, save_case

logger = logging.getLogger("openakimat.applications")

MAX_FILES = 20


@dataclass
class Upload:
    """A file handed in for one document of the service's list (`required` None: any other)."""

    file: IO[bytes]
    name: str
    required: RequiredDocument | None = None


@dataclass
class CheckedUpload:
    upload: Upload
    content_type: str
    extension: str
    size: int
    sha256: str
    errors: list[str] = field(default_factory=list)


def check_uploads(required_ids: set[int], uploads: list[Upload]) -> tuple[list[CheckedUpload], list[str]]:
    """Check each file against its list item's accepted types; collect every problem at once."""
    errors: list[str] = []
    checked: list[CheckedUpload] = []
    if len(uploads) > MAX_FILES:
        return [], [_("Attach at most %(count)d files.") % {"count": MAX_FILES}]
    for upload in uploads:
        if upload.required is not None and upload.required.pk not in required_ids:
            errors.append(_("A document was attached to a list item of another service."))
            continue
        types = upload.required.file_type_list if upload.required is not None else ["pdf", "jpg", "png"]
        try:
            c = check_upload(upload.file, upload.name, types)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        checked.append(CheckedUpload(upload, c.content_type, c.extension, c.size, c.sha256))
    return checked, errors


def check_documents(service: PublicService, uploads: list[Upload]) -> list[CheckedUpload]:
    """The files of a new application: each valid, and every mandatory document of the list there."""
    required = list(service.documents.all())
    checked, errors = check_uploads({d.pk for d in required}, uploads)
    attached = {u.required.pk for u in uploads if u.required is not None}
    for doc in required:
        if doc.mandatory and doc.pk not in attached:
            errors.append(_("Attach the mandatory document “%(name)s”.") % {"name": doc.name})
    if errors:
        raise ValidationError({"documents": errors})
    return checked


def store_documents(
    application: Application, checked: list[CheckedUpload], actor: Actor | None, now: datetime, stored: list[str]
) -> None:
    """Write the files and their rows. Each file's name is appended to `stored` as soon as it is on
    disk, so that the caller can remove them if the transaction fails."""
    for c in checked:
        name = f"{uuid.uuid4().hex}.{c.extension}"
        doc = ApplicationDocument(
            application=application,
            required=c.upload.required,
            stored_name=name,
            original_name=c.upload.name[:120],
            content_type=c.content_type,
            size=c.size,
            sha256=c.sha256,
            uploaded_at=now,
            uploaded_by=actor_user(actor),
        )
        c.upload.file.seek(0)
        try:
            doc.file.save(name, File(c.upload.file), save=False)
        except OSError as exc:
            # Unwritable, full or gone: nothing of this case may stay, not even the part of the file
            # written before the error (the caller's transaction rolls the rows back).
            stored.append(doc.file.field.generate_filename(doc, name))
            logger.error("the private storage refused a document: %s (errno %s)", type(exc).__name__, exc.errno)
            raise StorageUnavailable() from exc
        stored.append(doc.file.name)
        doc.save()


def remove_files(names: list[str]) -> None:
    """Remove the files of a write that failed; never raises (the first error is the one to report)."""
    for name in names:
        try:
            if private_storage.exists(name):
                private_storage.delete(name)
        except OSError:
            logger.error("could not remove a stored document of a failed write: %s", name)


def application_add_documents(
    *, actor: Actor, application: Application, documents: list[Upload], now: datetime | None = None
) -> Application:
    """Documents the resident brings later (asked for by the department), added at the desk."""
    if not documents:
        raise ValidationError({"documents": [_("Choose at least one file.")]})
    application = Application.objects.select_related(
        "akimat__territory", "department__akimat__territory", "service"
    ).get(pk=application.pk)
    policy.require(permissions.can_work_at_desk(actor, application), permissions.case_denied())
    checked, errors = check_uploads(set(application.service.documents.values_list("pk", flat=True)), documents)
    if errors:
        raise ValidationError({"documents": errors})
    now = now or timezone.now()
    stored: list[str] = []
    try:
        with transaction.atomic():
            application = lock_case(application, None)
            if not application.is_open:
                raise ConflictError(_("Documents can be added only to an open case."))
            store_documents(application, checked, actor, now, stored)
            save_case(application, [])
            record_event(application, actor, EventKind.DOCUMENT, now, data={"documents": len(checked)})
            audit_record(
                actor=actor,
                action="application.add_documents",
                obj=application,
                akimat=application.akimat,
                data={"number": application.number, "documents": len(checked)},
            )
    except BaseException:
        remove_files(stored)
        raise
    return application
