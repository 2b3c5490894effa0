"""Sending the outbox in the background. The rows are the durable record: a task that is lost or a
worker that dies leaves them pending, and the periodic sweep sends them."""

from celery import shared_task

from .services import send_due


@shared_task(name="openakimat.notifications.tasks.send_notifications")
def send_notifications(ids: list[int]) -> tuple[int, int]:
    """Send these rows now (queued right after the commit that wrote them). A failed delivery is
    rescheduled on its row with a growing pause; the sweep retries it then."""
    return send_due(ids=ids)


@shared_task(name="openakimat.notifications.tasks.sweep_notifications")
def sweep_notifications() -> tuple[int, int]:
    """Send every pending row whose time has come: retries, and whatever a lost task left."""
    return send_due()
