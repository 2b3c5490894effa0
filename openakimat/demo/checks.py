"""The demo's deploy check (`manage.py check --deploy`): production refuses the demo's sign-ins.
The ids and what to do about each are listed in docs/configuration.md, "Production checks"."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from .guard import REMOVE_HINT, demo_leftovers


@register(Tags.security, deploy=True)
def demo_accounts_absent(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return []
    found = demo_leftovers()
    if found is None:
        return [
            Warning(
                "Could not look for demo accounts: the database did not answer.",
                hint="Run the check where the database is reachable.",
                id="openakimat.W001",
            )
        ]
    if found:
        return [
            Error(
                f"The database holds {found.describe()}, whose password is published, and DEBUG is off.",
                hint=REMOVE_HINT,
                id="openakimat.E001",
            )
        ]
    return []
