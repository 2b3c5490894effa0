"""The writes of the anonymous corruption reports (docs/corruption-reports.md).

A resident files a report with no account and gets a tracking code, shown once and kept only as a
keyed hash; with the code they read the status and the observers' answer and add information.
Nothing identifying is taken from the request: these services never see it. The resident's own
writes are not audited — an audit entry's exact moment could be matched against a web server's
access log; the observers' every action and every access is.

The audit entries name no akimat (`akimat=None`): the akim and the administrators of the akimat read
their akimat's entries, and must not learn even that a report about them exists.
"""

import secrets
import unicodedata
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor, actor_user
from openakimat.common.errors import ConflictError
from openakimat.common.lookalikes import LOOK_ALIKES
from openakimat.common.photos import clean_photo
from openakimat.common.uploads import check_upload
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat

from .. import permissions
from ..models import (
    CONTACT_MAX,
    TEXT_MAX,
    AccessKind,
    CorruptionReport,
    ReportAccess,
    ReportAddition,
    ReportFile,
    ReportNote,
    ReportStatus,
)

# Crockford's base32 (no I, L, O, U); 16 symbols are 80 random bits, shown as four groups of four.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16
_CODE_PURPOSE = "openakimat.feedback.corruption.code"
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
ACCEPTED_FILES = ["pdf", "jpg", "png"]
TEXT_MIN = 20
FILES_PER_SEND = 5
FILES_PER_REPORT = 20
ADDITIONS_PER_REPORT = 50

S = ReportStatus
# The moves an observer may make: from a status, to the statuses it may reach.
MOVES: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.REVIEW, S.ANSWERED, S.FORWARDED, S.CLOSED}),
    S.REVIEW: frozenset({S.ANSWERED, S.FORWARDED, S.CLOSED}),
    S.ANSWERED: frozenset({S.REVIEW, S.FORWARDED, S.CLOSED}),
    S.FORWARDED: frozenset({S.REVIEW, S.ANSWERED, S.CLOSED}),
    S.CLOSED: frozenset({S.REVIEW}),
}
# Statuses the reporter must be told something with.
NEEDS_ANSWER = frozenset({S.ANSWERED, S.FORWARDED})


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def show_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(raw: str) -> str:
    """What the reporter typed, as stored: upper case, no separators or spaces, Cyrillic
    look-alikes and O/I/L read as the symbols they resemble."""
    text = unicodedata.normalize("NFKC", raw or "").upper().translate(LOOK_ALIKES).translate(_READ_AS)
    return "".join(ch for ch in text if ch.isalnum())


def code_hash(raw: str) -> str:
    return salted_hmac(_CODE_PURPOSE, normalise_code(raw), algorithm="sha256").hexdigest()


def _clean_text(value: str, *, field: str, required: bool) -> str:
    text = (value or "").strip()
    if required and len(text) < TEXT_MIN:
        raise ValidationError(
            {field: _("Describe what happened in at least %(min)d characters.") % {"min": TEXT_MIN}}, code="too_short"
        )
    if len(text) > TEXT_MAX:
        raise ValidationError(
            {field: _("Keep it to %(max)d characters or fewer.") % {"max": TEXT_MAX}}, code="too_long"
        )
    return text


def _clean_contact(value: str) -> str:
    contact = (value or "").strip()
    if len(contact) > CONTACT_MAX:
        raise ValidationError({"contact": _("A contact is at most %(max)d characters.") % {"max": CONTACT_MAX}})
    return contact


@dataclass(frozen=True)
class CheckedAttachment:
    data: bytes
    content_type: str
    extension: str


def check_attachments(files: list[Any]) -> list[CheckedAttachment]:
    """Each file checked by its content (PDF, JPEG or PNG); photos re-encoded without their
    metadata (place, camera, time). Raises ValidationError on the `files` field."""
    if len(files) > FILES_PER_SEND:
        raise ValidationError({"files": _("Attach at most %(n)d files at a time.") % {"n": FILES_PER_SEND}})
    checked: list[CheckedAttachment] = []
    for number, upload in enumerate(files, start=1):
        name = f"file-{number}"  # the resident's own file name may name them: never read nor kept
        handle: IO[bytes] = upload
        try:
            found = check_upload(handle, name, ACCEPTED_FILES)
            if found.extension in ("jpg", "png"):
                photo = clean_photo(handle, name)
                checked.append(CheckedAttachment(photo.data, "image/jpeg", "jpg"))
            else:
                handle.seek(0)
                checked.append(CheckedAttachment(handle.read(), found.content_type, found.extension))
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from None
    return checked


def _store(report: CorruptionReport, addition: ReportAddition | None, files: list[CheckedAttachment]) -> None:
    if report.files.count() + len(files) > FILES_PER_REPORT:
        raise ValidationError(
            {"files": _("A report can hold at most %(n)d files.") % {"n": FILES_PER_REPORT}}, code="too_many"
        )
    for item in files:
        row = ReportFile(report=report, addition=addition, content_type=item.content_type, size=len(item.data))
        row.file.save(f"{secrets.token_hex(12)}.{item.extension}", ContentFile(item.data), save=False)
        row.save()


