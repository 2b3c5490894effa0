"""The akimat's public page shows the queue now (people waiting, the estimated wait) when the akimat
has an open hall, and the page cache keeps such a page a minute at most; nothing personal."""

import contextlib
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from openakimat.queueing.models import TicketStatus
from openakimat.web import pagecache

from .factories import make_ticket

pytestmark = pytest.mark.django_db
PAGE = "/en/akimats/593400000/"


@contextlib.contextmanager
def at(moment: datetime):
    with (
        mock.patch("django.utils.timezone.now", return_value=moment),
        mock.patch("time.time", return_value=moment.timestamp()),
    ):
        yield


def test_the_queue_now_shows_and_is_never_older_than_a_minute(client, hall, cat_a, cat_b, dana):
    now = timezone.now()
    with at(now):
        make_ticket(cat_a, now - timedelta(minutes=3), status=TicketStatus.WAITING)
        first = client.get(PAGE)
        html = first.content.decode()
        assert "Queue now" in html and "about 15 minutes" in html and "no wait" in html
        assert client.get(PAGE)[pagecache.HEADER] == "hit"
        make_ticket(cat_a, now - timedelta(minutes=2), status=TicketStatus.WAITING)
    with at(now + timedelta(seconds=50)):
        assert client.get(PAGE)[pagecache.HEADER] == "hit"
    with at(now + timedelta(seconds=61)):
        response = client.get(PAGE)
        assert response[pagecache.HEADER] == "miss" and "about 30 minutes" in response.content.decode()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_no_queue_section_without_an_open_hall(client, hall, lang):
    hall.is_open = False
    hall.save()
    html = client.get(f"/{lang}/akimats/593400000/").content.decode()
    assert 'id="queue-now-heading"' not in html
    assert client.get(f"/{lang}/akimats/593400000/")[pagecache.HEADER] == "hit"
