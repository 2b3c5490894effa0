"""A resident (on the site, or through an Open311 client) reports a problem, and later, through the
private link given to them once, sees it, confirms it is fixed or says it is not."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common.errors import ConflictError
from openakimat.common.photos import CleanPhoto
from openakimat.control import services as control
from openakimat.control.models import Instruction
from openakimat.control.models import Status as InstructionStatus
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Territory

from ..models import Category, Channel, Report, ReportPhoto, ReportUpdate, Status, Subscription

DESCRIPTION_MAX = 4000
ADDRESS_MAX = 250
REASON_MAX = 2000
MAX_PHOTOS = 3
# How long after the fix the reporter may still say it is not fixed.
REOPEN_DAYS = 30


@dataclass(frozen=True)
class NewReport:
    category: Category
    description: str
    lat: Decimal | None = None
    lon: Decimal | None = None
    territory: Territory | None = None
    address: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""
    anonymous: bool = False
    language: str = "kk"
    channel: str = Channel.WEB
    # Set by clients that may send the same submission twice (Open311: the key and a digest of the
    # submission): the second send returns the first report.
    idempotency_key: str | None = None
    # Checked and re-encoded by `common.photos.clean_photo`; the first one's place is the report's
    # point when no point was given.
    photos: tuple[CleanPhoto, ...] = ()


@dataclass(frozen=True)
class Created:
    report: Report
    token: str  # the reporter's secret link token, shown once; "" when the report already existed
    existed: bool = False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _validate(new: NewReport) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    description = (new.description or "").strip()
    if not description:
        errors.setdefault("description", []).append(_("Describe the problem."))
    elif len(description) > DESCRIPTION_MAX:
        errors.setdefault("description", []).append(
            _("Keep the description under %(limit)d characters.") % {"limit": DESCRIPTION_MAX}
        )
    address = " ".join((new.address or "").split())
    if len(address) > ADDRESS_MAX:
        errors.setdefault("address", []).append(
            _("Keep the address under %(limit)d characters.") % {"limit": ADDRESS_MAX}
        )
    if (new.lat is None) != (new.lon is None):
        errors.setdefault("lat", []).append(_("Give both the latitude and the longitude, or neither."))
    elif (
        new.lat is not None
        and new.lon is not None
        and not (Decimal(-90) <= new.lat <= Decimal(90) and Decimal(-180) <= new.lon <= Decimal(180))
    ):
        errors.setdefault("lat", []).append(_("This point is not on the Earth."))
    if len(new.photos) > MAX_PHOTOS:
        errors.setdefault("photos", []).append(_("Attach at most %(limit)d photos.") % {"limit": MAX_PHOTOS})
    has_photo_point = any(p.gps is not None for p in new.photos)
    if new.lat is None and new.territory is None and not address and not has_photo_point:
        errors.setdefault("lat", []).append(_("Show the place on the map, choose the village or write the address."))
    if not new.category.is_active:
        errors.setdefault("category", []).append(_("This category no longer takes reports."))
    if new.territory is not None and not new.territory.path.startswith(new.category.akimat.territory.path):
        errors.setdefault("territory", []).append(_("This village is not served by this akimat."))
    anonymous = new.anonymous and new.category.anonymous_allowed
    if new.anonymous and not new.category.anonymous_allowed:
        errors.setdefault("anonymous", []).append(_("Reports in this category need a name and a contact."))
    if not anonymous and not (new.name or "").strip():
        errors.setdefault("name", []).append(_("Give your name (it is never published)."))
    if not anonymous and not (new.phone or new.email):
        errors.setdefault("phone", []).append(_("Give a phone number or an e-mail address to hear back."))
    if errors:
        raise ValidationError(errors)
    return description, address


def report_create(new: NewReport) -> Created:
    """Register the report (a resident's action: no staff actor). Validates everything first and
    changes nothing when it refuses. Phone and e-mail must already be normalised and checked by the
    caller's form (common/phone.py)."""
    description, address = _validate(new)
    if new.idempotency_key:
        found = Report.objects.filter(idempotency_key=new.idempotency_key).first()
        if found is not None:
            return Created(found, "", existed=True)
    anonymous = new.anonymous and new.category.anonymous_allowed
    lat, lon = new.lat, new.lon
    if lat is None:  # the place the first photo with one was taken
        point = next((p.gps for p in new.photos if p.gps is not None), None)
        lat, lon = (point.lat, point.lon) if point is not None else (None, None)
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    try:
        with transaction.atomic():
            report = Report.objects.create(
                akimat=new.category.akimat,
                category=new.category,
                territory=new.territory,
                lat=lat,
                lon=lon,
                address=address,
                description=description,
                status=Status.OPEN,
                status_changed_at=now,
                channel=new.channel,
                language=new.language if new.language in ("kk", "ru", "en") else "kk",
                reporter_name="" if anonymous else new.name.strip(),
                reporter_phone="" if anonymous else new.phone,
                reporter_email="" if anonymous else new.email,
                reporter_token_hash=token_hash(token),
                idempotency_key=new.idempotency_key or None,
            )
            ReportUpdate.objects.create(report=report, at=now, status=Status.OPEN)
            _save_photos(report, new.photos)
            audit_record(
                actor="resident",
                action="problem_report.create",
                obj=report,
                akimat=report.akimat,
                data={"category": new.category.code, "channel": new.channel, "photos": len(new.photos)},
            )
            if not anonymous and (new.phone or new.email):
                _subscribe_reporter(report, token)
    except IntegrityError:
        # The same submission committed by a concurrent send: that one is the report.
        found = Report.objects.filter(idempotency_key=new.idempotency_key).first() if new.idempotency_key else None
        if found is None:
            raise
        return Created(found, "", existed=True)
    return Created(report, token)


def _save_photos(report: Report, photos: tuple[CleanPhoto, ...]) -> None:
    for photo in photos:
        row = ReportPhoto(report=report, width=photo.width, height=photo.height)
        row.file.save(f"{secrets.token_hex(16)}.jpg", ContentFile(photo.data), save=False)
        row.save()


def _subscribe_reporter(report: Report, token: str) -> None:
    """The reporter hears of every change, from the start; the first message brings the private link."""
    from ..notifications import notify_registered

    subscription = Subscription.objects.create(
        report=report,
        phone=report.reporter_phone,
        email=report.reporter_email,
        language=report.language,
        token_hash=token_hash(secrets.token_urlsafe(24)),
        is_reporter=True,
        confirmed_at=report.created_at,
    )
    notify_registered(subscription, token)


def reporter_report(pk: int, token: str) -> Report | None:
    """The report whose private link holds `token` (compared in constant time), or None."""
    report = Report.objects.filter(pk=pk).select_related("category", "territory").first()
    if report is None or not token or not report.reporter_token_hash:
        return None
    if not secrets.compare_digest(report.reporter_token_hash, token_hash(token)):
        return None
    return report


def instruction_of(report: Report) -> Instruction | None:
    """The instruction the report was accepted as (the latest, if ever more than one)."""
    return (
        Instruction.objects.filter(source_type=ContentType.objects.get_for_model(Report), source_id=report.pk)
        .order_by("-pk")
        .first()
    )


def can_answer_fix(report: Report) -> bool:
    """Whether the reporter may still confirm the fix or say it is not fixed."""
    return (
        report.status == Status.FIXED
        and report.fixed_at is not None
        and timezone.now() <= report.fixed_at + timedelta(days=REOPEN_DAYS)
    )


def _locked_for_reporter(pk: int, token: str) -> Report:
    report = reporter_report(pk, token)
    if report is None:
        raise ValidationError(_("This link is not valid: check that you copied all of it."), code="token")
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Status.FIXED:
        raise ConflictError(_("This can be done only while the report is marked fixed."))
    if not can_answer_fix(report):
        raise ConflictError(
            _("More than %(days)d days have passed since the fix: report the problem again as a new report.")
            % {"days": REOPEN_DAYS}
        )
    return report


@transaction.atomic
def report_confirm_fixed(*, pk: int, token: str) -> Report:
    """The reporter confirms the problem is fixed: the report is closed."""
    report = _locked_for_reporter(pk, token)
    now = timezone.now()
    report.status, report.status_changed_at, report.version = Status.CLOSED, now, report.version + 1
    report.save(update_fields=["status", "status_changed_at", "version", "updated_at"])
    ReportUpdate.objects.create(report=report, at=now, status=Status.CLOSED)
    audit_record(actor="resident", action="problem_report.confirm", obj=report, akimat=report.akimat)
    from ..notifications import notify_change

    notify_change(report)
    return report


@transaction.atomic
def report_reopen(*, pk: int, token: str, reason: str) -> Report:
    """The reporter says it is not fixed (within REOPEN_DAYS of the fix): the instruction goes back
    into work, or the report back to the open ones when it never became an instruction."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say what is still wrong.")]})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": [_("Keep the description under %(limit)d characters.") % {"limit": REASON_MAX}]}
        )
    report = _locked_for_reporter(pk, token)
    instruction = instruction_of(report)
    audit_record(actor="resident", action="problem_report.reopen", obj=report, akimat=report.akimat)
    if instruction is not None and instruction.status == InstructionStatus.DONE:
        # The report follows the instruction (sources.follow_instruction): in progress again.
        control.instruction_reopen(actor=None, instruction=instruction, reason=reason, by_resident=True)
        report.refresh_from_db()
        return report
    now = timezone.now()
    report.status, report.status_changed_at, report.version = Status.OPEN, now, report.version + 1
    report.fixed_at = None
    report.save(update_fields=["status", "status_changed_at", "fixed_at", "version", "updated_at"])
    ReportUpdate.objects.create(report=report, at=now, status=Status.OPEN, text=reason)
    from ..notifications import notify_change

    notify_change(report)
    return report
