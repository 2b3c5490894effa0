"""Reading the cells of real budget files: amounts written by spreadsheets in Kazakh, Russian and
English locales, classification codes whose leading zeros a spreadsheet dropped, KATO codes, years.

Each parser returns the value or raises `CellError` with a message that names the value; the
caller adds the row and the column."""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from openakimat.budget.models import LEVEL_WIDTHS
from openakimat.common.kato import Kato, KatoError

CENT = Decimal("0.01")
ZERO = Decimal(0)

# Cells that say "nothing here" in published budgets: read as 0 in amount columns.
ZERO_MARKERS = frozenset({"nfp", "-", "—", "–", "−", "x", "х", "н/д", "n/a", "--", "---"})
# Spaces of every kind and apostrophes group thousands ("1 234 567", "1'234'567").
_GROUPING = str.maketrans("", "", " \u00a0\u202f\u2009\u2007'’`")
_PLAIN = re.compile(r"^\d+(\.\d+)?$")
_THREE_DIGITS = re.compile(r"^\d{3}$")


# A classification cell that names a total rather than a line ("TOTAL", "Grand total", "Итого по
# району:", "Барлығы"): such a row adds up other rows, and the rollups compute totals themselves.
_TOTAL = re.compile(
    r"^\W*(grand\s+total|sub-?total|total|итого|всего|общий\s+итог|барлығы|барлыгы|жиыны|жалпы\s+сома)(\W|$)",
    re.IGNORECASE,
)


def is_total(raw: str) -> bool:
    """Whether a classification cell says the row is a total."""
    return bool(raw) and _TOTAL.match(raw.strip()) is not None


class CellError(ValueError):
    """A cell that can't be read; the message names the value."""


def parse_amount(raw: str, *, decimal_comma_only: bool = True, negative_ok: bool = False) -> Decimal | None:
    """An amount as written in the file (before the unit is applied), or None for an empty cell or
    a "nothing" marker. Negative only with `negative_ok` (a correction of the adjusted plan or of
    what was paid); otherwise a negative amount is refused. `decimal_comma_only`: a lone comma followed by exactly three
    digits ("1,234") is a decimal comma (files separated by `;` or tabs, the Kazakh and Russian
    convention); when false (comma-separated files, the English convention) it groups thousands."""
    text = raw.strip()
    if not text:
        return None
    if _PLAIN.match(text):  # the common case, fast
        return Decimal(text)
    if text.lower() in ZERO_MARKERS:
        return None
    negative = False
    if text[0] in "-−–" or (text[0] == "(" and text[-1] == ")"):
        negative = True
    compact = text.translate(_GROUPING)
    if negative:
        compact = compact.strip("()").lstrip("-−–")
    if compact.startswith("+"):
        compact = compact[1:]
    number = _normalise_marks(compact, decimal_comma_only)
    if number is None or not _PLAIN.match(number):
        raise CellError(_("%(value)r is not a number") % {"value": raw})
    if negative and Decimal(number):
        if not negative_ok:
            raise CellError(_("%(value)r is negative; amounts can't be negative") % {"value": raw})
        return -Decimal(number)
    return Decimal(number)


def _normalise_marks(text: str, decimal_comma_only: bool) -> str | None:
    """`text` with "." as the decimal mark and no thousands separators, or None when its marks
    make no sense."""
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        # Both marks: the rightmost is the decimal mark, the other groups thousands.
        decimal, group = (",", ".") if text.rfind(",") > text.rfind(".") else (".", ",")
        if text.count(decimal) > 1:
            return None
        whole, fraction = text.split(decimal)
        if not _grouped(whole, group):
            return None
        return whole.replace(group, "") + "." + fraction
    if commas:
        parts = text.split(",")
        if commas > 1:
            return "".join(parts) if _grouped(text, ",") else None
        if _THREE_DIGITS.match(parts[1]) and not decimal_comma_only and parts[0]:
            return parts[0] + parts[1]
        return parts[0] + "." + parts[1]
    if dots > 1:
        return text.replace(".", "") if _grouped(text, ".") else None
    return text


def _grouped(text: str, mark: str) -> bool:
    groups = text.split(mark)
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def to_tenge(amount: Decimal, unit: int) -> Decimal:
    """An amount of the source unit in tenge, to the tiyn (exact for any amount given to 0.00001
    thousand; finer digits are rounded half up)."""
    value = amount * unit if unit != 1 else amount
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        value = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return value


_FAST = re.compile(r"^\s*(\d+)(?:([.,])(\d*))?\s*$")
_EXACT_PLACES = {1: 2, 1000: 5}  # decimals of the source unit that convert to whole tiyn


