"""Self-service keys: a civic developer signs up, confirms by the e-mailed link, sees the key once,
and switches it off by the other link; an admin can switch it off too."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from openakimat.open311.models import ApiKey, KeySignup
from openakimat.open311.services import api_key_authenticate
from openakimat.problems.models import Report

from .conftest import AKZHAR

URL = "/{lang}/developers/open311/keys/"
FORM = {"name": "Civic Lab", "email": "dev@civic.example.org", "project": "Pothole app", "jurisdiction": AKZHAR}


def sign_up(client, django_capture_on_commit_callbacks, lang="en", **change):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(URL.format(lang=lang), FORM | change)


def links(message) -> tuple[str, str]:
    confirm = re.search(r"http://testserver(/\w+/developers/open311/keys/confirm/[^/]+/)", message.body)
    revoke = re.search(r"http://testserver(/\w+/developers/open311/keys/revoke/[^/]+/)", message.body)
    assert confirm and revoke, message.body
    return confirm.group(1), revoke.group(1)


def shown_key(response) -> str:
    return re.search(r'id="api-key" readonly value="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_signup_page_lists_the_jurisdictions(client, roads, lang):
    page = client.get(URL.format(lang=lang))
    assert page.status_code == 200 and f'value="{AKZHAR}"' in page.content.decode()
    assert f'lang="{lang}"' in page.content.decode()


def test_a_developer_gets_a_key_shown_once(client, roads, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, lang="ru")
    assert response.status_code == 200
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dev@civic.example.org"]
    confirm, _revoke = links(mail.outbox[0])
    assert not ApiKey.objects.exists()
    assert client.get(confirm).status_code == 200  # a mail scanner's GET issues nothing
    assert not ApiKey.objects.exists()
    shown = client.post(confirm)
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    raw = shown_key(shown)
    key = api_key_authenticate(raw)
    assert key is not None and key.akimat == roads.akimat
    assert raw not in str(KeySignup.objects.values()) + str(ApiKey.objects.values())  # stored hashed
    assert "dev@civic.example.org" not in str(KeySignup.objects.values_list("email", flat=False).query)
    again = client.post(confirm)
    assert again.status_code == 404 and raw not in again.content.decode()
    assert ApiKey.objects.count() == 1
    submitted = client.post(
        "/open311/v2/requests.json",
        {"jurisdiction_id": AKZHAR, "service_code": "roads", "description": "Hole", "address_string": "Abay 1"}
        | {"first_name": "A", "phone": "+77011234567"},
        headers={"X-Api-Key": raw},
    )
    assert submitted.status_code == 201 and Report.objects.count() == 1


def test_the_developer_switches_the_key_off_by_the_link(client, roads, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    confirm, revoke = links(mail.outbox[0])
    raw = shown_key(client.post(confirm))
    assert client.get(revoke).status_code == 200 and api_key_authenticate(raw) is not None
    assert client.post(revoke).status_code == 200
    assert api_key_authenticate(raw) is None
    assert client.post(revoke).status_code == 404


def test_revoking_before_confirming_cancels_the_request(client, roads, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    confirm, revoke = links(mail.outbox[0])
    client.post(revoke)
    assert client.post(confirm).status_code == 404 and not ApiKey.objects.exists()


def test_an_old_or_unknown_link_issues_nothing(client, roads, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    confirm, _revoke = links(mail.outbox[0])
    KeySignup.objects.update(created_at=timezone.now() - timezone.timedelta(days=3))
    assert client.post(confirm).status_code == 404
    assert client.post("/en/developers/open311/keys/confirm/nothing/").status_code == 404
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize(
    "change",
    [{"email": "nope"}, {"name": ""}, {"project": " "}, {"jurisdiction": "111111111"}, {"name": "x" * 101}],
)
def test_bad_input_is_a_400_and_sends_nothing(client, roads, django_capture_on_commit_callbacks, change):
    response = sign_up(client, django_capture_on_commit_callbacks, **change)
    assert response.status_code == 400 and 'class="error-summary"' in response.content.decode()
    assert not mail.outbox and not KeySignup.objects.exists()


def test_signups_are_rate_limited(client, roads, django_capture_on_commit_callbacks):
    for _ in range(3):
        assert sign_up(client, django_capture_on_commit_callbacks).status_code == 200
    assert sign_up(client, django_capture_on_commit_callbacks).status_code == 429  # the same e-mail
    assert len(mail.outbox) == 3


def test_an_admin_switches_a_self_service_key_off(
    client, superuser, staff_client, roads, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    confirm, _revoke = links(mail.outbox[0])
    raw = shown_key(client.post(confirm))
    key = ApiKey.objects.get()
    admin = staff_client(superuser)
    listing = admin.get("/admin/open311/apikey/").content.decode()
    assert "Pothole app" in listing and raw not in listing and "dev@civic.example.org" not in listing
    admin.post("/admin/open311/apikey/", {"action": "deactivate", "_selected_action": [key.pk]})
    assert api_key_authenticate(raw) is None


def test_signups_per_address_follow_the_setting(client, roads, django_capture_on_commit_callbacks, settings):
    settings.OPEN311_KEY_SIGNUPS_PER_HOUR = 1
    assert sign_up(client, django_capture_on_commit_callbacks).status_code == 200
    limited = sign_up(client, django_capture_on_commit_callbacks, email="other@civic.example.org")
    assert limited.status_code == 429 and KeySignup.objects.count() == 1
