"""Ratings: only the applicant rates (by the tracking code, the ticket's token or the SMS link),
once; the figures and their minimum count; nothing personal on the public pages."""

import pytest
from django.core.cache import cache
from django.test import Client

from openakimat.applications.models import Status
from openakimat.applications.tests.conftest import *  # noqa: F403  (apz, offering, register, case)
from openakimat.feedback.models import Rating, RatingInvite
from openakimat.feedback.ratings_figures import aggregate
from openakimat.feedback.services import ratings as services
from openakimat.notifications.models import Notification
from openakimat.notifications.sms import mask_codes

from .ratings_cast import invented, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(case, superuser):
    return issue(case, superuser)


def post(client, case, code=None, score="4", comment="", lang="en"):
    data = {"number": case.number, "tracking_code": code or case.tracking_code, "score": score, "comment": comment}
    return client.post(f"/{lang}/ratings/application/", data)


def test_the_tracking_page_of_an_issued_case_offers_the_rating(client, issued):
    page = client.post("/en/track/", {"number": issued.number, "tracking_code": issued.tracking_code})
    html = page.content.decode()
    assert 'id="rating"' in html and "<legend>How was the service?</legend>" in html
    assert html.count('type="radio" name="score"') == 5


def test_no_rating_before_the_result_is_handed_over(client, case):
    page = client.post("/en/track/", {"number": case.number, "tracking_code": case.tracking_code})
    assert 'id="rating"' not in page.content.decode()
    response = post(client, case)
    assert response.status_code == 403
    assert not Rating.objects.exists()


def test_the_applicant_rates_once(client, issued):
    response = post(client, issued, score="4", comment="Quick and polite.\nThanks")
    assert response.status_code == 200 and b"rating-thanks" in response.content
    rating = Rating.objects.get()
    assert (rating.score, rating.comment, rating.service_id) == (4, "Quick and polite.\nThanks", issued.service_id)
    assert rating.department_id == issued.department_id and rating.akimat_id == issued.akimat_id
    again = post(client, issued, score="1")
    assert again.status_code == 409 and b"already been rated" in again.content
    assert Rating.objects.get().score == 4
    page = client.post("/en/track/", {"number": issued.number, "tracking_code": issued.tracking_code})
    assert "You rated it 4 out of 5." in page.content.decode()


def test_a_wrong_code_rates_nothing(client, issued):
    assert post(client, issued, code="0000000000000").status_code == 404
    assert client.post("/en/ratings/application/", {"number": "NOPE", "score": "5"}).status_code == 404
    assert not Rating.objects.exists()


@pytest.mark.parametrize(
    ("score", "comment", "message"),
    [
        ("", "", "Choose a score from 1 to 5."),
        ("9", "", "Select a valid choice"),
        ("5", "<script>alert(1)</script>", "plain text, without HTML"),
        ("5", "x" * 1001, "1000 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, issued, score, comment, message):
    response = post(client, issued, score=score, comment=comment)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Rating.objects.exists()


def test_a_heart_is_not_html(issued):
    rating = services.rating_submit(application=issued, score=5, comment="Great <3")
    assert rating.comment == "Great <3"


def test_the_sms_link_is_sent_at_issue_and_works_once(client, issued):
    invite = RatingInvite.objects.get(application=issued)
    sms = Notification.objects.get(kind=services.OFFER_KIND)
    link = sms.text.split(" ")[-1]
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert invite.token_hash == services.token_hash(token) and token not in invite.token_hash
    assert len(token) == 32 and token not in mask_codes(sms.text)  # what the SMS log shows
    path = link.split("://", 1)[-1].split("/", 1)[-1]
    page = client.get(f"/{path}")
    assert page.status_code == 200 and page.content.decode().count('type="radio" name="score"') == 5
    assert client.post(f"/{path}", {"score": "5"}).status_code == 200
    assert Rating.objects.get(application=issued).score == 5
    assert client.get(f"/{path}").status_code == 409
    assert client.post(f"/{path}", {"score": "1"}).status_code == 409
    assert Rating.objects.get(application=issued).score == 5
    assert client.get("/en/ratings/r/not-a-token/").status_code == 404


def test_one_offer_per_case(issued):
    assert services.rating_invite_send(application=issued) is None
    assert RatingInvite.objects.count() == 1


def test_aggregates_and_the_minimum_count(client, issued, settings):
    invented(issued, 5, 4, 4, 2)
    few = aggregate(service_id=issued.service_id)
    assert (few.count, few.mean, few.distribution) == (4, None, [])
    page = client.get(f"/en/services/{issued.service.code}/").content.decode()
    assert "4 ratings so far. The average is shown from 5 ratings." in page and "out of 5, from" not in page
    invented(issued, 5)
    cache.clear()  # the page cache keeps a service page up to two minutes (docs/ratings.md)
    found = aggregate(service_id=issued.service_id)
    assert (found.count, found.mean) == (5, 4.0)
    assert [(s.score, s.count, s.percent) for s in found.distribution] == [
        (5, 2, 40),
        (4, 2, 40),
        (3, 0, 0),
        (2, 1, 20),
        (1, 0, 0),
    ]
    page = client.get(f"/en/services/{issued.service.code}/").content.decode()
    assert "4.0 out of 5, from 5 ratings" in page
    akimat = client.get(f"/en/akimats/{issued.akimat.territory.kato}/").content.decode()
    assert 'id="ratings-heading"' in akimat and "4.0 out of 5, from 5 ratings" in akimat
    settings.RATINGS_MIN_COUNT = 10
    assert aggregate(akimat=issued.akimat).mean is None


def test_published_for_the_accountability_dashboard(issued):
    from openakimat.common import publish

    invented(issued, 5, 5, 4, 4, 3)
    figures = publish.collect("accountability.satisfaction", issued.akimat)["satisfaction"]
    assert figures == {
        "count": 5,
        "mean": 4.2,
        "distribution": {"5": 2, "4": 2, "3": 1, "2": 0, "1": 0},
        "minimum_count": 5,
    }


def test_no_personal_data_on_public_pages(client, issued):
    post(client, issued, score="5", comment="Айгерім here, call +7 701 123 4567")
    invented(issued, 4, 4, 4, 4)
    for url in (f"/en/services/{issued.service.code}/", f"/en/akimats/{issued.akimat.territory.kato}/"):
        html = Client().get(url).content.decode()
        for secret in ("Айгерім", "701 123", issued.number, issued.tracking_code, "call +7"):
            assert secret not in html


def test_staff_read_comments_without_personal_data(issued, akim, resident, staff_client):
    post(Client(), issued, score="2", comment="The queue was long.")
    html = staff_client(akim).get("/en/staff/ratings/").content.decode()
    assert "The queue was long." in html
    assert issued.number not in html and "Сәтбаева" not in html and "123 4567" not in html


def test_others_may_not_read_comments(staff_client, operator):
    assert staff_client(operator).get("/en/staff/ratings/").status_code == 403


def test_the_case_status_is_untouched(client, issued):
    post(client, issued)
    issued.refresh_from_db()
    assert issued.status == Status.ISSUED
