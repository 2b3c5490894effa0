"""The problem register's periodic sweep: requests to follow a report or to be alerted of an area
that were never confirmed are forgotten after their confirmation window, so their contacts are not
kept (docs/problems.md, docs/problems-staff.md)."""

from celery import shared_task

from .services.alerts import forget_unconfirmed
from .services.following import subscription_sweep_pending


@shared_task
def forget_unconfirmed_contacts() -> dict[str, int]:
    return {"follow": subscription_sweep_pending(), "alerts": forget_unconfirmed()}
