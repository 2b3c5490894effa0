"""The kiosk, the resident's ticket page and the display board, through the client."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from openakimat.queueing import board, board_snapshot, services
from openakimat.queueing.models import Ticket, TicketStatus


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch):
    """No process-local copies of the board's version: each poll reads the cache."""
    cache.clear()
    board_snapshot.forget_local()
    monkeypatch.setattr(board_snapshot, "LOCAL_VERSION_SECONDS", 0)
    yield
    cache.clear()
    board_snapshot.forget_local()


def kiosk_url(hall, lang="en"):
    return f"/{lang}/queue/{hall.akimat.territory.kato}/kiosk/"


def board_url(hall, lang="en"):
    return f"/{lang}/queue/{hall.akimat.territory.kato}/board/"


def take(client, hall, category, **data):
    return client.post(kiosk_url(hall), {"category": category.pk, "priority": "", "phone": "", **data})


def test_the_kiosk_offers_categories_served_by_an_open_desk(client, hall, cat_a, cat_b, desk1):
    desk1.categories.set([cat_a])
    page = client.get(kiosk_url(hall))
    assert page.status_code == 200
    assert f"?category={cat_a.pk}".encode() in page.content
    assert f"?category={cat_b.pk}".encode() not in page.content
    assert (
        f'href="/en/queue/booking/{hall.akimat.territory.kato}/checkin/"'.encode() in page.content
    )  # "I booked online"
    assert client.get(kiosk_url(hall) + f"?category={cat_b.pk}").status_code == 400
    step2 = client.get(kiosk_url(hall) + f"?category={cat_a.pk}")
    assert step2.status_code == 200
    # The hall's kiosk groups, and "no".
    assert b'name="priority" value=""' in step2.content
    elderly = hall.priority_groups.get(code="elderly")
    assert f'value="{elderly.pk}"'.encode() in step2.content
    booked = hall.priority_groups.get(code="booked")
    assert f'value="{booked.pk}"'.encode() not in step2.content


def test_a_ticket_is_taken_and_shown_once_without_the_token_in_any_address(client, hall, cat_a, desk1):
    issued = take(client, hall, cat_a, priority=hall.priority_groups.get(code="elderly").pk)
    assert issued.status_code == 302
    assert issued["Location"] == f"/en/queue/{hall.akimat.territory.kato}/kiosk/ticket/"
    ticket = Ticket.objects.get()
    assert ticket.priority.code == "elderly"
    shown = client.get(issued["Location"])
    assert shown.status_code == 200
    assert ticket.code.encode() in shown.content
    assert b"data:image/svg+xml;base64," in shown.content
    assert shown["Cache-Control"].startswith("max-age=0") or "no-cache" in shown["Cache-Control"]
    # Shown once: the kiosk can't show it again.
    again = client.get(issued["Location"])
    assert again.status_code == 302 and again["Location"].endswith("/kiosk/")


def test_mistakes_at_the_kiosk_are_told_and_change_nothing(client, hall, cat_a, desk1):
    no_category = client.post(kiosk_url(hall), {"priority": "", "phone": ""})
    assert no_category.status_code == 400
    assert b"Choose a service first." in no_category.content
    bad_phone = take(client, hall, cat_a, phone="12")
    assert bad_phone.status_code == 400
    assert b"error-summary" in bad_phone.content
    booked = hall.priority_groups.get(code="booked")
    assert take(client, hall, cat_a, priority=booked.pk).status_code == 400
    assert not Ticket.objects.exists()


def test_the_kiosk_is_rate_limited_per_address(client, hall, cat_a, desk1, settings):
    settings.QUEUE_KIOSK_TICKETS_PER_10_MINUTES = 2
    assert take(client, hall, cat_a).status_code == 302
    assert take(client, hall, cat_a).status_code == 302
    refused = take(client, hall, cat_a)
    assert refused.status_code == 429 and "Retry-After" in refused
    assert Ticket.objects.count() == 2


def test_a_closed_hall_takes_no_tickets(client, hall, cat_a, desk1):
    hall.is_open = False
    hall.save()
    assert b"not taking tickets" in client.get(kiosk_url(hall)).content
    assert take(client, hall, cat_a).status_code == 400
    assert not Ticket.objects.exists()