def amount_in_tenge(
    raw: str, unit: int, *, decimal_comma_only: bool = True, negative_ok: bool = False
) -> Decimal | None:
    """`parse_amount` then `to_tenge`, with a fast path for the plain numbers most cells hold."""
    match = _FAST.match(raw)
    if match is not None:
        whole, mark, fraction = match.groups()
        if mark is None:
            return Decimal(whole) * unit
        if (mark == "." or decimal_comma_only) and len(fraction) <= _EXACT_PLACES.get(unit, -1):
            return Decimal(f"{whole}.{fraction}") * unit
    value = parse_amount(raw, decimal_comma_only=decimal_comma_only, negative_ok=negative_ok)
    return None if value is None else to_tenge(value, unit)


def _spreadsheet_integer(raw: str) -> str:
    """The digits of a whole number a spreadsheet may have written as "7.0" or "7,0"."""
    text = raw.strip().translate(_GROUPING)
    for suffix in (".0", ",0", ".00", ",00"):
        if text.endswith(suffix) and text[: -len(suffix)].isdigit():
            return text[: -len(suffix)]
    return text


def parse_code_part(raw: str, level: int) -> str:
    """One level's own code, zero-padded to its width ("7" → "07" for a group, "11" → "011")."""
    text = _spreadsheet_integer(raw)
    width = LEVEL_WIDTHS[level - 1]
    if not text.isdigit() or not text.isascii():
        raise CellError(_("%(value)r is not a code of digits") % {"value": raw})
    if len(text) > width:
        stripped = text.lstrip("0")
        if len(stripped) > width:
            raise CellError(
                _("%(value)r has more than %(width)s digits for this level") % {"value": raw, "width": width}
            )
        text = stripped
    return text.zfill(width)


_CODE_SEPARATORS = re.compile(r"[.\s/\-]+")
_WHOLE_CODE_LENGTHS = {2: 1, 3: 2, 6: 3, 9: 4, 12: 5}


def parse_classification_code(raw: str) -> str:
    """A dotted functional classification code from how a file writes it: "07.1.451.015.011",
    "7.1.451.15.11" (leading zeros lost), "07 1 451 015", or undivided "071451015011"."""
    text = raw.strip()
    if not text:
        raise CellError(_("the code is missing"))
    parts = [p for p in _CODE_SEPARATORS.split(text) if p]
    if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) in _WHOLE_CODE_LENGTHS and len(parts[0]) > 2:
        digits, parts = parts[0], []
        start = 0
        for width in LEVEL_WIDTHS[: _WHOLE_CODE_LENGTHS[len(digits)]]:
            parts.append(digits[start : start + width])
            start += width
    if len(parts) > len(LEVEL_WIDTHS):
        raise CellError(_("%(value)r has more than five levels") % {"value": raw})
    try:
        return ".".join(parse_code_part(part, level) for level, part in enumerate(parts, start=1))
    except CellError:
        raise CellError(_("%(value)r is not a classification code like 07.1.451.015.011") % {"value": raw}) from None


def parse_economic_code(raw: str) -> str:
    text = _spreadsheet_integer(raw)
    if text and (not text.isdigit() or not text.isascii() or len(text) > 8):
        raise CellError(_("%(value)r is not an economic code (up to 8 digits)") % {"value": raw})
    return text


def parse_kato(raw: str) -> str:
    text = _spreadsheet_integer(raw)
    try:
        return Kato.parse(text).code
    except KatoError:
        digits = text.isdigit()
        if digits and len(text) != 9:
            raise CellError(
                _("%(value)r has %(count)s digits; a KATO code has 9") % {"value": raw, "count": len(text)}
            ) from None
        raise CellError(_("%(value)r is not a KATO code of 9 digits") % {"value": raw}) from None


def parse_int(raw: str, low: int, high: int) -> int:
    text = _spreadsheet_integer(raw)
    if not text.isdigit() or not text.isascii():
        raise CellError(_("%(value)r is not a whole number") % {"value": raw})
    value = int(text)
    if not low <= value <= high:
        raise CellError(_("%(value)s is not between %(low)s and %(high)s") % {"value": value, "low": low, "high": high})
    return value


def parse_unit(raw: str) -> int | None:
    """1000 or 1 from how a file names its unit ("тыс. тенге", "thousand", "тенге", "1000"), or
    None when it names none."""
    text = " ".join(raw.lower().replace("ё", "е").split())
    if not text:
        return None
    if THOUSAND_HINT.search(text) or text in ("1000", "1 000", "000"):
        return 1000
    if TENGE_HINT.search(text) or text == "1":
        return 1
    return None


THOUSAND_HINT = re.compile(r"тыс|мың|thousand|'000|\b000\b|\bk\s*kzt|\bkzt\s*000|₸\s*000")
TENGE_HINT = re.compile(r"тенге|теңге|tenge|\bkzt\b|₸|\bтг\b")
