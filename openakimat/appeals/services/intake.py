"""A resident's written appeal: checked, numbered, registered with its term, its files stored
privately, and the receipt's tracking code sent once."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common import calendar
from openakimat.common.phone import phone_normalise
from openakimat.common.storage import StorageUnavailable
from openakimat.common.uploads import CheckedFile, check_upload
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat, Territory

from .. import terms, tracking
from ..models import Appeal, AppealAttachment, AppealCounter, Topic
from ..notifications import send_registered

MAX_ATTACHMENTS = 3
ATTACHMENT_TYPES = ["pdf", "jpg", "png"]
TEXT_MIN, TEXT_MAX = 20, 5000
LANGUAGES = ("kk", "ru", "en")


@dataclass
class Author:
    name: str
    phone: str = ""
    email: str = ""
    language: str = "kk"


@dataclass
class Upload:
    file: IO[bytes]
    name: str


def _clean_author(author: Author, errors: dict[str, list[str]]) -> Author:
    name = " ".join((author.name or "").split())
    if not name:
        errors.setdefault("name", []).append(_("Enter your full name."))
    elif len(name) > 200:
        errors.setdefault("name", []).append(_("The name is too long: keep it under 200 characters."))
    phone = ""
    if (author.phone or "").strip():
        try:
            phone = phone_normalise(author.phone)
        except ValidationError as exc:
            errors.setdefault("phone", []).extend(exc.messages)
    email = (author.email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", []).append(_("Enter an e-mail address like name@example.kz."))
    if not phone and not email and "phone" not in errors and "email" not in errors:
        errors.setdefault("phone", []).append(_("Give a phone number or an e-mail address, so that we can answer you."))
    language = author.language if author.language in LANGUAGES else ""
    if not language:
        errors.setdefault("language", []).append(_("Choose a language."))
    return Author(name=name, phone=phone, email=email, language=language)


def _check_files(uploads: list[Upload], errors: dict[str, list[str]]) -> list[tuple[Upload, CheckedFile]]:
    if len(uploads) > MAX_ATTACHMENTS:
        errors.setdefault("attachments", []).append(_("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS})
        return []
    checked = []
    for upload in uploads:
        try:
            checked.append((upload, check_upload(upload.file, upload.name, ATTACHMENT_TYPES)))
        except ValidationError as exc:
            errors.setdefault("attachments", []).extend(exc.messages)
    return checked


def _next_number(akimat: Akimat, now: datetime) -> tuple[int, int, str]:
    """The next number of the akimat's appeals for the year, taken under a lock on its counter."""
    year = timezone.localtime(now, calendar.ALMATY).year
    counter = AppealCounter.objects.select_for_update().filter(akimat=akimat, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                AppealCounter.objects.create(akimat=akimat, year=year, last=0)
        except IntegrityError:
            pass  # another submission created it first
        counter = AppealCounter.objects.select_for_update().get(akimat=akimat, year=year)
    while True:
        counter.last += 1
        number = f"{akimat.number_prefix}-A-{year}-{counter.last:06d}"
        if not Appeal.objects.filter(number=number).exists():
            break
    counter.save(update_fields=["last"])
    return year, counter.last, number


@transaction.atomic
def appeal_submit(
    *,
    akimat: Akimat,
    topic: str,
    text: str,
    author: Author,
    consent: bool,
    consent_to_publish: bool = False,
    territory: Territory | None = None,
    attachments: list[Upload] | None = None,
    now: datetime | None = None,
) -> tuple[Appeal, str]:
    """Register a resident's appeal to `akimat`; return it with its tracking code (shown once on the
    receipt, sent once, never stored). The term is 15 working days from the registration day."""
    errors: dict[str, list[str]] = {}
    if topic not in Topic.values:
        errors["topic"] = [_("Choose what the appeal is about.")]
    text = (text or "").strip()
    if len(text) < TEXT_MIN:
        errors["text"] = [_("Write your appeal: at least %(count)d characters.") % {"count": TEXT_MIN}]
    elif len(text) > TEXT_MAX:
        errors["text"] = [
            _("Keep the appeal under %(limit)d characters (now %(length)d).") % {"limit": TEXT_MAX, "length": len(text)}
        ]
    if territory is not None and not territory.path.startswith(akimat.territory.path):
        errors["territory"] = [_("Choose a village of this akimat's territory.")]
    if not consent:
        errors["consent"] = [_("Tick the box to agree to the processing of your personal data.")]
    author = _clean_author(author, errors)
    checked = _check_files(list(attachments or []), errors)
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    year, sequence, number = _next_number(akimat, now)
    code = tracking.new_code()
    appeal = Appeal.objects.create(
        number=number,
        akimat=akimat,
        year=year,
        sequence=sequence,
        territory=territory,
        topic=topic,
        text=text,
        name=author.name,
        phone=author.phone,
        email=author.email,
        language=author.language,
        consent_at=now,
        consent_to_publish=bool(consent_to_publish),
        tracking_hash=tracking.code_hash(code),
        registered_at=now,
        due_on=terms.due_on(now),
    )
    for upload, check in checked:
        upload.file.seek(0)
        stored = AppealAttachment(
            appeal=appeal,
            name=check.original_name,
            content_type=check.content_type,
            size=check.size,
            sha256=check.sha256,
        )
        try:
            stored.file.save(f"{uuid.uuid4().hex}.{check.extension}", File(upload.file), save=False)
        except OSError as exc:  # unwritable, full or gone: nothing of the appeal is kept
            raise StorageUnavailable() from exc
        stored.save()
    audit_record(
        actor=None,
        action="appeal.submit",
        obj=appeal,
        akimat=akimat,
        data={"topic": topic, "attachments": len(checked), "publish_consent": appeal.consent_to_publish},
    )
    send_registered(appeal, code)
    return appeal, code
