"""Checks on the documents residents hand in: the type is read from the content, not the name."""

import hashlib
import re
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .filecheck import ODF_TYPES, OFFICE_TYPES, ZIP_SIGNATURE, office_type, well_formed

# Leading bytes of the file types the register accepts, and the extensions that name them.
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"II*\x00", "image/tiff", "tif"),
    (b"MM\x00*", "image/tiff", "tif"),
)
EXTENSION_ALIASES = {"jpeg": "jpg", "tiff": "tif"}
# What staff read for each of those types, instead of the MIME type.
TYPE_LABELS = {
    "application/pdf": gettext_lazy("PDF document"),
    "image/jpeg": gettext_lazy("JPEG photo"),
    "image/png": gettext_lazy("PNG image"),
    "image/tiff": gettext_lazy("TIFF image"),
    OFFICE_TYPES["word/document.xml"][0]: gettext_lazy("Word document"),
    OFFICE_TYPES["ppt/presentation.xml"][0]: gettext_lazy("PowerPoint presentation"),
    OFFICE_TYPES["xl/workbook.xml"][0]: gettext_lazy("Excel spreadsheet"),
    "application/vnd.oasis.opendocument.text": gettext_lazy("OpenDocument text"),
    "application/vnd.oasis.opendocument.presentation": gettext_lazy("OpenDocument presentation"),
    "application/vnd.oasis.opendocument.spreadsheet": gettext_lazy("OpenDocument spreadsheet"),
}
# The office packages (ZIP) a check may accept besides the signatures above (common.filecheck).
OFFICE_EXTENSIONS = frozenset({e for _t, e in OFFICE_TYPES.values()} | set(ODF_TYPES.values()))
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\]|^\.|\.\.")


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str
    original_name: str


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def type_label(content_type: str) -> str:
    """The name of a stored file's type in the reader's language ("PDF document")."""
    label = TYPE_LABELS.get(content_type)
    return str(label) if label is not None else _("File of another type")


def check_upload(file: IO[bytes], name: str, accepted: list[str]) -> CheckedFile:
    """Validate one uploaded file against the accepted extensions of a required document.

    Raises ValidationError with a message the resident can act on: an empty file, one over
    ``UPLOAD_MAX_BYTES``, a name with a path in it, or content that is not one of the accepted types
    (whatever its extension says), or a file not built as its type all the way through
    (`common.filecheck`: a PDF header followed by a program is refused). The content decides: a
    PNG named ``scan.jpg`` is taken as the PNG it is, and stored under a generated name with the
    right extension.
    """
    if not name or len(name) > 120 or _UNSAFE_NAME.search(name):
        raise ValidationError(
            _("The file name “%(name)s” is not allowed: use a plain name without folders.") % {"name": name[:60]},
            code="bad_name",
        )
    limit = settings.UPLOAD_MAX_BYTES
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    while chunk := file.read(1 << 16):
        size += len(chunk)
        if size > limit:
            raise ValidationError(
                _("The file “%(name)s” is larger than %(limit)s.") % {"name": name, "limit": filesizeformat(limit)},
                code="too_big",
            )
        digest.update(chunk)
    file.seek(0)
    if size == 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name}, code="empty")
    found = sniff(head)
    if found is None and head.startswith(ZIP_SIGNATURE) and OFFICE_EXTENSIONS & set(accepted):
        found = office_type(file)  # a Word, PowerPoint or OpenDocument file, by the parts inside
    wanted = {EXTENSION_ALIASES.get(e, e) for e in accepted}
    if found is None or found[1] not in wanted:
        raise ValidationError(
            _("The file “%(name)s” is not a %(types)s file. Scan or save it in one of these formats.")
            % {"name": name, "types": ", ".join(sorted(t.upper() for t in wanted))},
            code="wrong_type",
        )
    if not well_formed(found[0], file):  # the whole file, not only its first bytes
        raise ValidationError(
            _(
                "The file “%(name)s” is damaged, or holds something besides a %(type)s. "
                "Save or scan the document again and upload the new file."
            )
            % {"name": name, "type": found[1].upper()},
            code="malformed",
        )
    return CheckedFile(found[0], found[1], size, digest.hexdigest(), name)
