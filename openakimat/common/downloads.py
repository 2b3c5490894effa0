"""Handing a stored upload back to a browser without letting it act as anything but the file it is.

The type is read again from the stored bytes (the same signatures the upload check accepts), and
it alone decides the Content-Type and the extension of the name the browser saves it under: a
PDF that a resident named ``x.html`` — or a PDF with HTML after its header, a polyglot — is
saved as ``x.pdf``, never as a page that would run in the browser when opened. The answer is an
attachment, with ``nosniff`` and a sandboxing Content-Security-Policy, so that no browser renders
it as a page of this site even if it tried.
"""

import re
import unicodedata
from typing import IO

from django.http import FileResponse

from .filecheck import ZIP_SIGNATURE, office_type
from .uploads import sniff

UNKNOWN_TYPE = ("application/octet-stream", "bin")
# A sandbox without any allowance: no scripts, no forms, no same-origin access, no plugins.
SANDBOX_POLICY = "sandbox; default-src 'none'; frame-ancestors 'none'"
_NOT_NAME = re.compile(r"[^\w\-]+")
_SPACES = re.compile(r"[\s_]+")
STEM_MAX = 80


def detect(handle: IO[bytes]) -> tuple[str, str]:
    """(content type, extension) of a stored file by its first bytes; the file is left at its start."""
    handle.seek(0)
    head = handle.read(16)
    handle.seek(0)
    found = sniff(head)
    if found is None and head.startswith(ZIP_SIGNATURE):
        found = office_type(handle)  # a Word, PowerPoint or OpenDocument file (meetings' documents)
    return found or UNKNOWN_TYPE


def download_name(original: str, extension: str, fallback: str = "document") -> str:
    """A name safe to save under: the stem of `original` with anything but letters, digits and
    hyphens made an underscore (dots too, so no second extension survives), and `extension`, which
    must come from the detected type, never from the name."""
    stem = original.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = unicodedata.normalize("NFC", stem)
    stem = _SPACES.sub("_", _NOT_NAME.sub("_", stem)).strip("_ -")[:STEM_MAX].strip("_ -")
    return f"{stem or fallback}.{extension}"


def attachment_response(handle: IO[bytes], *, original_name: str, fallback: str = "document") -> FileResponse:
    """A download of `handle`: typed and named by its content, an attachment, never rendered."""
    content_type, extension = detect(handle)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(original_name, extension, fallback),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    return response