@transaction.atomic
def report_submit(
    *, actor: Actor | None = None, akimat: Akimat, text: str, contact: str = "", files: list[Any] | None = None
) -> tuple[CorruptionReport, str]:
    """File a report; returns it and its tracking code (the only time the code exists in clear)."""
    text = _clean_text(text, field="text", required=True)
    contact = _clean_contact(contact)
    checked = check_attachments(files or [])
    code = new_code()
    today = timezone.localdate()
    report = CorruptionReport.objects.create(
        akimat=akimat, code_hash=code_hash(code), received_on=today, updated_on=today, text=text, contact=contact
    )
    _store(report, None, checked)
    return report, code


def report_find(*, code: str) -> CorruptionReport | None:
    plain = normalise_code(code)
    if len(plain) != CODE_LENGTH:
        return None
    return CorruptionReport.objects.select_related("akimat").filter(code_hash=code_hash(plain)).first()


@transaction.atomic
def report_add_information(*, code: str, text: str, files: list[Any] | None = None) -> CorruptionReport:
    """The reporter adds text or files through the tracking code."""
    found = report_find(code=code)
    if found is None:
        raise ValidationError(_("No report has this tracking code."), code="not_found")
    report = CorruptionReport.objects.select_for_update().get(pk=found.pk)
    if report.status == S.CLOSED:
        raise ValidationError(_("This report is closed: file a new report instead."), code="closed")
    text = _clean_text(text, field="text", required=False)
    checked = check_attachments(files or [])
    if not text and not checked:
        raise ValidationError({"text": _("Write something or attach a file.")}, code="empty")
    if report.additions.count() >= ADDITIONS_PER_REPORT:
        raise ValidationError(_("This report can take no more additions."), code="too_many")
    today = timezone.localdate()
    addition = ReportAddition.objects.create(report=report, added_on=today, text=text)
    _store(report, addition, checked)
    report.updated_on = today
    if report.status == S.ANSWERED:
        report.status = S.REVIEW  # new information: the observers look again
    report.version += 1
    report.save(update_fields=["updated_on", "status", "version"])
    return report


@transaction.atomic
def report_status_change(
    *, actor: Actor, report: CorruptionReport, status: str, answer: str = "", version: int
) -> CorruptionReport:
    """Move the report on; an answer (shown to the reporter) is required when it is answered or
    forwarded, and replaces the previous one."""
    locked = CorruptionReport.objects.select_for_update().select_related("akimat__territory").get(pk=report.pk)
    policy.require(permissions.can_handle(actor, locked))
    if locked.version != version:
        raise ConflictError(_("Someone else changed this report meanwhile. Reload the page and try again."))
    if status not in MOVES.get(locked.status, frozenset()):
        raise ValidationError({"status": _("The report can't move to that status from where it is.")}, code="move")
    answer = (answer or "").strip()
    if len(answer) > TEXT_MAX:
        raise ValidationError({"answer": _("Keep it to %(max)d characters or fewer.") % {"max": TEXT_MAX}})
    if status in NEEDS_ANSWER and not answer:
        raise ValidationError({"answer": _("Write the answer the reporter will read.")}, code="no_answer")
    previous = locked.status
    today = timezone.localdate()
    locked.status = status
    if answer:
        locked.answer, locked.answered_on = answer, today
    locked.updated_on = today
    locked.version += 1
    locked.save()
    audit_record(
        actor=actor,
        action="corruption_report.status",
        obj=locked,
        data={"from": previous, "to": status, "answered": bool(answer)},
    )
    return locked


@transaction.atomic
def report_note_add(*, actor: Actor, report: CorruptionReport, text: str) -> ReportNote:
    policy.require(permissions.can_handle(actor, report))
    text = _clean_text(text, field="text", required=False)
    if not text:
        raise ValidationError({"text": _("Write the note.")}, code="empty")
    note = ReportNote.objects.create(report=report, author=actor_user(actor), text=text)
    audit_record(actor=actor, action="corruption_report.note", obj=report, data={"note": note.pk})
    return note


@transaction.atomic
def report_access_record(
    *, actor: Actor, report: CorruptionReport, kind: str, file: ReportFile | None = None
) -> ReportAccess:
    """Log one access (a view of the page, a download): who, when, which report — never what it says."""
    policy.require(permissions.can_view(actor, report))
    access = ReportAccess.objects.create(report=report, user=actor_user(actor), kind=kind, file=file)
    audit_record(
        actor=actor,
        action="corruption_report.view" if kind == AccessKind.VIEW else "corruption_report.download",
        obj=report,
        data={"file": file.pk} if file else {},
    )
    return access


def upload_limit_bytes() -> int:
    return int(settings.UPLOAD_MAX_BYTES)
