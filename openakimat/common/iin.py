"""Kazakh identity numbers: IIN (individuals) and BIN (legal entities).

Both have 12 digits, the last one a check digit (see ``docs/domain.md``, "Identity numbers"):

- IIN: ``YYMMDD`` date of birth · digit 7 century and sex (1/2 = 1800s male/female, 3/4 = 1900s,
  5/6 = 2000s) · digits 8–11 serial · digit 12 check digit.
- BIN: ``YYMM`` registration · digit 5 type (4 resident legal entity, 5 non-resident, 6 individual
  entrepreneur in joint form) · digit 6 attribute (0 head office, 1 branch, 2 representative office,
  3 peasant farm) · digits 7–11 serial · digit 12 check digit.

An IIN is restricted personal data: error messages never repeat the number; the case page shows it
masked (:func:`iin_mask`) until a staff member who may see the applicant asks for it, which is
audited; it is stored encrypted (``common.crypto``) and cases are looked up by a keyed hash
(:func:`iin_hash`), because an encrypted value cannot be searched.

Note on the check digit: digit 11 has weight 11 ≡ 0 (mod 11) in the first round, so a change of
digit 11 alone goes unnoticed unless the first round gives 10. That is the published algorithm, not
a bug here; the date, century and structure checks are what else protects the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

__all__ = [
    "Bin",
    "BinAttribute",
    "BinEntityType",
    "IdentityNumberError",
    "Iin",
    "Sex",
    "bin_validate",
    "check_digit",
    "iin_hash",
    "iin_mask",
    "iin_validate",
]

_ELEVEN_DIGITS = re.compile(r"[0-9]{11}")
_WEIGHTS_FIRST = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_ALMATY = ZoneInfo("Asia/Almaty")
_HASH_PURPOSE = "openakimat.common.iin.iin_hash"

# Digit 7 of an IIN → (first year of the century, sex).
_CENTURY_DIGITS = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class BinEntityType(StrEnum):
    """Digit 5 of a BIN."""

    RESIDENT = "resident"  # 4: resident legal entity
    NON_RESIDENT = "non_resident"  # 5: non-resident legal entity
    JOINT_ENTREPRENEUR = "joint_entrepreneur"  # 6: individual entrepreneur in joint form


class BinAttribute(StrEnum):
    """Digit 6 of a BIN."""

    HEAD_OFFICE = "head_office"  # 0
    BRANCH = "branch"  # 1
    REPRESENTATIVE_OFFICE = "representative_office"  # 2
    PEASANT_FARM = "peasant_farm"  # 3


_ENTITY_TYPES = {"4": BinEntityType.RESIDENT, "5": BinEntityType.NON_RESIDENT, "6": BinEntityType.JOINT_ENTREPRENEUR}
_ATTRIBUTES = {
    "0": BinAttribute.HEAD_OFFICE,
    "1": BinAttribute.BRANCH,
    "2": BinAttribute.REPRESENTATIVE_OFFICE,
    "3": BinAttribute.PEASANT_FARM,
}


class IdentityNumberError(ValueError):
    """An IIN or BIN is not valid. ``str(error)`` is a translated sentence; ``code`` is stable for programs.

    Codes: ``type``, ``non_digit``, ``length``, ``century``, ``date``, ``future``, ``month``,
    ``entity_type``, ``attribute``, ``check_digit``, ``never_issued``.
    """

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Iin:
    value: str
    birth_date: date
    sex: Sex

    def __repr__(self) -> str:  # never the full number (or the birth date) in logs and tracebacks
        return f"Iin(value={'•' * 10 + self.value[-2:]!r})"


@dataclass(frozen=True)
class Bin:
    value: str
    registered: tuple[int, int]  # (year, month)
    entity_type: BinEntityType
    attribute: BinAttribute


def check_digit(first11: str) -> int | None:
    """The check digit for the first 11 digits, or ``None`` when the number can never be issued.

    s = Σ dᵢ·wᵢ mod 11 with weights 1..11; if s = 10, again with weights 3,4,5,6,7,8,9,10,11,1,2;
    if that is 10 too, no number starts with these 11 digits.
    """
    if not _ELEVEN_DIGITS.fullmatch(first11):
        raise ValueError("check_digit() needs exactly 11 ASCII digits")
    digits = [int(c) for c in first11]
    for weights in (_WEIGHTS_FIRST, _WEIGHTS_SECOND):
        s = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if s != 10:
            return s
    return None


def _clean(value: object, *, is_bin: bool) -> str:
    if not isinstance(value, str):
        raise IdentityNumberError(
            _("A BIN must be given as text.") if is_bin else _("An IIN must be given as text."), code="type"
        )
    text = value.strip()
    if text and not (text.isascii() and text.isdigit()):
        raise IdentityNumberError(
            _("A BIN may contain only the digits 0–9, without spaces or other characters.")
            if is_bin
            else _("An IIN may contain only the digits 0–9, without spaces or other characters."),
            code="non_digit",
        )
    if len(text) != 12:
        message = (
            _("A BIN must have 12 digits; this one has %(count)d.")
            if is_bin
            else _("An IIN must have 12 digits; this one has %(count)d.")
        )
        raise IdentityNumberError(message % {"count": len(text)}, code="length")
    return text


def _verify_check_digit(text: str, *, is_bin: bool) -> None:
    expected = check_digit(text[:11])
    if expected is None:
        raise IdentityNumberError(
            _("This BIN cannot exist: numbers beginning with these 11 digits are never issued.")
            if is_bin
            else _("This IIN cannot exist: numbers beginning with these 11 digits are never issued."),
            code="never_issued",
        )
    if expected != int(text[11]):
        raise IdentityNumberError(
            _("The BIN's check digit (the last digit) does not match; please look for a typo.")
            if is_bin
            else _("The IIN's check digit (the last digit) does not match; please look for a typo."),
            code="check_digit",
        )


def iin_validate(value: str, *, today: date | None = None) -> Iin:
    """Validate an IIN and return its parts; raise :class:`IdentityNumberError` if it is not valid.

    Surrounding whitespace is ignored. ``today`` (default: today in Asia/Almaty) is the latest
    acceptable date of birth.
    """
    text = _clean(value, is_bin=False)
    century_digit = int(text[6])
    if century_digit not in _CENTURY_DIGITS:
        raise IdentityNumberError(
            _("The 7th digit of an IIN (century and sex) must be 1 to 6; this one has %(digit)d.")
            % {"digit": century_digit},
            code="century",
        )
    year = _CENTURY_DIGITS[century_digit] + int(text[0:2])
    try:
        birth_date = date(year, int(text[2:4]), int(text[4:6]))
    except ValueError:
        raise IdentityNumberError(
            _("The first six digits of an IIN must be a real date of birth (YYMMDD)."), code="date"
        ) from None
    if birth_date > (today or datetime.now(_ALMATY).date()):
        raise IdentityNumberError(_("The date of birth in this IIN is in the future."), code="future")
    _verify_check_digit(text, is_bin=False)
    return Iin(value=text, birth_date=birth_date, sex=Sex.MALE if century_digit % 2 else Sex.FEMALE)


def bin_validate(value: str, *, today: date | None = None) -> Bin:
    """Validate a BIN and return its parts; raise :class:`IdentityNumberError` if it is not valid.

    ``registered`` is (year, month); the two-digit year is read as 20YY unless that is later than
    ``today``'s year (default: today in Asia/Almaty), then as 19YY.
    """
    text = _clean(value, is_bin=True)
    month = int(text[2:4])
    if not 1 <= month <= 12:
        raise IdentityNumberError(
            _("Digits 3–4 of a BIN are the month of registration and must be 01 to 12."), code="month"
        )
    entity_type = _ENTITY_TYPES.get(text[4])
    if entity_type is None:
        raise IdentityNumberError(
            _("The 5th digit of a BIN (type of entity) must be 4, 5 or 6; this one has %(digit)s.")
            % {"digit": text[4]},
            code="entity_type",
        )
    attribute = _ATTRIBUTES.get(text[5])
    if attribute is None:
        raise IdentityNumberError(
            _("The 6th digit of a BIN (head office, branch, …) must be 0 to 3; this one has %(digit)s.")
            % {"digit": text[5]},
            code="attribute",
        )
    _verify_check_digit(text, is_bin=True)
    current_year = (today or datetime.now(_ALMATY).date()).year
    year = 2000 + int(text[0:2])
    if year > current_year:
        year -= 100
    return Bin(value=text, registered=(year, month), entity_type=entity_type, attribute=attribute)


def iin_mask(value: str | None) -> str:
    """The number with its first 4 and last 2 characters kept ("8504••••••12"), for staff screens:
    enough to compare with a document at a glance, not enough to be the number. Shorter values
    (never a valid IIN) are masked whole."""
    text = (value or "").strip()
    if len(text) < 12:
        return "•" * len(text)
    return text[:4] + "•" * (len(text) - 6) + text[-2:]


def iin_hash(value: str) -> str:
    """A keyed hash of the number (HMAC-SHA256, hex) for finding cases without storing the IIN in the clear.

    The key is derived from ``settings.SECRET_KEY`` and a fixed purpose string, so rotating
    SECRET_KEY makes stored hashes unfindable: ``manage.py personal_data_reencrypt --rehash``
    recomputes them from the encrypted IINs after it changes.
    Only surrounding whitespace is removed; validate first if the input comes from a person.
    """
    return salted_hmac(_HASH_PURPOSE, value.strip(), algorithm="sha256").hexdigest()
