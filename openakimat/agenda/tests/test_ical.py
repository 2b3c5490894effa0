"""The iCalendar writer on its own: TEXT escaping, CRLF line endings, folding at 75 octets of UTF-8
without splitting a Kazakh or Russian letter, dates in Asia/Almaty, and what the icalendar library's
parser reads back."""

import itertools
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from openakimat.agenda import ical
from openakimat.agenda.sources import Event

NOW = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def test_text_escaping_of_backslash_semicolon_comma_and_newline():
    assert ical.escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    assert ical.escape_text("one\r\ntwo\rthree") == "one\\ntwo\\nthree"
    assert ical.escape_text("bell\x07") == "bell "


def test_a_short_line_is_left_alone():
    assert ical.fold("SUMMARY:Қабылдау") == "SUMMARY:Қабылдау"


def test_folding_at_exactly_75_octets_of_ascii():
    line = "DESCRIPTION:" + "x" * 200
    physical = ical.fold(line).split("\r\n")
    assert len(physical[0].encode()) == 75
    assert all(len(p.encode()) == 75 for p in physical[:-1])
    assert all(p.startswith(" ") for p in physical[1:])
    assert unfold(ical.fold(line)) == line


@pytest.mark.parametrize("letter", ["ә", "Қ", "ү", "ж", "ё", "€", "😀"])
def test_folding_never_splits_a_letter(letter):
    for prefix in range(0, 6):  # every alignment of the multi-byte letters against the 75th octet
        line = "SUMMARY:" + "a" * prefix + letter * 80
        folded = ical.fold(line)
        physical = folded.split("\r\n")
        for p in physical:
            p.encode("utf-8").decode("utf-8")  # each physical line is whole UTF-8 on its own
            assert len(p.encode()) <= 75
        # A line is cut only when the next letter would not fit.
        for p, following in itertools.pairwise(physical):
            assert len(p.encode()) + len(following[1].encode()) > 75
        assert unfold(folded) == line


def test_kazakh_line_is_folded_to_75_octets_exactly_where_it_fits():
    line = "SUMMARY:" + "Ә" * 40  # 8 ASCII octets, then 2 octets a letter
    physical = ical.fold(line).split("\r\n")
    assert len(physical[0].encode()) == 74  # 8 + 33 × 2; a 34th letter would make 76
    assert len(physical[1].encode()) == 1 + 7 * 2


def test_a_line_of_kazakh_that_fills_exactly_75_octets_is_cut_there():
    line = "SUMMARY:a" + "Қ" * 33 + "ә" * 5  # 9 + 66 = 75 octets, then five more letters
    first, second = ical.fold(line).split("\r\n")
    assert len(first.encode()) == 75 and first.endswith("Қ")
    assert second == " " + "ә" * 5


@given(st.text(min_size=0, max_size=400))
def test_folding_round_trips_any_text(text):
    line = "DESCRIPTION:" + ical.escape_text(text)
    folded = ical.fold(line)
    assert all(len(p.encode()) <= 75 for p in folded.split("\r\n"))
    assert unfold(folded) == line


def event(**extra) -> Event:
    fields = {
        "uid": "test-1",
        "kind": "testfair",
        "akimat_id": 1,
        "title": "Ашық қабылдау; аудан әкімі, Талшық",
        "starts_at": datetime(2026, 12, 3, 5, 0, tzinfo=UTC),  # 10:00 in Almaty
        "ends_at": datetime(2026, 12, 3, 6, 30, tzinfo=UTC),
        "location": "Талшық, Целинная к-сі, 15",
        "url": "/kk/receptions/1/",
        "description": "Тақырыптар: жолдар\nСу, жылу",
        "sequence": 2,
        "updated_at": datetime(2026, 11, 20, 8, 15, tzinfo=UTC),
    }
    fields.update(extra)
    return Event(**fields)


def feed(*events: Event) -> bytes:
    return ical.calendar(
        events, name="Ашық әкімдік: Ақжар", host="akimat.example.kz", base_url="https://akimat.example.kz", now=NOW
    )


def test_the_calendar_has_crlf_endings_and_no_bare_newline():
    body = feed(event(), event(uid="test-2", all_day=True, ends_at=None, cancelled=True))
    text = body.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_an_event_as_written():
    text = unfold(feed(event()).decode())
    assert "UID:test-1@akimat.example.kz\r\n" in text
    assert "DTSTART;TZID=Asia/Almaty:20261203T100000\r\n" in text
    assert "DTEND;TZID=Asia/Almaty:20261203T113000\r\n" in text
    assert "DTSTAMP:20261120T081500Z\r\n" in text
    assert "LAST-MODIFIED:20261120T081500Z\r\n" in text
    assert "SUMMARY:Ашық қабылдау\\; аудан әкімі\\, Талшық\r\n" in text
    assert "DESCRIPTION:Тақырыптар: жолдар\\nСу\\, жылу\r\n" in text
    assert "URL;VALUE=URI:https://akimat.example.kz/kk/receptions/1/\r\n" in text
    assert "SEQUENCE:2\r\n" in text and "STATUS:CONFIRMED\r\n" in text


def test_an_all_day_event_is_a_date_and_ends_the_next_day():
    text = feed(event(all_day=True, ends_at=None, starts_at=datetime(2026, 12, 15, 20, 0, tzinfo=UTC))).decode()
    # 20:00 UTC on 15 December is 01:00 on the 16th in Almaty: the day is the 16th.
    assert "DTSTART;VALUE=DATE:20261216\r\n" in text
    assert "DTEND;VALUE=DATE:20261217\r\n" in text


def test_the_library_reads_back_what_was_written(monkeypatch):
    # icalendar 7 collects a VEVENT's errors in `.errors` instead of raising: make it raise.
    monkeypatch.setattr(icalendar.Event, "ignore_exceptions", False)
    cal = icalendar.Calendar.from_ical(feed(event(), event(uid="test-2", cancelled=True, sequence=0)))
    assert not cal.errors and all(not c.errors for c in cal.walk())
    first, second = cal.events
    assert str(first["SUMMARY"]) == "Ашық қабылдау; аудан әкімі, Талшық"
    assert str(first["DESCRIPTION"]) == "Тақырыптар: жолдар\nСу, жылу"
    assert str(first["LOCATION"]) == "Талшық, Целинная к-сі, 15"
    assert first.decoded("DTSTART").utcoffset() == timedelta(hours=5)
    assert first.decoded("DTSTART") == datetime(2026, 12, 3, 5, 0, tzinfo=UTC)
    assert str(second["STATUS"]) == "CANCELLED"
    tz = cal.walk("VTIMEZONE")[0]
    standard = tz.walk("STANDARD")[0]
    assert str(tz["TZID"]) == "Asia/Almaty"
    assert standard.decoded("TZOFFSETFROM") == standard.decoded("TZOFFSETTO") == timedelta(hours=5)
