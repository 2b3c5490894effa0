"""What every write on a case shares: the row lock with the version check, the versioned save and
the event. Personal data stays out of events: they name the case by its number."""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from openakimat.common.actor import Actor, actor_label, actor_user
from openakimat.common.errors import ConflictError

from ..models import Application, ApplicationEvent


def lock_case(application: Application, expected_version: int | None) -> Application:
    """The case reread with its row locked; a ConflictError if it changed since `expected_version`."""
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("akimat__territory", "department__akimat__territory", "service")
        .get(pk=application.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            _("Someone else changed this case a moment ago (it is now “%(status)s”). Reload the page and try again.")
            % {"status": locked.get_status_display()}
        )
    return locked


def save_case(application: Application, fields: list[str]) -> None:
    application.version += 1
    application.save(update_fields=[*fields, "version", "updated_at"])


def record_event(
    application: Application,
    actor: Actor | None,
    kind: str,
    now: datetime,
    *,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        at=now,
        actor=actor_user(actor),
        actor_label=actor_label(actor),
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )
