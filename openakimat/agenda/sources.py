"""The kinds of event the public calendar shows, declared by the apps that own them.

The calendar knows no other app. An app with dated public events (meetings, hearings, receptions,
the closing day of a public consultation) registers a `Source` from its `AppConfig.ready`:

    agenda_sources.register(Source(
        name="receptions",
        kinds=(EventKind("reception", _("Open reception")),),
        events=reception_events,
        realm="register",
    ))

`events(akimat_ids, starts, ends, kinds)` returns the `Event`s of the given akimats (all of them when
`akimat_ids` is None) that overlap the half-open interval [starts, ends) of aware datetimes, of the
source's kinds named in `kinds` (a set, never empty: the calendar does not ask a source none of
whose kinds is wanted) — a source should filter by them in its query, so that a feed of one kind
does not read every event of the others. Titles and
places are given in the active language: the calendar renders them as they come. `realm` names the
page-cache realm (`PAGE_CACHE_REALMS`) whose data generation changes when the source's events
change, so cached calendar pages and feeds follow the data.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.functional import Promise


@dataclass(frozen=True)
class EventKind:
    name: str  # "reception", "meeting", "hearing", "consultation": unique across sources, URL-safe
    label: str | Promise  # translated when shown


@dataclass(frozen=True)
class Event:
    uid: str  # stable across edits and unique across the deployment, e.g. "meeting-42"
    kind: str  # an EventKind.name
    akimat_id: int
    title: str
    starts_at: datetime  # aware; for an all-day event, any moment of its day in Asia/Almaty
    ends_at: datetime | None = None  # aware; None for a moment (a deadline)
    all_day: bool = False
    location: str = ""
    url: str = ""  # the absolute path of the event's public page ("/ru/meetings/42/")
    description: str = ""
    cancelled: bool = False
    sequence: int = 0  # grows by one with every change a subscriber should notice (RFC 5545)
    updated_at: datetime | None = None  # last change, aware


@dataclass(frozen=True)
class Source:
    name: str  # the owning app's label
    kinds: tuple[EventKind, ...]
    events: Callable[[list[int] | None, datetime, datetime, frozenset[str]], Iterable[Event]]
    realm: str = "register"
    extra: dict = field(default_factory=dict)


_sources: dict[str, Source] = {}


def register(source: Source) -> Source:
    names = {k.name for s in _sources.values() if s.name != source.name for k in s.kinds}
    clash = names & {k.name for k in source.kinds}
    if clash:
        raise ValueError(f"event kinds already registered by another source: {sorted(clash)}")
    _sources[source.name] = source
    return source


def registered() -> list[Source]:
    return sorted(_sources.values(), key=lambda s: s.name)


def kinds() -> list[EventKind]:
    return [kind for source in registered() for kind in source.kinds]


def kind(name: str) -> EventKind | None:
    return next((k for k in kinds() if k.name == name), None)


def events(akimat_ids: list[int] | None, starts: datetime, ends: datetime, kind_names=None) -> list[Event]:
    """Every registered source's events in [starts, ends), by start, then uid."""
    found: list[Event] = []
    for source in registered():
        wanted = {k.name for k in source.kinds}
        if kind_names is not None:
            wanted &= set(kind_names)
            if not wanted:
                continue
        found.extend(e for e in source.events(akimat_ids, starts, ends, frozenset(wanted)) if e.kind in wanted)
    return sorted(found, key=lambda e: (e.starts_at, e.uid))
