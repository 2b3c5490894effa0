"""Telling residents what happened to their application, by SMS and e-mail, without ever making
the request that changed it wait for a gateway."""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import close_old_connections, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import DeliveryStatus, Medium, Notification
from .sms import SmsError, get_backend

logger = logging.getLogger("openakimat.notifications")

# What the resident is told, per event (a status the case moved to, or another event).
EVENTS_TOLD = ("registered", "in_progress", "awaiting_documents", "ready", "refused", "issued", "withdrawn", "extended")

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _message(application: Any, event: str) -> str:
    due = date_format(timezone.localtime(application.due_at), "j E Y, H:i")
    texts = {
        "registered": _("Application %(number)s is registered. Tracking code: %(code)s. Due: %(due)s."),
        "in_progress": _("Application %(number)s has been taken into work by the department."),
        "awaiting_documents": _("Application %(number)s: documents are needed. Details on the tracking page."),
        "ready": _("Application %(number)s: the result is ready. Collect it at the front office."),
        "refused": _("Application %(number)s: a decision has been made. Collect it at the front office."),
        "issued": _("Application %(number)s: the result has been handed over. Thank you."),
        "withdrawn": _("Application %(number)s has been withdrawn."),
        "extended": _("Application %(number)s: the term has been extended. New due date: %(due)s."),
    }
    return texts[event] % {"number": application.number, "code": application.tracking_code, "due": due}


def notify_resident(application: Any, event: str) -> list[Notification]:
    """Queue the messages for `event` in the current transaction; they are sent after it commits.

    Call from inside the service's transaction. Nothing is sent for events the resident needn't hear of.
    """
    if event not in EVENTS_TOLD:
        return []
    now = timezone.now()
    with translation.override(application.language or "kk"):
        text = _message(application, event)
        subject = _("Your application %(number)s") % {"number": application.number}
    rows = [Notification(application=application, medium=Medium.SMS, event=event, text=text, next_attempt_at=now)]
    if application.applicant_email:
        rows.append(
            Notification(
                application=application,
                medium=Medium.EMAIL,
                event=event,
                subject=subject,
                text=text,
                next_attempt_at=now,
            )
        )
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created if n.pk is not None]
    if settings.NOTIFY_DISPATCH == "thread" and ids:
        transaction.on_commit(lambda: _submit(ids))
    elif settings.NOTIFY_DISPATCH == "inline" and ids:
        transaction.on_commit(lambda: send_due(ids=ids))
    return created


def _submit(ids: list[int]) -> None:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="notify")
    _executor.submit(_send_in_thread, ids)


def _send_in_thread(ids: list[int]) -> None:
    try:
        send_due(ids=ids)
    except Exception:  # a background thread has no one to raise to
        logger.exception("sending notifications failed")
    finally:
        close_old_connections()


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, … minutes after each failure, at most 6 hours."""
    return timedelta(minutes=min(2 ** (attempts - 1), 360))


def send_due(*, ids: list[int] | None = None, limit: int = 200) -> tuple[int, int]:
    """Send pending notifications whose time has come (only `ids`, if given). Each row is claimed
    with a lock that other senders skip, so two senders never send one message twice.
    Returns (sent, failed attempts)."""
    sent = failed = 0
    backend = None
    while True:
        with transaction.atomic():
            query = (
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("application")
                .filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now())
            )
            if ids is not None:
                query = query.filter(pk__in=ids)
            batch = list(query.order_by("next_attempt_at", "pk")[:limit])
            if not batch:
                return sent, failed
            for n in batch:
                n.attempts += 1
                try:
                    if n.medium == Medium.SMS:
                        backend = backend or get_backend()
                        backend.send(n.application.applicant_phone, n.text)
                    else:
                        send_mail(n.subject, n.text, None, [n.application.applicant_email])
                except (SmsError, OSError) as exc:
                    failed += 1
                    n.last_error = str(exc)[:200] if isinstance(exc, SmsError) else type(exc).__name__
                    if n.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
                        n.status = DeliveryStatus.FAILED
                        logger.warning(
                            "notification %s of %s failed for good: %s", n.pk, n.application.number, n.last_error
                        )
                    else:
                        n.next_attempt_at = timezone.now() + retry_delay(n.attempts)
                        logger.info(
                            "notification %s of %s will be retried: %s", n.pk, n.application.number, n.last_error
                        )
                else:
                    sent += 1
                    n.status, n.sent_at, n.last_error = DeliveryStatus.SENT, timezone.now(), ""
                n.save(update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"])
        if ids is not None:
            return sent, failed
