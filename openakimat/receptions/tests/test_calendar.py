"""The receptions in the public calendar (openakimat/agenda): the feed a subscriber gets, read with
the icalendar library's parser made strict; the UID stays while SEQUENCE grows with each change; a
cancelled reception stays in the feed as cancelled; the cached calendar follows a change; and nothing
of the residents who signed up is shown."""

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from openakimat.agenda.ical import ALMATY
from openakimat.receptions import services

from .conftest import SYSTEM, confirmed

pytestmark = pytest.mark.django_db

CALENDAR_PROPERTIES = {"PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME"}
EVENT_PROPERTIES = {
    "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL", "DESCRIPTION", "SEQUENCE",
    "LAST-MODIFIED", "STATUS",
}  # fmt: skip


def url(name: str, lang: str = "kk", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def strict(monkeypatch):
    """icalendar 7 collects the errors of a VEVENT in `.errors` and goes on: make it raise instead."""
    monkeypatch.setattr(icalendar.Event, "ignore_exceptions", False)


def parse(body: bytes) -> icalendar.Calendar:
    cal = icalendar.Calendar.from_ical(body)
    assert all(not component.errors for component in cal.walk())
    return cal


def the_feed(client, reception, lang="kk") -> icalendar.Calendar:
    answer = client.get(url("agenda:kind-feed", lang, kato=reception.akimat.territory.kato, kind="reception"))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/calendar; charset=utf-8"
    return parse(answer.content)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_feed_holds_the_reception_with_every_property(client, reception, strict, lang):
    cal = the_feed(client, reception, lang)
    assert set(cal) >= CALENDAR_PROPERTIES
    assert str(cal["VERSION"]) == "2.0" and str(cal["METHOD"]) == "PUBLISH" and str(cal["CALSCALE"]) == "GREGORIAN"
    (event,) = cal.events
    assert set(event) >= EVENT_PROPERTIES, EVENT_PROPERTIES - set(event)
    host = settings.SITE_URL.split("://", 1)[1].split(":")[0].split("/")[0]
    assert str(event["UID"]) == f"reception-{reception.pk}@{host}"
    assert event.decoded("DTSTART") == reception.starts_at.replace(microsecond=0)
    assert event.decoded("DTEND") == reception.ends_at.replace(microsecond=0)
    assert event["DTSTART"].params["TZID"] == "Asia/Almaty"
    assert event.decoded("DTSTART").astimezone(ALMATY).utcoffset().total_seconds() == 5 * 3600
    assert event.decoded("DTSTAMP").tzinfo is not None and event["DTSTAMP"].to_ical().endswith(b"Z")
    assert str(event["URL"]) == settings.SITE_URL + url("receptions:detail", lang, pk=reception.pk)
    assert str(event["LOCATION"]) == getattr(reception, f"place_{lang}")
    assert getattr(reception, f"host_name_{lang}") in str(event["SUMMARY"])
    assert str(event["STATUS"]) == "CONFIRMED" and int(event["SEQUENCE"]) == 0
    tz = cal.walk("VTIMEZONE")[0]
    assert str(tz["TZID"]) == "Asia/Almaty"
    offsets = {(s.decoded("TZOFFSETFROM"), s.decoded("TZOFFSETTO")) for s in tz.walk("STANDARD")}
    assert {(f.total_seconds(), t.total_seconds()) for f, t in offsets} == {(5 * 3600, 5 * 3600)}
    assert not tz.walk("DAYLIGHT")


def test_the_uid_stays_while_the_sequence_grows_and_a_cancellation_is_published(client, reception, strict):
    (before,) = the_feed(client, reception).events
    services.reception_cancel(actor=SYSTEM, reception=reception, reason="The akim is called to the region.")
    (after,) = the_feed(client, reception).events
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert str(after["STATUS"]) == "CANCELLED"
    assert "The akim is called to the region." in str(after["DESCRIPTION"])
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")


def test_a_reception_held_is_still_in_the_feed_with_a_new_sequence(client, reception, strict):
    services.reception_close(actor=SYSTEM, reception=reception)
    (event,) = the_feed(client, reception).events
    assert int(event["SEQUENCE"]) == 1 and str(event["STATUS"]) == "CONFIRMED"


def test_the_feed_survives_a_round_trip_through_the_library(client, reception, strict, akzhar_akimat, talshik):
    services.reception_plan(
        actor=SYSTEM,
        akimat=akzhar_akimat,
        plan=services.ReceptionPlan(
            host_name_kk="Бақытжан Сәрсенбаев; орынбасар, «жол» мәселелері",
            host_name_ru="Бахытжан Сарсенбаев",
            host_name_en="Bakhytzhan Sarsenbayev",
            host_position_kk="әкімнің орынбасары",
            host_position_ru="заместитель акима",
            host_position_en="deputy akim",
            kind="online",
            starts_at=timezone.now() + timezone.timedelta(days=3),
            capacity=10,
            online_url="https://meet.example.kz/akzhar",
        ),
    )
    first = the_feed(client, reception)
    second = parse(first.to_ical())

    def properties(cal):
        return {str(e["UID"]): {name: e[name].to_ical() for name in e} for e in cal.events}

    assert len(first.events) == 2
    assert properties(first) == properties(second)
    summaries = {str(e["SUMMARY"]) for e in second.events}
    assert any("Бақытжан Сәрсенбаев; орынбасар, «жол» мәселелері" in s for s in summaries)


def test_an_edit_shows_in_the_cached_calendar_and_feed(client, reception):
    kato = reception.akimat.territory.kato
    page, feed = url("agenda:akimat", "en", kato=kato), url("agenda:feed", "en", kato=kato)
    first = reception.starts_at.astimezone(ALMATY)
    month = {"month": f"{first:%Y-%m}"}
    assert client.get(page, month)["X-Page-Cache"] == "miss"
    kept = client.get(page, month)
    assert (
        kept["X-Page-Cache"] == "hit"
        and "Cancelled" not in kept.content.decode().split("<main", 1)[1].split('id="legend-heading"')[0]
    )
    assert client.get(feed)["X-Page-Cache"] == "miss" and client.get(feed)["X-Page-Cache"] == "hit"

    services.reception_cancel(actor=SYSTEM, reception=reception, reason="Moved.")

    fresh = client.get(page, month)
    assert fresh["X-Page-Cache"] == "miss"
    assert '<li class="event kind-reception event-cancelled">' in fresh.content.decode()
    fresh_feed = client.get(feed)
    assert fresh_feed["X-Page-Cache"] == "miss" and b"STATUS:CANCELLED" in fresh_feed.content


def test_nothing_of_the_residents_signed_up_is_on_the_calendar(client, reception, talshik):
    confirmed(reception, talshik, name="Айгерім Сәтбаева")
    kato = reception.akimat.territory.kato
    month = {"month": f"{reception.starts_at.astimezone(ALMATY):%Y-%m}"}
    answers = [
        client.get(url("agenda:akimat", lang, kato=kato), month).content.decode()
        + client.get(url("agenda:akimat", lang, kato=kato), {"view": "list"}).content.decode()
        + client.get(url("agenda:feed", lang, kato=kato)).content.decode()
        for lang in ("kk", "ru", "en")
    ]
    for body in answers:
        assert "Асқар Әкімов" in body or "Аскар Акимов" in body or "Askar Akimov" in body
        for secret in ("Айгерім", "Сәтбаева", "7011234567", "701 123", "жарық жоқ", "+7701"):
            assert secret not in body
