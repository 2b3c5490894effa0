"""Tracking an appeal without an account: its number and a code shown once on the receipt and sent
once by SMS or e-mail. Only a keyed hash of the code is stored, so a copy of the database gives no
one the codes.

What a resident types is read leniently: spaces and dashes anywhere, lower case, Cyrillic letters
that look like Latin ones, O for 0 and I or L for 1 in the code.
"""

import re
import secrets
import unicodedata

from django.utils.crypto import salted_hmac

from openakimat.common.lookalikes import LOOK_ALIKES

# Crockford's base32 without I, L, O and U: easy to read out over the phone; 12 symbols are 60 bits.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
_SALT = "openakimat.appeals.tracking"
_SEPARATORS = re.compile(r"[\s‐‑‒–—―−_./\\-]+")
# AKZ-A-2026-000123: the akimat's prefix (2–6 letters, or a nine-digit KATO code), A, year, sequence.
_NUMBER = re.compile(r"([A-Z]{2,6}|[0-9]{9})A([0-9]{4})([0-9]{1,9})")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def code_hash(code: str) -> str:
    return salted_hmac(_SALT, code, algorithm="sha256").hexdigest()


def group_code(code: str) -> str:
    """XXXX-XXXX-XXXX: easier to read aloud; the dashes are ignored when typed back."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _plain(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw or "").upper().translate(LOOK_ALIKES)
    return _SEPARATORS.sub("", text)


def normalise_code(raw: str) -> str:
    return _plain(raw).translate(str.maketrans("OIL", "011"))


def normalise_number(raw: str) -> str:
    """ "akz a 2026 15", "АКZ-А-2026-000015" → AKZ-A-2026-000015; anything else comes back plain and
    matches nothing."""
    text = _plain(raw)
    if match := _NUMBER.fullmatch(text):
        prefix, year, sequence = match.groups()
        return f"{prefix}-A-{year}-{int(sequence):06d}"
    return text


def code_matches(stored_hash: str, raw_code: str) -> bool:
    code = normalise_code(raw_code)
    if len(code) != CODE_LENGTH:
        return False
    return secrets.compare_digest(stored_hash, code_hash(code))
