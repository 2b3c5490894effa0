"""What the reporter and the subscribers of a report are told: each change of its status."""

from .models import Report


def notify_change(report: Report) -> None:
    """Queue the messages to the report's subscribers for its new status (to be filled in with
    the subscriptions)."""
