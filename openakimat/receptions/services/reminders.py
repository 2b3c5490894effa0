"""The reminder the day before: one SMS to each confirmed resident, once (the sign-up keeps when
it was sent, and the sweep skips rows another sweep holds)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from ..models import SignUp, SignUpStatus, Status
from ..notifications import tell


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind the residents of tomorrow's receptions (local days). Returns how many were reminded."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))
    with transaction.atomic():
        due = list(
            SignUp.objects.select_for_update(skip_locked=True)
            .select_related("reception")
            .filter(
                status=SignUpStatus.CONFIRMED,
                reminded_at__isnull=True,
                reception__status=Status.SCHEDULED,
                reception__starts_at__gte=start,
                reception__starts_at__lt=start + timedelta(days=1),
            )
        )
        for signup in due:
            signup.reminded_at = now
            signup.save(update_fields=["reminded_at", "updated_at"])
            tell(signup, "reminder")
    return len(due)
