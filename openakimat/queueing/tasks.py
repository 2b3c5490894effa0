"""Periodic work of the electronic queue."""

from celery import shared_task
from django.utils import timezone

from .services import bookings_sweep, tickets_close_day


@shared_task(name="openakimat.queueing.tasks.sweep_bookings")
def sweep_bookings() -> dict[str, int]:
    """Bookings not checked in lapse, expired pending ones free their seats, old phones are erased."""
    swept = bookings_sweep()
    return {"lapsed": swept.lapsed, "released": swept.released, "erased": swept.erased}


@shared_task(name="openakimat.queueing.tasks.close_day")
def close_day() -> int:
    """After local midnight: tickets the days before left open are closed (phones erased)."""
    today = timezone.localdate()
    return tickets_close_day(before=today)
