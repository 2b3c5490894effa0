"""A small iCalendar (RFC 5545) writer for the calendar's feeds: one VCALENDAR of published events.

Written here rather than with a library so that what subscribers get is plain to read and test:
TEXT values escaped (backslash, semicolon, comma, newline), every line ended by CRLF, and lines
longer than 75 octets folded (CRLF and one space) between whole UTF-8 characters, never inside a
Kazakh or Russian letter. The tests check the output with the `icalendar` library's parser.
"""

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from .sources import Event

CRLF = "\r\n"
LINE_OCTETS = 75  # RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets, excluding the CRLF
TZID = "Asia/Almaty"
ALMATY = ZoneInfo(TZID)
PRODID = "-//Open Akimat//Public calendar//EN"

# Kazakhstan has kept one time, UTC+5, everywhere since 1 March 2024 (Almaty and the east were UTC+6
# before). The feeds hold events from 90 days back at most, all after that change, so a single
# STANDARD observance at +0500, with no daylight saving time, describes every time they contain.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:20240301T000000",
    "TZOFFSETFROM:+0500",
    "TZOFFSETTO:+0500",
    "TZNAME:+05",
    "END:STANDARD",
    "END:VTIMEZONE",
)


_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")  # every control character but the tab


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, newlines as \\n."""
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    # Other control characters are not allowed in a value (3.1): they become spaces.
    return _CONTROL.sub(" ", value)


def fold(line: str) -> str:
    """One content line, folded so that no physical line exceeds 75 octets of UTF-8 (3.1).

    A continuation line starts with a space, which counts towards its 75 octets. The line is cut
    only between characters, so a multi-byte letter is never split: a cut that would fall on a
    continuation byte of UTF-8 (0b10xxxxxx) moves back to the start of its character."""
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return line
    pieces: list[bytes] = []
    start, limit = 0, LINE_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:
            end -= 1
        pieces.append(data[start:end])
        start, limit = end, LINE_OCTETS - 1
    pieces.append(data[start:])
    return (CRLF + " ").join(piece.decode("utf-8") for piece in pieces)


def utc_stamp(moment: datetime) -> str:
    """A DATE-TIME in UTC: 20261129T071500Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_stamp(moment: datetime) -> str:
    """A DATE-TIME as the wall-clock time of Asia/Almaty, for use with TZID."""
    return moment.astimezone(ALMATY).strftime("%Y%m%dT%H%M%S")


def local_date(moment: datetime) -> str:
    return moment.astimezone(ALMATY).strftime("%Y%m%d")


def _event_lines(event: Event, *, host: str, base_url: str, now: datetime, kind_labels: dict) -> list[str]:
    # DTSTAMP: the event's last change rather than the moment the feed was made (which RFC 5545 allows
    # under METHOD too), so that a feed made again from the same data is the same bytes, and a
    # calendar application that revalidates gets a 304 (its ETag is the hash of the body).
    changed = event.updated_at or now
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}@{host}",
        f"DTSTAMP:{utc_stamp(changed)}",
    ]
    if event.all_day:
        first = event.starts_at.astimezone(ALMATY).date()
        last = event.ends_at.astimezone(ALMATY).date() if event.ends_at else first
        after = max(last, first) + timedelta(days=1)  # DTEND of an all-day event is exclusive
        lines.append(f"DTSTART;VALUE=DATE:{first:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{after:%Y%m%d}")
    else:
        lines.append(f"DTSTART;TZID={TZID}:{local_stamp(event.starts_at)}")
        if event.ends_at and event.ends_at > event.starts_at:
            lines.append(f"DTEND;TZID={TZID}:{local_stamp(event.ends_at)}")
    lines.append(f"SUMMARY:{escape_text(event.title)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        url = event.url if event.url.startswith(("http://", "https://")) else base_url + event.url
        lines.append(f"URL;VALUE=URI:{url}")
    lines.append(f"CATEGORIES:{escape_text(kind_labels.get(event.kind, event.kind))}")
    lines.append(f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}")
    lines.append(f"SEQUENCE:{max(0, int(event.sequence))}")
    if event.updated_at:
        lines.append(f"LAST-MODIFIED:{utc_stamp(event.updated_at)}")
    lines.append("TRANSP:OPAQUE")
    lines.append("END:VEVENT")
    return lines


def calendar(
    events: Iterable[Event],
    *,
    name: str,
    host: str,
    base_url: str,
    description: str = "",
    now: datetime | None = None,
    refresh: str = "PT1H",
    kind_labels: dict | None = None,
) -> bytes:
    """The VCALENDAR of `events`, as UTF-8 bytes with CRLF line endings.

    `host` makes the UIDs unique across the deployment ("reception-7@akimat.sko.gov.kz"); `base_url`
    ("https://akimat.sko.gov.kz") makes the events' paths absolute URLs; `kind_labels` names each kind
    of event in the feed's language (CATEGORIES)."""
    now = now or datetime.now(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TZID}",
    ]
    if description:
        lines.append(f"X-WR-CALDESC:{escape_text(description)}")
    # How often a subscriber should look again (RFC 7986, and the older Apple/Microsoft name).
    lines.append(f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}")
    lines.append(f"X-PUBLISHED-TTL:{refresh}")
    lines.extend(VTIMEZONE)
    for event in events:
        lines.extend(_event_lines(event, host=host, base_url=base_url, now=now, kind_labels=kind_labels or {}))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines).encode("utf-8")