def test_the_ticket_page_shows_the_place_and_the_desk_when_called(client, hall, cat_a, desk1, dana):
    services.ticket_issue(category=cat_a)
    issued = services.ticket_issue(category=cat_a)
    url = f"/en/queue/ticket/{issued.token}/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert page["Refresh"] == "30" and "http-equiv" not in html  # a header: axe and WCAG 2.2.1
    assert "Refresh" not in client.get(url + "?still=1")  # the resident may stop it
    assert re.search(r'id="ticket-ahead">1<', html)
    services.ticket_call_next(actor=dana, desk=desk1)
    services.ticket_finish(actor=dana, ticket=services.ticket_start(actor=dana, ticket=Ticket.objects.first()))
    services.ticket_call_next(actor=dana, desk=desk1)
    assert "Go to desk 1" in client.get(url).content.decode()
    assert client.get(reverse("queueing:ticket", kwargs={"token": "X" * 24})).status_code == 404


def test_the_resident_leaves_a_phone_and_cancels_from_the_ticket_page(client, hall, cat_a, desk1):
    issued = services.ticket_issue(category=cat_a)
    url = f"/en/queue/ticket/{issued.token}/"
    assert 'href="?sms=1#sms"' in client.get(url).content.decode()
    form = client.get(url + "?sms=1")
    assert 'name="phone"' in form.content.decode() and "Refresh" not in form
    assert client.post(url, {"action": "phone", "phone": "12"}).status_code == 400
    assert client.post(url, {"action": "phone", "phone": "+7 701 123 4567"}).status_code == 302
    page = client.get(url).content.decode()
    assert "We will send an SMS" in page and "4567" not in page
    assert client.post(url, {"action": "dance"}).status_code == 400
    assert client.post(url, {"action": "cancel"}).status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.status == TicketStatus.CANCELLED and ticket.phone == ""
    assert client.post(url, {"action": "cancel"}).status_code == 409


def test_the_board_shows_calls_and_nothing_personal(client, hall, cat_a, desk1, dana):
    services.ticket_issue(category=cat_a, phone="+7 701 123 4567")
    called = services.ticket_call_next(actor=dana, desk=desk1)
    page = client.get(board_url(hall))
    assert page.status_code == 200
    html = page.content.decode()
    assert called.code in html and "4567" not in html
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert "<script>" not in html  # the policy allows no inline script
    assert client.get("/en/queue/000000000/board/").status_code == 404


def test_the_board_feed_answers_204_without_a_query_when_nothing_changed(
    client, hall, cat_a, desk1, dana, django_assert_num_queries, django_capture_on_commit_callbacks
):
    feed = f"/en/queue/{hall.akimat.territory.kato}/board.json"
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_issue(category=cat_a)
    first = client.get(feed)
    assert first.status_code == 200 and first["Cache-Control"].startswith("max-age=0")
    data = first.json()
    assert data["calling"] == [] and data["version"] == board.version(hall.pk)
    with django_assert_num_queries(0):
        same = client.get(feed, {"v": data["version"]})
    assert same.status_code == 204 and same.content == b""
    with django_capture_on_commit_callbacks(execute=True):
        called = services.ticket_call_next(actor=dana, desk=desk1)
    fresh = client.get(feed, {"v": data["version"]}).json()
    assert fresh["version"] > data["version"]
    assert [(c["ticket"], c["desk"]) for c in fresh["calling"]] == [(called.code, 1)]
    assert set(fresh["calling"][0]) == {"ticket", "desk", "at", "key"}
    # Every screen after the first is answered from the cache.
    with django_assert_num_queries(0):
        assert client.get(feed, {"v": "0"}).json() == fresh
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_start(actor=dana, ticket=called)
        services.ticket_finish(actor=dana, ticket=called)
    later = client.get(feed, {"v": fresh["version"]}).json()
    assert later["calling"] == [] and [c["ticket"] for c in later["recent"]] == [called.code]
    assert client.get("/en/queue/000000000/board.json").status_code == 404


def test_a_process_reads_the_version_from_the_cache_at_most_every_quarter_second(
    hall, cat_a, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(board_snapshot, "LOCAL_VERSION_SECONDS", 60)
    first = board_snapshot.current_version(hall.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_issue(category=cat_a)
    assert board_snapshot.current_version(hall.pk) == first  # this process's copy, for a moment
    monkeypatch.setattr(board_snapshot, "LOCAL_VERSION_SECONDS", 0)
    assert board_snapshot.current_version(hall.pk) == board.version(hall.pk) > first


def test_the_public_pages_are_never_served_from_the_page_cache(settings):
    from openakimat.queueing import views_board, views_public

    listed = {str(name) for name in getattr(settings, "PAGE_CACHE_VIEWS", {})}
    for view in (views_public.kiosk, views_public.ticket, views_board.board_page, views_board.board_json):
        assert not any(view.__name__ in name for name in listed)
    assert timezone.now()
