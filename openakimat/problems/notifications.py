"""What the reporter and the subscribers of a report are told: that it is registered (with the
reporter's private link), each change of its status with its public note, and — to someone who asked
to follow a report — the link that confirms it.

Every message is about one Subscription and reaches the contact kept in it (read when it goes out,
so a subscription removed in between gets nothing). Links that carry a secret keep it in the URL's
fragment, which browsers never send to a server or write to its logs."""

from contextvars import ContextVar

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from openakimat.notifications import kinds
from openakimat.notifications.services import notify

from .models import Report, Subscription

REGISTERED = "problems.registered"
CHANGED = "problems.changed"
CONFIRM = "problems.follow_confirm"
# The secret of the message being written (the reporter's token, the confirmation token): handed to
# the text through a context variable while `notify` writes it; nothing keeps a copy.
_secret: ContextVar[str] = ContextVar("problems_secret", default="")


def _path(name: str, **kwargs: object) -> str:
    language = translation.get_language() or "kk"
    with translation.override(language if language in kinds.LANGUAGES else "kk"):
        return reverse(name, kwargs=kwargs or None)


def report_link(report: Report) -> str:
    return f"{settings.SITE_URL}{_path('problems:report', pk=report.pk)}"


def reporter_link(report: Report, token: str) -> str:
    return f"{settings.SITE_URL}{_path('problems:mine', pk=report.pk)}#{token}"


def _unsubscribe_link(subscription: Subscription) -> str:
    from .services.following import unsubscribe_token

    return f"{settings.SITE_URL}{_path('problems:unsubscribe')}#{unsubscribe_token(subscription)}"


def _registered_text(subscription: Subscription) -> str:
    report = subscription.report
    return _(
        "Your problem report #%(number)s is registered. Follow it, confirm the fix or say it is not fixed "
        "with your private link (do not share it): %(link)s"
    ) % {"number": report.pk, "link": reporter_link(report, _secret.get())}


def _changed_text(subscription: Subscription) -> str:
    report = subscription.report
    text = _("Problem report #%(number)s (%(category)s): %(status)s.") % {
        "number": report.pk,
        "category": report.category.name,
        "status": report.get_status_display(),
    }
    if report.public_note:
        text += " " + report.public_note
    text += " " + report_link(report)
    if not subscription.is_reporter:
        text += " " + _("Stop these messages: %(link)s") % {"link": _unsubscribe_link(subscription)}
    return text


def _confirm_text(subscription: Subscription) -> str:
    return _(
        "To hear of the changes of problem report #%(number)s, open this link: %(link)s "
        "If you did not ask for it, ignore this message."
    ) % {
        "number": subscription.report_id,
        "link": f"{settings.SITE_URL}{_path('problems:follow-confirm')}#{_secret.get()}",
    }


def _subject(subscription: Subscription) -> str:
    return _("Problem report #%(number)s") % {"number": subscription.report_id}


def _recipient(subscription: Subscription) -> kinds.Recipient:
    return kinds.Recipient(
        phone=subscription.phone,
        email=subscription.email,
        language=subscription.language or "kk",
        reference=f"problem report {subscription.report_id}",
    )


def register_kinds() -> None:
    kinds.register(kinds.Kind(REGISTERED, _registered_text, _subject, _recipient))
    kinds.register(kinds.Kind(CHANGED, _changed_text, _subject, _recipient))
    kinds.register(kinds.Kind(CONFIRM, _confirm_text, _subject, _recipient))


def _with_secret(kind: str, subscription: Subscription, secret: str) -> None:
    held = _secret.set(secret)
    try:
        notify(kind=kind, obj=subscription)
    finally:
        _secret.reset(held)


def notify_registered(subscription: Subscription, token: str) -> None:
    """Queue the reporter's first message, with the private link, in the current transaction."""
    _with_secret(REGISTERED, subscription, token)


def notify_confirm(subscription: Subscription, token: str) -> None:
    _with_secret(CONFIRM, subscription, token)


def notify_change(report: Report) -> None:
    """Queue a message about the report's new status to each confirmed subscription, in the
    current transaction (they go out after the commit)."""
    for subscription in report.subscriptions.filter(confirmed_at__isnull=False).select_related("report__category"):
        notify(kind=CHANGED, obj=subscription)
