"""The resident's look-up by number and tracking code: the one read path of the tracking page and
the tracking API, so both show the same steps and the same note.

Two fixed SQL statements (the case with its service and akimat, then its public steps) instead of
ORM querysets: building the queryset SQL cost more CPU than running it, and this look-up must serve
hundreds of residents a second on a small server. The SQL is plain enough for both PostgreSQL and
SQLite, and the tests run it on both.
"""

import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from openakimat.catalogue.models import PublicService
from openakimat.common.lookalikes import LOOK_ALIKES
from openakimat.common.models import localized
from openakimat.territory.models import Akimat

from .models import OPEN_STATUSES, Application, ApplicationEvent, EventKind, Status

_LANGS = ("kk", "ru", "en")
# Crockford's base32 without I, L, O and U: easy to read out over the phone. 13 symbols are
# 65 random bits.
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_LENGTH = 13
# Steps of a case the resident sees; assignments and internal notes stay with the staff.
PUBLIC_EVENT_KINDS = (
    EventKind.REGISTERED,
    EventKind.STATUS,
    EventKind.TRANSFERRED,
    EventKind.EXTENDED,
    EventKind.DOCUMENT,
)
# The note of the step the case is at — what to bring, or where and how to collect the result —
# is shown only while the case is at that step: a note of an earlier step would be out of date.
NOTE_SHOWN_IN = (Status.AWAITING_DOCUMENTS, Status.READY)


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


# Whatever a phone keyboard or a word processor puts between the groups.
_SEPARATORS = str.maketrans(dict.fromkeys("-‐‑‒–—―−_./\\", ""))
# AKZ-2026-000123 (a prefix of 2–6 letters) or 593430000-2026-000001 (a nine-digit KATO code).
_NUMBER = re.compile(r"([A-Z]{2,6}|[0-9]{9})([0-9]{4})([0-9]{6,})")
_NUMBER_DASHED = re.compile(r"([A-Z]{2,6}|[0-9]{9})-([0-9]{4})-([0-9]{1,9})")


def _plain(raw: str) -> str:
    """Upper case, compatibility forms folded (full-width digits), no whitespace, Latin letters for
    Cyrillic look-alikes."""
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(text.split()).upper().translate(LOOK_ALIKES)


def normalise_tracking_code(raw: str) -> str:
    """What a resident types, read leniently: spaces and dashes dropped, Cyrillic look-alikes read
    as Latin letters, O as 0, I and L as 1."""
    return _plain(raw).translate(_SEPARATORS).translate(str.maketrans("OIL", "011"))


def normalise_number(raw: str) -> str:
    """An application number as stored, from what a resident typed: "akz 2026 000015",
    "AKZ2026000015", "АКZ-2026-15" (Cyrillic А and К, no leading zeros) all read AKZ-2026-000015.
    Text that doesn't look like a number comes back upper-cased without spaces, and matches
    nothing."""
    text = _plain(raw)
    spaced = unicodedata.normalize("NFKC", raw or "").strip().upper().translate(LOOK_ALIKES)
    dashed = re.sub(r"[\s‐‑‒–—―−_./\\-]+", "-", spaced)
    if match := _NUMBER_DASHED.fullmatch(dashed):
        prefix, year, sequence = match.groups()
        return f"{prefix}-{year}-{int(sequence):06d}"
    if match := _NUMBER.fullmatch(text.translate(_SEPARATORS)):
        prefix, year, sequence = match.groups()
        return f"{prefix}-{year}-{sequence}"
    return text


def group_code(code: str) -> str:
    """XXXX-XXXX-XXXXX: easier to read aloud and to copy; the dashes are ignored when typed back."""
    return "-".join(part for part in (code[:4], code[4:8], code[8:]) if part)


def clean_tracking_input(number: str, tracking_code: str) -> tuple[str, str] | None:
    """(number, code) as stored, from what a resident typed; None when they can't match any case."""
    number = normalise_number(number or "")
    code = normalise_tracking_code(tracking_code or "")
    if not number or len(number) > 24 or len(code) != TRACKING_LENGTH:
        return None
    return number, code


def find_by_tracking(number: str, tracking_code: str) -> Application | None:
    """The application itself (for a service to lock and change), compared in constant time."""
    cleaned = clean_tracking_input(number, tracking_code)
    if cleaned is None:
        return None
    number, code = cleaned
    application = Application.objects.filter(number=number).order_by().first()
    if application is None or not secrets.compare_digest(application.tracking_code, code):
        return None
    return application


@dataclass
class Names:
    """Something with names (and perhaps an address and hours) in three languages, read like the
    models."""

    name_kk: str = ""
    name_ru: str = ""
    name_en: str = ""
    address_kk: str = ""
    address_ru: str = ""
    address_en: str = ""
    hours_kk: str = ""
    hours_ru: str = ""
    hours_en: str = ""

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def address(self) -> str:
        return localized(self, "address")

    @property
    def hours(self) -> str:
        return localized(self, "hours")


