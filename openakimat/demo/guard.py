"""Production refuses the demo's accounts.

The demo's accounts share a password printed by `make run` and in the docs; a database that ever
had the demo would let anyone with the source sign in as an administrator or an observer. With
DEBUG off, their presence is a deploy-check error (`checks.py`, openakimat.E001) and the web and
worker processes refuse to start (`refuse_demo_in_production`, called from config/wsgi.py,
config/asgi.py and config/celery.py). `manage.py remove_demo` clears them.

An account counts while it can still be used: active, or with a usable password. One that
`remove_demo` could only disable (its name is on audit entries or cases) no longer counts. Every
authenticator named "demo" counts, and every authenticator of a demo account.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import territory as demo

logger = logging.getLogger("openakimat.demo")

# The name load_demo gives the authenticator of each demo account.
DEMO_DEVICE_NAME = "demo"
REMOVE_HINT = (
    "Remove them with `manage.py remove_demo` (it deletes the demo accounts and their "
    "authenticators, or disables an account that cases or the audit log refer to), or run with "
    "DEBUG=true on a development machine."
)


def demo_usernames() -> list[str]:
    return [row[0] for row in demo.DEMO_STAFF]


@dataclass(frozen=True)
class Leftovers:
    accounts: tuple[str, ...] = ()
    devices: int = 0

    def __bool__(self) -> bool:
        return bool(self.accounts or self.devices)

    def describe(self) -> str:
        parts = []
        if self.accounts:
            parts.append(f"demo accounts that can sign in ({', '.join(self.accounts)})")
        if self.devices:
            parts.append(f"{self.devices} demo authenticator(s)")
        return " and ".join(parts)


def demo_leftovers(using: str = DEFAULT_DB_ALIAS) -> Leftovers | None:
    """What of the demo's sign-ins is in the database; an empty `Leftovers` for a database without
    the tables yet (before `migrate`), None when the database can't be asked."""
    user_model = get_user_model()
    try:
        tables = set(connections[using].introspection.table_names())
        accounts: tuple[str, ...] = ()
        devices = 0
        if user_model._meta.db_table in tables:
            usable = Q(is_active=True) | ~Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)
            names = user_model._default_manager.using(using).filter(usable, username__in=demo_usernames())
            accounts = tuple(sorted(names.values_list("username", flat=True)))
        if TOTPDevice._meta.db_table in tables:
            devices = (
                TOTPDevice.objects.using(using)
                .filter(Q(name=DEMO_DEVICE_NAME) | Q(user__username__in=demo_usernames()))
                .count()
            )
    except DatabaseError:
        return None
    return Leftovers(accounts, devices)


def refuse_demo_in_production(using: str = DEFAULT_DB_ALIAS) -> None:
    """Raise ImproperlyConfigured when DEBUG is off and the demo's sign-ins are in the database.

    Called once when a web or worker process starts. A database that does not answer is let pass
    with a warning (the process must come back by itself after an outage); `check --deploy` reports
    it. The connection is closed afterwards, so that no forked worker inherits it."""
    if settings.DEBUG:
        return
    try:
        found = demo_leftovers(using)
    finally:
        if not connections[using].in_atomic_block:
            connections[using].close()
    if found is None:
        logger.warning("could not look for demo accounts at start-up: the database did not answer")
        return
    if found:
        raise ImproperlyConfigured(
            f"This database holds {found.describe()} and DEBUG is off. Their password is published, so "
            f"anyone could sign in; Open Akimat refuses to start. {REMOVE_HINT}"
        )
