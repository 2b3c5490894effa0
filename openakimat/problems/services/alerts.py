"""Residents' alerts for an area: every new report in a territory (and its subtree), optionally of
one category, by e-mail or SMS.

A request sends a one-time confirmation link to the contact it names, and the alert takes effect
only when that link is opened: nobody can subscribe someone else. Asking again for the same area and
contact sends the link again instead of a second alert, and the page says the same whatever the
contact, so it tells nobody who is subscribed. Each message carries an unsubscribe link. The
confirmation token is stored as a hash only; the unsubscribe token is a keyed hash of a secret.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from openakimat.common.bounds import bounded_int
from openakimat.common.phone import phone_normalise
from openakimat.integrity.services import audit_record
from openakimat.notifications.services import notify
from openakimat.territory.models import Territory
from openakimat.territory.selectors import akimat_of

from ..alert_messages import CONFIRM, NEW_REPORT, confirming, reporting
from ..models import AreaAlert, Category, Report
from .reporting import token_hash

# An unconfirmed request is forgotten after this long; its link no longer works.
CONFIRM_WITHIN = timedelta(days=2)
# The most alerts one new report sends (a bound on the work of one report_create).
ALERTS_PER_REPORT_MAX = 5000


@dataclass(frozen=True)
class AlertRequest:
    territory: Territory
    category: Category | None = None
    email: str = ""
    phone: str = ""
    language: str = "kk"


def contact_digest(email: str, phone: str) -> str:
    return salted_hmac("openakimat.problems.alert", f"{email.lower()}|{phone}").hexdigest()


def unsubscribe_token(alert: AreaAlert) -> str:
    """The alert's unsubscribe token, the same in every message: its number and a keyed hash of
    the alert's random secret (so a token can't be guessed from the number)."""
    mac = salted_hmac("openakimat.problems.alert.unsubscribe", f"{alert.pk}:{alert.unsubscribe_secret}")
    return f"{alert.pk}.{mac.hexdigest()[:32]}"


def _overlap(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _validate(request: AlertRequest) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    email = (request.email or "").strip()
    phone = (request.phone or "").strip()
    if bool(email) == bool(phone):
        errors.setdefault("email", []).append(_("Give either an e-mail address or a phone number."))
    if phone:
        try:
            phone = phone_normalise(phone)
        except ValidationError as exc:
            errors.setdefault("phone", []).extend(exc.messages)
    if email and ("@" not in email or len(email) > 254 or any(c.isspace() for c in email)):
        errors.setdefault("email", []).append(_("Enter a valid e-mail address."))
    category = request.category
    if category is not None and not _overlap(request.territory.path, category.akimat.territory.path):
        errors.setdefault("category", []).append(_("This category is not taken in this area."))
    if errors:
        raise ValidationError(errors)
    return email, phone


@transaction.atomic
def alert_subscribe(request: AlertRequest) -> AreaAlert:
    """Ask for an alert (a resident's action, no account): send the confirmation link. Nothing is
    sent to the contact but that link until it is opened."""
    email, phone = _validate(request)
    digest = contact_digest(email, phone)
    now = timezone.now()
    forget_unconfirmed(now)
    confirm = secrets.token_urlsafe(24)
    alert = (
        AreaAlert.objects.select_for_update()
        .filter(contact_digest=digest, territory=request.territory, category=request.category)
        .first()
    )
    if alert is not None and alert.confirmed_at is not None:
        return alert  # already following: nothing to confirm, and nothing revealed
    if alert is None:
        alert = AreaAlert(territory=request.territory, category=request.category, contact_digest=digest)
    alert.email, alert.phone = email, phone
    alert.language = request.language if request.language in ("kk", "ru", "en") else "kk"
    alert.confirm_token_hash = token_hash(confirm)
    alert.unsubscribe_secret = alert.unsubscribe_secret or secrets.token_hex(16)
    alert.created_at = now
    alert.save()
    with confirming(confirm):
        notify(kind=CONFIRM, obj=alert)
    audit_record(
        actor="resident",
        action="problem_alert.request",
        obj=alert,
        akimat=akimat_of(alert.territory),
        data={"territory": request.territory.kato, "medium": "email" if email else "sms"},
    )
    return alert


def forget_unconfirmed(now: datetime | None = None) -> int:
    """Delete the requests nobody confirmed in time, with the contacts in them (run with each new
    request, so no contact of an unconfirmed request is kept much past its link)."""
    limit = (now or timezone.now()) - CONFIRM_WITHIN
    deleted, _by_model = AreaAlert.objects.filter(confirmed_at__isnull=True, created_at__lt=limit).delete()
    return deleted


@transaction.atomic
def alert_confirm(token: str) -> AreaAlert:
    """Open the confirmation link: the alert takes effect. A link used, unknown or expired is a
    ValidationError."""
    alert = AreaAlert.objects.select_for_update().filter(confirm_token_hash=token_hash(token or "")).first()
    if alert is None or alert.created_at < timezone.now() - CONFIRM_WITHIN:
        raise ValidationError(_("This link is not valid any more. Ask for the alert again."), code="bad_token")
    if alert.confirmed_at is None:
        alert.confirmed_at = timezone.now()
        # The link works once: a new random hash that no token matches.
        alert.confirm_token_hash = token_hash(secrets.token_urlsafe(24))
        alert.save(update_fields=["confirmed_at", "confirm_token_hash"])
        audit_record(actor="resident", action="problem_alert.confirm", obj=alert, akimat=akimat_of(alert.territory))
    return alert


@transaction.atomic
def alert_unsubscribe(token: str) -> bool:
    """Open the unsubscribe link: the alert and the contact in it are deleted. False when the
    link matches no alert (already unsubscribed)."""
    number = (token or "").partition(".")[0]
    found = bounded_int(number)
    alert = AreaAlert.objects.select_for_update().filter(pk=found).first() if found else None
    if alert is None or not constant_time_compare(unsubscribe_token(alert), token):
        return False
    audit_record(actor="resident", action="problem_alert.unsubscribe", obj=alert, akimat=akimat_of(alert.territory))
    alert.delete()
    return True


def _path_prefixes(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["".join(f"{p}/" for p in parts[: i + 1]) for i in range(len(parts))]


def alerts_for(report: Report) -> list[AreaAlert]:
    """The confirmed alerts a new report matches: of its territory or any above it (the akimat's
    when the report names no village), of its category or of any."""
    where = report.territory or report.akimat.territory
    return list(
        AreaAlert.objects.filter(
            Q(category__isnull=True) | Q(category=report.category_id),
            confirmed_at__isnull=False,
            territory__path__in=_path_prefixes(where.path),
        ).order_by("pk")[:ALERTS_PER_REPORT_MAX]
    )


def new_report(report: Report) -> int:
    """Tell the area's subscribers of a new report (called by `report_create`, in its
    transaction); returns how many alerts matched."""
    alerts = alerts_for(report)
    with reporting(report):
        for alert in alerts:
            notify(kind=NEW_REPORT, obj=alert)
    return len(alerts)
