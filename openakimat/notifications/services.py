"""Telling people what happened, by SMS and e-mail, without ever making the request that changed
it wait for a gateway: `notify` writes outbox rows in the caller's transaction and queues their
sending after the commit; `send_due` sends (a Celery task, the periodic sweep, or
`manage.py send_notifications`)."""

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from openakimat.common.tasks import enqueue_on_commit

from . import kinds
from .models import DeliveryStatus, Medium, Notification
from .sms import SmsBackend, SmsError, get_backend

logger = logging.getLogger("openakimat.notifications")


def notify(*, kind: str, obj: models.Model) -> list[Notification]:
    """Queue the message `kind` about `obj` in the current transaction, by SMS where the recipient
    has a phone and by e-mail where they have an address; it is sent after the commit. The text is
    written now, in the recipient's language, so it tells of the change as it was."""
    declared = kinds.get(kind)
    recipient = declared.recipient(obj)
    language = recipient.language if recipient.language in kinds.LANGUAGES else "kk"
    with translation.override(language):
        text, subject = declared.text(obj), declared.subject(obj)
    now = timezone.now()
    common = {
        "kind": kind,
        "target_type": ContentType.objects.get_for_model(obj),
        "target_id": obj.pk,
        "text": text,
        "next_attempt_at": now,
    }
    rows = []
    if recipient.phone:
        rows.append(Notification(medium=Medium.SMS, **common))
    if recipient.email:
        rows.append(Notification(medium=Medium.EMAIL, subject=subject, **common))
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created if n.pk is not None]
    if ids:
        from .tasks import send_notifications

        enqueue_on_commit(send_notifications, ids)
    return created


def delivery_key(note: Notification) -> str:
    """The idempotency key of a message: the same on every attempt at it, different for every other
    message (of this installation too: keyed with its SECRET_KEY), and telling a gateway nothing."""
    message = f"{note.pk}:{note.created_at.isoformat()}"
    return "oa-" + salted_hmac("openakimat.notifications.delivery", message, algorithm="sha256").hexdigest()[:40]


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, … minutes after each failure, at most 6 hours."""
    return timedelta(minutes=min(2 ** (attempts - 1), 360))


class Undeliverable(Exception):
    """The message can't go out: the address or the object it is about is gone."""


class _Sender:
    """Sends one row to the address its kind gives now; the SMS backend is made once per run."""

    def __init__(self) -> None:
        self.backend: SmsBackend | None = None

    def send(self, note: Notification, target: Any) -> str:
        recipient = kinds.get(note.kind).recipient(target)
        if note.medium == Medium.SMS:
            if not recipient.phone:
                raise Undeliverable("no phone number any more")
            self.backend = self.backend or get_backend()
            self.backend.send_once(recipient.phone, note.text, key=delivery_key(note))
        else:
            if not recipient.email:
                raise Undeliverable("no e-mail address any more")
            send_mail(note.subject, note.text, None, [recipient.email])
        return recipient.reference


def _targets(batch: list[Notification]) -> dict[tuple[int, int], Any]:
    """The objects a batch is about, one query per kind of object."""
    wanted: dict[int, set[int]] = {}
    for note in batch:
        wanted.setdefault(note.target_type_id, set()).add(note.target_id)
    found: dict[tuple[int, int], Any] = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            found[(type_id, obj.pk)] = obj
    return found


def send_due(*, ids: list[int] | None = None, limit: int = 200) -> tuple[int, int]:
    """Send pending notifications whose time has come (only `ids`, if given). Each row is claimed
    with a lock that other senders skip, so two senders never send one message twice.
    Returns (sent, failed attempts)."""
    sent = failed = 0
    sender = _Sender()
    while True:
        with transaction.atomic():
            query = Notification.objects.select_for_update(skip_locked=True).filter(
                status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now()
            )
            if ids is not None:
                query = query.filter(pk__in=ids)
            batch = list(query.order_by("next_attempt_at", "pk")[:limit])
            if not batch:
                return sent, failed
            targets = _targets(batch)
            for note in batch:
                ok = _attempt(note, targets.get((note.target_type_id, note.target_id)), sender)
                sent, failed = sent + ok, failed + (not ok)
        if ids is not None:
            return sent, failed


def _attempt(note: Notification, target: Any, sender: _Sender) -> bool:
    note.attempts += 1
    reference = ""
    try:
        if target is None:
            raise Undeliverable("what it is about no longer exists")
        reference = sender.send(note, target)
    except (SmsError, Undeliverable, OSError) as exc:
        known = isinstance(exc, SmsError | Undeliverable)
        note.last_error = str(exc)[:200] if known else type(exc).__name__
        gone = isinstance(exc, Undeliverable) or note.attempts >= settings.NOTIFY_MAX_ATTEMPTS
        if gone:
            note.status = DeliveryStatus.FAILED
            logger.warning(
                "notification %s (%s %s) failed for good: %s", note.pk, note.kind, reference, note.last_error
            )
        else:
            note.next_attempt_at = timezone.now() + retry_delay(note.attempts)
            logger.info("notification %s (%s %s) will be retried: %s", note.pk, note.kind, reference, note.last_error)
        ok = False
    else:
        note.status, note.sent_at, note.last_error = DeliveryStatus.SENT, timezone.now(), ""
        ok = True
    note.save(update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"])
    return ok
