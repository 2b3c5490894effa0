"""What the queue publishes for the accountability dashboard (common.publish, topic
"territory.akimat"): the last 30 days of the akimat's hall — the 90th percentile of the wait, the
no-show rate, the tickets served per day. Nothing for an akimat without a hall."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from openakimat.territory.models import Akimat

from .figures import accountability_figures
from .models import Hall

TOPIC = "territory.akimat"
PERIOD_DAYS = 30


def akimat_queue_figures(akimat: Akimat) -> dict[str, Any]:
    hall = Hall.objects.filter(akimat=akimat).first()
    if hall is None:
        return {}
    end = timezone.localtime(timezone.now()).date()
    return accountability_figures(hall, end - timedelta(days=PERIOD_DAYS - 1), end)


def register() -> None:
    from openakimat.common import publish

    publish.register(TOPIC, akimat_queue_figures)
