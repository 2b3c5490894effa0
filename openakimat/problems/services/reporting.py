"""A resident (on the site, or through an Open311 client) reports a problem."""

import hashlib
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.integrity.services import audit_record
from openakimat.territory.models import Territory

from ..models import Category, Channel, Report, ReportUpdate, Status

DESCRIPTION_MAX = 4000
ADDRESS_MAX = 250


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
    if new.lat is None and new.territory is None and not address:
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
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    try:
        with transaction.atomic():
            report = Report.objects.create(
                akimat=new.category.akimat,
                category=new.category,
                territory=new.territory,
                lat=new.lat,
                lon=new.lon,
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
            audit_record(
                actor="resident",
                action="problem_report.create",
                obj=report,
                akimat=report.akimat,
                data={"category": new.category.code, "channel": new.channel},
            )
    except IntegrityError:
        # The same submission committed by a concurrent send: that one is the report.
        found = Report.objects.filter(idempotency_key=new.idempotency_key).first() if new.idempotency_key else None
        if found is None:
            raise
        return Created(found, "", existed=True)
    return Created(report, token)
