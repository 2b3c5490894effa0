"""The resident's look-up by number and tracking code, the busiest public read of the front office.

Two fixed SQL statements (the case with its service and akimat, then its status steps) instead of
ORM querysets: building the queryset SQL cost more CPU than running it, and this look-up must serve
hundreds of residents a second on a small server. The SQL is plain enough for both PostgreSQL and
SQLite, and the tests run it on both.
"""

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection
from django.utils.dateparse import parse_datetime

from openakimat.catalogue.models import PublicService
from openakimat.common.models import localized
from openakimat.territory.models import Akimat

from .models import Application, ApplicationEvent, Status
from .services import clean_tracking_input

_LANGS = ("kk", "ru", "en")


@dataclass
class Names:
    """Something with names (and perhaps an address) in three languages, read like the models."""

    name_kk: str = ""
    name_ru: str = ""
    name_en: str = ""
    address_kk: str = ""
    address_ru: str = ""
    address_en: str = ""

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def address(self) -> str:
        return localized(self, "address")


@dataclass
class TrackedCase:
    number: str
    status: str
    registered_at: datetime
    due_at: datetime
    decided_at: datetime | None
    paused_at: datetime | None
    public_note: str
    service_code: str
    service: Names
    akimat: Names
    steps: list[tuple[str, datetime]] = field(default_factory=list)

    def get_status_display(self) -> str:
        return str(Status(self.status).label)


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
            *(f"k.{f}_{lang}" for f in ("name", "address") for lang in _LANGS),
        ]
    )
    joins = f"JOIN {s} s ON s.id = a.service_id JOIN {k} k ON k.id = a.akimat_id"
    case = f"SELECT {columns} FROM {a} a {joins} WHERE a.number = %s"  # noqa: S608
    steps = f"SELECT to_status, at FROM {e} WHERE application_id = %s AND to_status <> '' ORDER BY at, id"  # noqa: S608
    return case, steps


_CASE_SQL, _STEPS_SQL = _sql()


def _moment(value: datetime | str | None) -> datetime | None:
    """Datetimes as the ORM would give them: aware, in UTC (SQLite hands back text)."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else parse_datetime(value)
    if moment is None:
        raise ValueError(f"not a datetime: {value!r}")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


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
        steps = [(status, _moment(at)) for status, at in cursor.fetchall()]
    (
        _pk,
        _code,
        number,
        status,
        registered,
        due,
        decided,
        paused,
        note,
        service_code,
        s_kk,
        s_ru,
        s_en,
        k_kk,
        k_ru,
        k_en,
        a_kk,
        a_ru,
        a_en,
    ) = row
    return TrackedCase(
        number=number,
        status=status,
        registered_at=_moment(registered),
        due_at=_moment(due),
        decided_at=_moment(decided),
        paused_at=_moment(paused),
        public_note=note,
        service_code=service_code,
        service=Names(s_kk, s_ru, s_en),
        akimat=Names(k_kk, k_ru, k_en, a_kk, a_ru, a_en),
        steps=steps,  # type: ignore[arg-type]
    )
