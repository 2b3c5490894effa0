"""A fake source of events for the calendar's own tests: the calendar knows no other app, so its
tests register kinds of their own ("testfair", "testdeadline"), removed after each test."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from openakimat.agenda import sources
from openakimat.agenda.ical import ALMATY

FAIR = sources.EventKind("testfair", "Fair")
DEADLINE = sources.EventKind("testdeadline", "Deadline")


class FakeSource:
    def __init__(self):
        self.items: list[sources.Event] = []

    def add(self, **fields) -> sources.Event:
        fields.setdefault("uid", f"fake-{len(self.items) + 1}")
        fields.setdefault("kind", FAIR.name)
        fields.setdefault("title", "A fair")
        fields.setdefault("url", "/kk/fake/")
        fields.setdefault("updated_at", timezone.now())
        event = sources.Event(**fields)
        self.items.append(event)
        return event

    def events(self, akimat_ids, starts, ends, kinds):
        return [
            e
            for e in self.items
            if e.kind in kinds
            and (akimat_ids is None or e.akimat_id in akimat_ids)
            and e.starts_at < ends
            and (e.ends_at or e.starts_at + timedelta(seconds=1)) > starts
        ]


@pytest.fixture
def fake_source():
    fake = FakeSource()
    sources.register(sources.Source(name="tests", kinds=(FAIR, DEADLINE), events=fake.events))
    yield fake
    sources._sources.pop("tests", None)


def almaty(year, month, day, hour=10, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ALMATY)
