"""Read replicas of PostgreSQL for the public pages.

With ``DATABASE_REPLICA_URLS`` set, the settings add one database alias per replica
(``replica1``, ``replica2``, …) to ``DATABASE_REPLICAS``. The router sends a read to a replica only
when all of these hold, and to the primary (``default``) otherwise:

- the code runs inside ``replica_reads()``, which the middleware enters for an anonymous read: a
  GET or HEAD without a session cookie and without an Authorization header. Staff, and a resident
  who has just applied (the receipt lives in the session), always read the primary, so nobody
  misses a change they have just made because a replica lags behind;
- the model belongs to one of ``DATABASE_REPLICA_APPS``: public data (the register, territories,
  budgets), never sessions, accounts, audit entries or residents' cases;
- the primary connection is not inside a transaction: a read that a write depends on stays with it.

Writes always go to the primary, even for an object that was read from a replica. Replication
itself is PostgreSQL's (streaming replication); the app only chooses where to read.
"""

import contextlib
import random
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

_public_reads: ContextVar[bool] = ContextVar("openakimat_replica_reads", default=False)
SAFE_METHODS = frozenset({"GET", "HEAD"})


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Let reads of public data inside this block go to a replica (when one is configured)."""
    token = _public_reads.set(True)
    try:
        yield
    finally:
        _public_reads.reset(token)


def replicas() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


def replica_for(model: type[Model]) -> str | None:
    """The replica alias a read of `model` may use now, or None for the primary."""
    aliases = replicas()
    if not aliases or not _public_reads.get():
        return None
    if model._meta.app_label not in getattr(settings, "DATABASE_REPLICA_APPS", ()):
        return None
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None
    return aliases[0] if len(aliases) == 1 else random.choice(aliases)  # noqa: S311 - load spreading


class ReplicaRouter:
    """Django's database router for the rules in this module's docstring."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return replica_for(model)

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        # Explicit: without it Django writes an object back to the database it was read from.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The replicas hold the primary's data, so objects from any of them may be related.
        known = {DEFAULT_DB_ALIAS, *replicas()}
        if obj1._state.db in known and obj2._state.db in known:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        # A replica follows the primary's schema through replication; never migrate it directly.
        return False if db in replicas() else None


class ReplicaReadsMiddleware:
    """Enter ``replica_reads()`` for anonymous reads (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replicas() or not self.anonymous_read(request):
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)

    @staticmethod
    def anonymous_read(request: HttpRequest) -> bool:
        return (
            request.method in SAFE_METHODS
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
        )
