"""Area alerts: asked for, confirmed by the link sent to the very contact (nothing else sent before),
a message for each new report in the area (and category), stopped by the link in each message."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from openakimat.notifications.models import Notification
from openakimat.problems.alert_messages import CONFIRM, NEW_REPORT
from openakimat.problems.models import AreaAlert
from openakimat.problems.services import alerts

from . import triage_fixtures as fx
from .triage_fixtures import make_report

roads, lights, aiyrtau_roads, talshik_village = fx.roads, fx.lights, fx.aiyrtau_roads, fx.talshik_village
pytestmark = pytest.mark.django_db


def _link(text: str, name: str) -> str:
    path = re.search(r"https?://[^/]+(/\S+/" + name + r"/\S+?/)", text)
    assert path, text
    return path.group(1)


def _ask(client, **data):
    with translation.override("en"):
        url = reverse("problem_map:alerts")
    return client.post(url, data)


def _confirm_by_link(client) -> AreaAlert:
    note = Notification.objects.filter(kind=CONFIRM).latest("pk")
    link = _link(note.text, "confirm")
    assert client.get(link).status_code == 200  # a page with a button: following the link confirms nothing
    assert AreaAlert.objects.get(pk=note.target_id).confirmed_at is None
    assert client.post(link).status_code == 200
    return AreaAlert.objects.get(pk=note.target_id)


def test_asking_confirming_hearing_and_stopping(client, roads, lights, talshik_village):
    response = _ask(client, village=talshik_village.kato, category=roads.pk, email="resident@example.kz")
    assert response.status_code == 302
    alert = AreaAlert.objects.get()
    assert alert.email == "resident@example.kz" and alert.confirmed_at is None
    make_report(roads, territory=talshik_village)
    assert not Notification.objects.filter(kind=NEW_REPORT).exists()  # not yet confirmed
    alert = _confirm_by_link(client)
    assert alert.confirmed_at is not None
    report = make_report(roads, territory=talshik_village)
    make_report(lights, territory=talshik_village)  # another category: not told
    (note,) = Notification.objects.filter(kind=NEW_REPORT)
    assert note.medium == "email" and str(report.pk) in note.text
    assert "Сәтбаева" not in note.text
    stop = _link(note.text, "stop")
    assert client.get(stop).status_code == 200 and AreaAlert.objects.exists()
    assert client.post(stop).status_code == 200
    assert not AreaAlert.objects.exists()
    assert client.post(stop).status_code == 200  # the same answer the second time


def test_an_alert_of_a_district_hears_of_its_villages_and_points(roads, talshik_village):
    district = roads.akimat.territory
    alert = alerts.alert_subscribe(alerts.AlertRequest(territory=district, phone="8 701 555 1234"))
    assert alert.phone == "+77015551234"
    AreaAlert.objects.filter(pk=alert.pk).update(confirmed_at=alert.created_at)
    make_report(roads, territory=talshik_village)
    make_report(roads, territory=None)
    assert Notification.objects.filter(kind=NEW_REPORT, medium="sms").count() == 2


def test_an_alert_of_a_village_does_not_hear_of_the_rest_of_the_district(roads, talshik_village):
    alert = alerts.alert_subscribe(alerts.AlertRequest(territory=talshik_village, email="a@example.kz"))
    AreaAlert.objects.filter(pk=alert.pk).update(confirmed_at=alert.created_at)
    make_report(roads, territory=None)
    assert not Notification.objects.filter(kind=NEW_REPORT).exists()


def test_asking_twice_makes_one_alert_and_a_confirmed_one_is_not_asked_again(roads, talshik_village):
    request = alerts.AlertRequest(territory=talshik_village, email="Resident@example.kz")
    first = alerts.alert_subscribe(request)
    second = alerts.alert_subscribe(request)
    assert first.pk == second.pk and AreaAlert.objects.count() == 1
    assert Notification.objects.filter(kind=CONFIRM).count() == 2
    AreaAlert.objects.filter(pk=first.pk).update(confirmed_at=first.created_at)
    alerts.alert_subscribe(request)
    assert Notification.objects.filter(kind=CONFIRM).count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {"email": "", "phone": ""},
        {"email": "a@example.kz", "phone": "+77011234567"},
        {"email": "not an address", "phone": ""},
        {"email": "", "phone": "12345"},
        {"village": "000000000", "email": "a@example.kz"},
    ],
)
def test_bad_requests_are_refused_with_a_message_and_nothing_saved(client, roads, talshik_village, data):
    response = _ask(client, **{"village": talshik_village.kato, **data})
    assert response.status_code == 400 and b"error-summary" in response.content
    assert not AreaAlert.objects.exists() and not Notification.objects.exists()


def test_a_bad_or_used_confirmation_link_is_refused(client, roads, talshik_village):
    with pytest.raises(ValidationError):
        alerts.alert_confirm("no-such-token")
    with translation.override("en"):
        url = reverse("problem_map:alert-confirm", args=["no-such-token"])
    assert client.post(url).status_code == 400
    _ask(client, village=talshik_village.kato, email="resident@example.kz")
    note = Notification.objects.get(kind=CONFIRM)
    link = _link(note.text, "confirm")
    assert client.post(link).status_code == 200
    assert client.post(link).status_code == 400  # once only


def test_an_unsubscribe_token_of_another_alert_stops_nothing(roads, talshik_village):
    one = alerts.alert_subscribe(alerts.AlertRequest(territory=talshik_village, email="a@example.kz"))
    two = alerts.alert_subscribe(alerts.AlertRequest(territory=talshik_village, email="b@example.kz"))
    forged = f"{two.pk}.{alerts.unsubscribe_token(one).split('.')[1]}"
    assert not alerts.alert_unsubscribe(forged)
    assert not alerts.alert_unsubscribe("garbage")
    assert alerts.alert_unsubscribe(alerts.unsubscribe_token(two))
    assert list(AreaAlert.objects.all()) == [one]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_alert_pages_render(client, roads, language):
    with translation.override(language):
        response = client.get(reverse("problem_map:alerts"))
        sent = client.get(reverse("problem_map:alert-sent"))
    assert response.status_code == 200 and sent.status_code == 200


def test_unconfirmed_requests_are_forgotten_after_two_days(roads, talshik_village):
    from datetime import timedelta

    from django.utils import timezone

    old = alerts.alert_subscribe(alerts.AlertRequest(territory=talshik_village, email="old@example.kz"))
    kept = alerts.alert_subscribe(alerts.AlertRequest(territory=talshik_village, email="kept@example.kz"))
    AreaAlert.objects.filter(pk__in=[old.pk, kept.pk]).update(created_at=timezone.now() - timedelta(days=3))
    AreaAlert.objects.filter(pk=kept.pk).update(confirmed_at=timezone.now())
    alerts.alert_subscribe(alerts.AlertRequest(territory=talshik_village, email="new@example.kz"))
    assert sorted(a.email for a in AreaAlert.objects.all()) == ["kept@example.kz", "new@example.kz"]


def test_too_many_requests_are_refused(client, roads, talshik_village):
    from openakimat.problems import views_public_list

    for _ in range(views_public_list.ALERT_REQUESTS_PER_HOUR):
        assert _ask(client, village=talshik_village.kato, email="a@example.kz").status_code == 302
    response = _ask(client, village=talshik_village.kato, email="a@example.kz")
    assert response.status_code == 429 and b"error-summary" in response.content
    assert Notification.objects.filter(kind=CONFIRM).count() == views_public_list.ALERT_REQUESTS_PER_HOUR
