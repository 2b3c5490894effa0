"""One scheme for the secrets that programs present: staff API tokens and Open311 keys alike.

A key is 43 URL-safe characters (256 random bits). Only its first characters (`prefix`, to find the
row) and the SHA-256 of the whole key are stored; the key itself is shown once. A presented key is
compared in constant time, and its last use is written at most once a minute.
"""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

PREFIX_LENGTH = 8
LAST_USED_GRANULARITY = timedelta(minutes=1)
Row = TypeVar("Row", bound=models.Model)


@dataclass(frozen=True)
class Drawn:
    raw: str  # shown to the person who asked for it, once; never stored
    prefix: str
    digest: str


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def key_name(name: str, *, missing: str) -> str:
    """A key's name, whitespace folded; `missing` is the message when there is none."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [missing]})
    if len(name) > 100:
        raise ValidationError({"name": [_("The name is too long (100 characters at most).")]})
    return name


def key_create(create: Callable[[Drawn], Row]) -> tuple[Row, str]:
    """Draw a key and store it with `create(drawn)` (which writes the row and its audit entry)
    in a transaction; a prefix that is taken is drawn again. Returns the row and the raw key."""
    for _attempt in range(5):
        raw = secrets.token_urlsafe(32)
        drawn = Drawn(raw=raw, prefix=raw[:PREFIX_LENGTH], digest=digest(raw))
        try:
            with transaction.atomic():
                return create(drawn), raw
        except IntegrityError:
            continue  # the prefix was taken: draw another key
    raise RuntimeError("could not draw a key with a free prefix")


def key_find(queryset: models.QuerySet[Row], raw: str, *, hash_field: str) -> Row | None:
    """The row of `queryset` whose key is `raw`, or None; the hash is compared in constant time."""
    raw = (raw or "").strip()
    if len(raw) < PREFIX_LENGTH + 16 or len(raw) > 100:
        return None
    row = queryset.filter(prefix=raw[:PREFIX_LENGTH]).first()
    if row is None or not secrets.compare_digest(getattr(row, hash_field), digest(raw)):
        return None
    return row


def key_touch(row: models.Model, now: datetime | None = None) -> None:
    """Note the key's use, at most once a minute, so that a busy client doesn't write on every call."""
    now = now or timezone.now()
    last = getattr(row, "last_used_at", None)
    if last is None or now - last >= LAST_USED_GRANULARITY:
        type(row)._default_manager.filter(pk=row.pk).update(last_used_at=now)
