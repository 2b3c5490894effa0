"""Background work of the queue."""

from celery import shared_task


@shared_task(name="openakimat.queueing.tasks.send_turn_messages")
def send_turn_messages(hall_id: int) -> int:
    """The SMS "your turn is near" to whoever the last move of the line brought close enough."""
    from .services import turns_notify

    return turns_notify(hall_id=hall_id)
