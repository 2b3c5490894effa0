"""Ratings of queue visits: by the ticket's own token, once the resident was served, once."""

import pytest
from django.test import Client

from openakimat.feedback.models import Rating
from openakimat.queueing import services as queue
from openakimat.queueing.models import TicketStatus
from openakimat.queueing.tests.conftest import NOW, cat_a, hall, offerings  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def taken(cat_a):  # noqa: F811
    return queue.ticket_issue(category=cat_a, now=NOW)


def finish(ticket):
    ticket.status = TicketStatus.DONE
    ticket.phone = ""
    ticket.save(update_fields=["status", "phone"])


def test_a_waiting_ticket_is_not_rated(taken):
    client = Client()
    page = client.get(f"/en/queue/ticket/{taken.token}/").content.decode()
    assert 'id="rating"' not in page
    assert client.post(f"/en/ratings/visit/{taken.token}/", {"score": "5"}).status_code == 403
    assert not Rating.objects.exists()


def test_the_ticket_page_offers_the_rating_once_served(taken):
    finish(taken.ticket)
    client = Client()
    page = client.get(f"/en/queue/ticket/{taken.token}/").content.decode()
    assert 'id="rating"' in page and f'action="/en/ratings/visit/{taken.token}/"' in page
    response = client.post(f"/en/ratings/visit/{taken.token}/", {"score": "3", "comment": "Slow."})
    assert response.status_code == 200
    rating = Rating.objects.get()
    assert (rating.kind, rating.score, rating.ticket_id) == ("visit", 3, taken.ticket.pk)
    assert rating.akimat_id == taken.ticket.hall.akimat_id
    assert rating.department_id == taken.ticket.category.department_id
    assert client.post(f"/en/ratings/visit/{taken.token}/", {"score": "5"}).status_code == 409
    assert Rating.objects.get().score == 3
    assert "You rated it 3 out of 5." in client.get(f"/en/queue/ticket/{taken.token}/").content.decode()


def test_a_wrong_token_rates_nothing(taken):
    finish(taken.ticket)
    assert Client().post("/en/ratings/visit/WRONGTOKEN/", {"score": "5"}).status_code == 404
    assert not Rating.objects.exists()


def test_no_score_is_a_message(taken):
    finish(taken.ticket)
    response = Client().post(f"/en/ratings/visit/{taken.token}/", {"score": ""})
    assert response.status_code == 400 and "Choose a score from 1 to 5." in response.content.decode()