@dataclass
class Step:
    kind: str
    status: str
    at: datetime

    @property
    def label(self) -> str:
        if self.kind == EventKind.STATUS and self.status:
            return str(Status(self.status).label)
        return str(EventKind(self.kind).label)


@dataclass
class TrackedCase:
    number: str
    tracking_code: str
    status: str
    registered_at: datetime
    due_at: datetime
    decided_at: datetime | None
    paused_at: datetime | None
    note: str
    service_code: str
    service: Names
    akimat: Names
    steps: list[Step] = field(default_factory=list)
    pk: int = 0

    def get_status_display(self) -> str:
        return str(Status(self.status).label)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def public_note(self) -> str:
        return self.note if self.status in NOTE_SHOWN_IN else ""

    @property
    def overdue(self) -> bool:
        return self.status in (Status.REGISTERED, Status.IN_PROGRESS) and self.due_at < timezone.now()


def _sql() -> tuple[str, str]:
    """The two statements; table names come from the models' meta, values are always bound."""
    a, s, k = Application._meta.db_table, PublicService._meta.db_table, Akimat._meta.db_table
    e = ApplicationEvent._meta.db_table
    columns = ", ".join(
        [
            *(f"a.{c}" for c in ("id", "tracking_code", "number", "status", "registered_at", "due_at")),
            *(f"a.{c}" for c in ("decided_at", "paused_at", "public_note")),
            "s.code",
            *(f"s.name_{lang}" for lang in _LANGS),
            *(f"k.{f}_{lang}" for f in ("name", "address", "hours") for lang in _LANGS),
        ]
    )
    joins = f"JOIN {s} s ON s.id = a.service_id JOIN {k} k ON k.id = a.akimat_id"
    case = f"SELECT {columns} FROM {a} a {joins} WHERE a.number = %s"  # noqa: S608
    kinds = ", ".join(f"'{kind.value}'" for kind in PUBLIC_EVENT_KINDS)
    steps = f"SELECT kind, to_status, at FROM {e} WHERE application_id = %s AND kind IN ({kinds}) ORDER BY at, id"  # noqa: S608
    return case, steps


_CASE_SQL, _STEPS_SQL = _sql()


def _moment(value: datetime | str) -> datetime:
    """Datetimes as the ORM would give them: aware, in UTC (SQLite hands back text)."""
    moment = value if isinstance(value, datetime) else parse_datetime(value)
    if moment is None:
        raise ValueError(f"not a datetime: {value!r}")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _maybe(value: datetime | str | None) -> datetime | None:
    return None if value is None else _moment(value)


def track(number: str, tracking_code: str) -> TrackedCase | None:
    """The case with this number and tracking code (compared in constant time), or None."""
    cleaned = clean_tracking_input(number, tracking_code)
    if cleaned is None:
        return None
    number, code = cleaned
    with connection.cursor() as cursor:
        cursor.execute(_CASE_SQL, [number])
        row = cursor.fetchone()
        if row is None or not secrets.compare_digest(row[1], code):
            return None
        cursor.execute(_STEPS_SQL, [row[0]])
        steps = [Step(kind, status or "", _moment(at)) for kind, status, at in cursor.fetchall()]
    _pk, code, number, status, registered, due, decided, paused, note, service_code, *names = row
    return TrackedCase(
        number=number,
        tracking_code=code,
        status=status,
        registered_at=_moment(registered),
        due_at=_moment(due),
        decided_at=_maybe(decided),
        paused_at=_maybe(paused),
        note=note,
        service_code=service_code,
        service=Names(*names[:3]),
        akimat=Names(*names[3:]),
        steps=steps,
        pk=_pk,
    )


def track_by_id(pk: object) -> TrackedCase | None:
    """The case a browser tracked before (its primary key kept in the session), read as `track`
    reads it; None if it is gone."""
    if not isinstance(pk, int):
        return None
    keys = Application.objects.filter(pk=pk).values_list("number", "tracking_code").first()
    return track(*keys) if keys else None


def tracking_path(number: str, language: str) -> str:
    """The tracking page of one case, in `language`: the number in the path (numbers are public),
    never the code."""
    with translation.override(language if language in _LANGS else "kk"):
        return reverse("frontoffice:track-case", kwargs={"number": number})


def tracking_link(number: str, code: str, language: str) -> str:
    """The short link of the SMS and the receipt's QR code: the case's tracking page with the code
    in the fragment, which browsers never send to a server or write to its logs. The page's script
    fills the form from it; without scripts the page asks for the code."""
    return f"{settings.SITE_URL}{tracking_path(number, language)}#{code}"
