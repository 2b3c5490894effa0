"""Personal data encrypted at rest: Fernet (AES-128-CBC with HMAC-SHA256) from `cryptography`.

``settings.PERSONAL_DATA_KEYS`` is a list of Fernet keys (url-safe base64 of 32 random bytes, made
with ``Fernet.generate_key()``). The first one encrypts; every one of them decrypts, so a new key is
put first, ``manage.py personal_data_reencrypt`` rewrites every value under it, and then the old
key can be removed (docs/security.md, "Personal data at rest").

With no key set (development only) one is derived from ``SECRET_KEY``; ``check --deploy`` refuses
that with DEBUG off (``openakimat.E005``), because whoever has SECRET_KEY could then read the data.

An encrypted value is different on every save (Fernet uses a random IV), so the database cannot
compare or search it: cases are found by the keyed hash of the IIN (``common.iin.iin_hash``).
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.db import models

__all__ = ["EncryptedTextField", "InvalidToken", "decrypt", "derived_key", "encrypt", "fernet", "keys_are_derived"]

_DERIVATION_PURPOSE = b"openakimat.common.crypto.derived-development-key"


def derived_key() -> bytes:
    """The development key: derived from SECRET_KEY. Never acceptable in production."""
    digest = hashlib.sha256(_DERIVATION_PURPOSE + settings.SECRET_KEY.encode()).digest()
    return base64.urlsafe_b64encode(digest)


def _configured_keys() -> list[bytes]:
    return [k.encode() if isinstance(k, str) else bytes(k) for k in getattr(settings, "PERSONAL_DATA_KEYS", []) if k]


def keys_are_derived() -> bool:
    """True when no key is configured (the derived one is used) or a configured key is the derived one."""
    keys = _configured_keys()
    return not keys or derived_key() in keys


@cache
def fernet() -> MultiFernet:
    keys = _configured_keys() or [derived_key()]
    return MultiFernet([Fernet(k) for k in keys])


def _reset(**kwargs: Any) -> None:
    if kwargs.get("setting") in {"PERSONAL_DATA_KEYS", "SECRET_KEY"}:
        fernet.cache_clear()


setting_changed.connect(_reset)


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The clear text; raises InvalidToken when no configured key opened the token."""
    return fernet().decrypt(token.encode("ascii")).decode()


def reencrypt(token: str) -> str:
    """The same text encrypted under the first (newest) key."""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField):
    """Text kept encrypted in the database and clear in Python. Not searchable, not orderable:
    look up by a separate keyed hash. `max_length` limits the clear text (forms, validation)."""

    description = "Text encrypted at rest (Fernet)"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if not value:  # None, or "" where a query puts a blank in place of a value it may not show
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        # A query on the token could never match the clear text: refuse it (FieldError) rather than
        # find nothing. Only "is it empty in the database" makes sense.
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def db_check(self, connection: Any) -> None:  # the token is longer than the clear text
        return None

    def get_internal_type(self) -> str:
        return "TextField"


class EncryptedJSONField(EncryptedTextField):
    """A JSON object kept encrypted in the database and as Python data in Python (the answers a
    resident gave and the statement made of them, which may name a child or a relative). Stored as
    one token of the JSON text; like EncryptedTextField, never searchable."""

    description = "JSON encrypted at rest (Fernet)"
    # What the type checker's Django plugin reads: the field holds JSON data, not text.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return encrypt(json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if not value:
            return value
        return json.loads(decrypt(value))

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False, cls=DjangoJSONEncoder)
