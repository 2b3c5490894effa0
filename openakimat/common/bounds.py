"""Bounded parsing of numbers and dates taken from a request, for filters that read the query
themselves (the Ninja schemas bound theirs with `schemas.DatabaseId` and `Field(ge=, le=)`).

A value outside these bounds is refused by the caller with a 400/422: nothing it names can exist,
and letting it through would overflow the database driver (an integer past 64 bits) or Python's
date arithmetic (0001-01-01 minus a window, 9999-12-31 in another time zone) into a 500."""

from datetime import date, datetime

from django.utils.dateparse import parse_date, parse_datetime

# The largest id a database row can have (a signed 64-bit integer, as PostgreSQL's bigint).
DATABASE_INT_MAX = 2**63 - 1
# Dates any filter of the site can mean: far enough from year 1 and 9999 that a window of a
# few years or a shift of time zone stays inside Python's calendar.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


def bounded_int(raw: str, *, minimum: int = 1, maximum: int = DATABASE_INT_MAX) -> int | None:
    """`raw` as an integer within [minimum, maximum], else None (not a number, or out of range)."""
    raw = raw.strip()
    if not raw or len(raw) > 20 or not raw.lstrip("+-").isdigit():
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


def bounded_date(raw: str) -> date | None:
    """An ISO 8601 date (YYYY-MM-DD) between EARLIEST and LATEST, else None."""
    try:
        value = parse_date(raw.strip())
    except ValueError:  # well-formed but impossible, e.g. month 13
        return None
    return value if value is not None and EARLIEST <= value <= LATEST else None


def bounded_datetime(raw: str) -> datetime | None:
    """An ISO 8601 date and time whose date lies between EARLIEST and LATEST, else None."""
    try:
        value = parse_datetime(raw.strip())
    except ValueError:
        return None
    return value if value is not None and EARLIEST <= value.date() <= LATEST else None
