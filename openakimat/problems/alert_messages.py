"""The messages of area alerts: the confirmation link, and one message per new report with the
link to unsubscribe. Registered with the notifications app from `ProblemsConfig.ready`.

The recipient is read from the alert when the message goes out (the outbox keeps no copy of the
contact); what the message is about (the new report, the one-time confirmation token) is handed to
the text through context variables while `notify` writes it, so the alert keeps no copy of them."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from openakimat.notifications import kinds

from .models import AreaAlert, Report

CONFIRM = "problems.alert_confirm"
NEW_REPORT = "problems.alert_new_report"

_confirm_token: ContextVar[str] = ContextVar("problems_alert_confirm", default="")
_report: ContextVar[Report | None] = ContextVar("problems_alert_report", default=None)


@contextmanager
def confirming(token: str) -> Iterator[None]:
    mark = _confirm_token.set(token)
    try:
        yield
    finally:
        _confirm_token.reset(mark)


@contextmanager
def reporting(report: Report) -> Iterator[None]:
    mark = _report.set(report)
    try:
        yield
    finally:
        _report.reset(mark)


def _area(alert: AreaAlert) -> str:
    area = alert.territory.name
    if alert.category_id is not None:
        return f"{area}, {alert.category.name}"  # type: ignore[union-attr]
    return area


def _confirm_text(alert: AreaAlert) -> str:
    link = settings.SITE_URL + reverse("problem_map:alert-confirm", args=[_confirm_token.get()])
    return _(
        "To get a message about each new problem report in %(area)s, confirm here: %(link)s"
        " If you did not ask for it, ignore this message: nothing is sent without your confirmation."
    ) % {"area": _area(alert), "link": link}


def _report_text(alert: AreaAlert) -> str:
    from .links import report_url
    from .services.alerts import unsubscribe_token

    report = _report.get()
    if report is None:
        return ""
    stop = settings.SITE_URL + reverse("problem_map:alert-unsubscribe", args=[unsubscribe_token(alert)])
    return _("New problem report in %(area)s: %(category)s. %(link)s To stop these messages: %(stop)s") % {
        "area": _area(alert),
        "category": report.category.name,
        "link": settings.SITE_URL + report_url(report),
        "stop": stop,
    }


def _subject(alert: AreaAlert) -> str:
    return _("Problem reports in %(area)s") % {"area": _area(alert)}


def _recipient(alert: AreaAlert) -> kinds.Recipient:
    return kinds.Recipient(
        phone=alert.phone, email=alert.email, language=alert.language or "kk", reference=f"alert-{alert.pk}"
    )


def register_kinds() -> None:
    kinds.register(kinds.Kind(CONFIRM, _confirm_text, _subject, _recipient))
    kinds.register(kinds.Kind(NEW_REPORT, _report_text, _subject, _recipient))
