"""Residents who follow a report they did not make (the same pothole, already reported): they
give an e-mail address or a phone number, confirm through the link sent there (so nobody subscribes
someone else), and leave through the link at the end of every message."""

import secrets
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common.phone import phone_normalise
from openakimat.common.ratelimit import hit_for
from openakimat.integrity.services import audit_record

from ..models import OPEN_STATUSES, Report, Status, Subscription
from .reporting import token_hash

# A confirmation link not followed within this time is void (and the pending row removed).
CONFIRM_WITHIN = timedelta(days=2)
# Confirmation messages one contact may be sent in an hour, whoever asks.
CONFIRMATIONS_PER_HOUR = 5
FOLLOWABLE = (*OPEN_STATUSES, Status.FIXED)
_UNSUBSCRIBE_SALT = "openakimat.problems.unsubscribe"


def _contact(email: str, phone: str) -> tuple[str, str]:
    email, phone = (email or "").strip(), (phone or "").strip()
    if not email and not phone:
        raise ValidationError({"email": [_("Give an e-mail address or a phone number to hear of changes.")]})
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": [_("Enter a valid e-mail address.")]}) from None
        return email.lower(), ""
    try:
        return "", phone_normalise(phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from None


def _same_contact(subscription: Subscription, email: str, phone: str) -> bool:
    return bool((email and subscription.email == email) or (phone and subscription.phone == phone))


@transaction.atomic
def subscription_request(*, report: Report, email: str = "", phone: str = "", language: str = "kk") -> Subscription:
    """Ask to follow `report`: a pending subscription and a message to the contact with the link
    that confirms it. Asking again for a contact already following changes nothing."""
    email, phone = _contact(email, phone)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status not in FOLLOWABLE:
        raise ValidationError(_("This report is closed: there will be no more changes to hear of."))
    existing = [s for s in report.subscriptions.all() if _same_contact(s, email, phone)]
    confirmed = next((s for s in existing if s.confirmed_at is not None), None)
    if confirmed is not None:
        return confirmed
    hit_for("problems-follow", email or phone, limit=CONFIRMATIONS_PER_HOUR)
    Subscription.objects.filter(pk__in=[s.pk for s in existing]).delete()
    token = secrets.token_urlsafe(24)
    subscription = Subscription.objects.create(
        report=report,
        email=email,
        phone=phone,
        language=language if language in ("kk", "ru", "en") else "kk",
        token_hash=token_hash(token),
    )
    audit_record(actor="resident", action="problem_subscription.request", obj=report, akimat=report.akimat)
    from ..notifications import notify_confirm

    notify_confirm(subscription, token)
    return subscription


def subscription_confirm(*, token: str) -> Subscription:
    """Confirm the subscription whose link holds `token`. An expired link's pending row is removed."""
    with transaction.atomic():
        found = Subscription.objects.select_for_update().filter(token_hash=token_hash(token or "")).first()
        expired = (
            found is not None and found.confirmed_at is None and found.created_at + CONFIRM_WITHIN < timezone.now()
        )
        if found is not None and expired:
            found.delete()
        elif found is not None and found.confirmed_at is None:
            found.confirmed_at = timezone.now()
            found.save(update_fields=["confirmed_at"])
            audit_record(
                actor="resident",
                action="problem_subscription.confirm",
                obj=found.report,
                akimat=found.report.akimat,
            )
    if found is None or not token:
        raise ValidationError(_("This link is not valid: check that you copied all of it."), code="token")
    if expired:
        raise ValidationError(_("This link has expired. Ask to follow the report again."), code="expired")
    return found


def unsubscribe_token(subscription: Subscription) -> str:
    """The value of the "stop these messages" link: names the subscription, signed, no contact."""
    return signing.dumps(subscription.pk, salt=_UNSUBSCRIBE_SALT)


@transaction.atomic
def subscription_cancel(*, token: str) -> Report | None:
    """Stop the messages of the subscription the link names; the report, or None when it was
    already gone (unsubscribing twice is not an error)."""
    try:
        pk = signing.loads(token or "", salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid: check that you copied all of it."), code="token") from None
    found = Subscription.objects.select_related("report__akimat").filter(pk=pk).first()
    if found is None:
        return None
    report = found.report
    found.delete()
    audit_record(actor="resident", action="problem_subscription.cancel", obj=report, akimat=report.akimat)
    return report


@transaction.atomic
def reporter_unsubscribe(*, report: Report) -> int:
    """The reporter (checked by their private link) stops hearing of the report."""
    deleted, _rows = Subscription.objects.filter(report=report, is_reporter=True).delete()
    if deleted:
        audit_record(actor="resident", action="problem_subscription.cancel", obj=report, akimat=report.akimat)
    return deleted


def subscription_sweep_pending() -> int:
    """Remove the requests to follow that were never confirmed within CONFIRM_WITHIN (their
    contacts need not be kept); the number removed. For a periodic task."""
    cutoff = timezone.now() - CONFIRM_WITHIN
    deleted, _rows = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return deleted
