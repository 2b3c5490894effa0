"""The "live now" badge, with the clock moved: absent eleven minutes before the start, present from
ten minutes before it, during the meeting, and gone at its end — on the meeting's page, in the
list, on the akimat's page and on the home page, with the page cache on: a page kept before a
badge appears is never served after that moment."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openakimat.meetings import live
from openakimat.meetings.models import Format
from openakimat.web import pagecache

from .conftest import at, schedule

pytestmark = pytest.mark.django_db
BADGE = "live-badge"


@pytest.fixture
def broadcast(akzhar_akimat):
    starts = (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    return schedule(akzhar_akimat, starts_at=starts, ends_at=starts + timedelta(hours=2))


def pages(meeting):
    return [f"/en/meetings/{meeting.pk}/", "/en/meetings/", "/en/akimats/593400000/", "/en/"]


def shows_badge(client, address: str) -> bool:
    response = client.get(address)
    assert response.status_code == 200
    return BADGE in response.content.decode()


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (timedelta(minutes=-11), False),
        (timedelta(minutes=-10, seconds=-1), False),
        (timedelta(minutes=-10), True),
        (timedelta(minutes=0), True),
        (timedelta(hours=1, minutes=59, seconds=59), True),
        (timedelta(hours=2), False),
        (timedelta(hours=3), False),
    ],
)
def test_the_badge_shows_from_ten_minutes_before_the_start_until_the_end(client, broadcast, offset, expected):
    with at(broadcast.starts_at + offset):
        for address in pages(broadcast):
            assert shows_badge(client, address) is expected, address


def test_a_meeting_held_only_in_the_hall_or_cancelled_is_never_live(client, akzhar_akimat, broadcast):
    hall = schedule(akzhar_akimat, starts_at=broadcast.starts_at, format=Format.IN_PERSON, stream_url="")
    with at(broadcast.starts_at + timedelta(minutes=5)):
        assert not live.is_live(hall)
        assert not shows_badge(client, f"/en/meetings/{hall.pk}/")
        assert "<dd>In progress</dd>" in client.get(f"/en/meetings/{hall.pk}/").content.decode()
        assert live.snapshot()[0] == [broadcast]


def test_with_the_page_cache_the_badge_still_appears_on_time(client, broadcast):
    eleven_before = broadcast.starts_at - timedelta(minutes=11)
    with at(eleven_before):
        for address in pages(broadcast):
            first = client.get(address)
            assert first[pagecache.HEADER] == "miss" and BADGE not in first.content.decode()
            # Kept, but only until the badge appears.
            assert client.get(address)[pagecache.HEADER] == "hit"
    with at(eleven_before + timedelta(seconds=30)):
        assert client.get(pages(broadcast)[0])[pagecache.HEADER] == "hit"
    with at(broadcast.starts_at - timedelta(minutes=10)):
        for address in pages(broadcast):
            response = client.get(address)
            assert response[pagecache.HEADER] == "miss", address
            assert BADGE in response.content.decode(), address
    with at(broadcast.ends_at - timedelta(seconds=1)):
        assert BADGE in client.get(pages(broadcast)[0]).content.decode()
    with at(broadcast.ends_at):
        for address in pages(broadcast):
            assert BADGE not in client.get(address).content.decode(), address


def test_a_page_is_kept_no_longer_than_until_the_next_change(rf, broadcast):
    moment = broadcast.starts_at - timedelta(minutes=10, seconds=30)
    assert live.next_change(now=moment) == broadcast.starts_at - live.LEAD
    assert live.meeting_changes(broadcast, moment) == broadcast.starts_at - live.LEAD
    response = live.cap_page_cache(pagecache.HttpResponse(), live.next_change(now=moment), moment)
    assert response.page_cache_seconds == 29 and "Cache-Control" not in response
    during = broadcast.starts_at + timedelta(minutes=1)
    assert live.next_change(now=during) == broadcast.ends_at
    # Nothing coming: the page cache's own limit stands.
    assert live.next_change(now=broadcast.ends_at + timedelta(days=1)) is None
    assert not hasattr(live.cap_page_cache(pagecache.HttpResponse(), None), "page_cache_seconds")


def test_the_page_cache_keeps_a_page_no_longer_than_its_view_says(client, broadcast, settings):
    """The page cache (web/pagecache.py) honours a view's own limit, and 0 keeps nothing; nothing
    of it reaches the browser or a cache outside the process, and browsers revalidate as always."""
    with at(broadcast.starts_at - timedelta(minutes=10, seconds=1)):
        response = client.get(pages(broadcast)[0])
        assert pagecache.HEADER not in response  # one second left: not kept at all
        assert "max-age" not in response.get("Cache-Control", "")
        assert pagecache.HEADER not in client.get(pages(broadcast)[0])
    with at(broadcast.starts_at - timedelta(minutes=20)):
        response = client.get(pages(broadcast)[0])
        assert response["Cache-Control"] == pagecache.CACHE_CONTROL


def test_a_meeting_cancelled_while_live_leaves_the_home_and_akimat_pages_at_once(client, broadcast):
    from openakimat.meetings import services

    from .conftest import SYSTEM

    with at(broadcast.starts_at + timedelta(minutes=1)):
        for address in ("/en/", "/en/akimats/593400000/"):
            assert BADGE in client.get(address).content.decode()
            assert client.get(address)[pagecache.HEADER] == "hit"
        services.meeting_cancel(actor=SYSTEM, meeting=broadcast, reason="Связь пропала.")
        for address in ("/en/", "/en/akimats/593400000/"):
            response = client.get(address)
            assert response[pagecache.HEADER] == "miss" and BADGE not in response.content.decode()


def test_the_home_page_costs_the_same_queries_however_many_meetings_are_live(client, akzhar_akimat, broadcast):
    with at(broadcast.starts_at):
        for n in range(5):
            schedule(akzhar_akimat, starts_at=broadcast.starts_at, title_en=f"Live {n}")
        client.get("/en/akimats/593400000/")  # warms what every page reads (the language, the site)
        with CaptureQueriesContext(connection) as few:
            assert client.get("/en/?a=1").content.decode().count(BADGE) == 6
        for n in range(5):
            schedule(akzhar_akimat, starts_at=broadcast.starts_at, title_en=f"More {n}")
        with CaptureQueriesContext(connection) as more:
            assert client.get("/en/?a=2").content.decode().count(BADGE) == 11
    assert len(few) == len(more)
