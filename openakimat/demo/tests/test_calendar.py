"""The calendar's demonstration: one cancelled reception ahead, shown as cancelled in the calendar
and its feed; loading again adds none."""

import pytest
from django.urls import reverse

from openakimat.demo.calendar import REASON
from openakimat.demo.tests import load_demo
from openakimat.receptions.models import Reception, Status

pytestmark = pytest.mark.django_db


def test_the_demo_calendar_shows_a_cancelled_reception(client):
    load_demo()
    cancelled = Reception.objects.get(cancel_reason=REASON)
    assert cancelled.status == Status.CANCELLED and "DEMO" in cancelled.host_name_en.upper()
    kato = cancelled.akimat.territory.kato
    page = client.get(reverse("agenda:akimat", kwargs={"kato": kato}), {"view": "list"}).content.decode()
    assert f'href="/kk/receptions/{cancelled.pk}/"' in page and "event-cancelled" in page
    feed = client.get(reverse("agenda:feed", kwargs={"kato": kato})).content
    assert f"reception-{cancelled.pk}@".encode() in feed and b"STATUS:CANCELLED" in feed
    count = Reception.objects.count()
    load_demo()
    assert Reception.objects.count() == count
