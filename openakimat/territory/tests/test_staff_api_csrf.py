"""The staff API rides on the sign-in session, so a change through it needs the CSRF token, as a
form on the site would: another site can't make a signed-in head's browser change an akimat."""

from django.conf import settings
from django.test import Client

from conftest import verified_client
from openakimat.integrity.models import AuditEntry

AKZHAR = "/api/v1/staff/akimats/593400000"


def csrf_checking_client(user) -> Client:
    """A browser signed in as `user` (second factor confirmed) whose requests are CSRF-checked."""
    client = Client(enforce_csrf_checks=True)
    client.cookies = verified_client(user).cookies
    return client


def test_a_session_patch_needs_the_csrf_token(akim, akzhar_akimat):
    client = csrf_checking_client(akim)

    refused = client.patch(AKZHAR, {"hours_en": "09:00–18:00"}, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    akzhar_akimat.refresh_from_db()
    assert akzhar_akimat.hours_en == ""
    assert not AuditEntry.objects.filter(action="akimat.update").exists()

    forged = client.patch(
        AKZHAR, {"hours_en": "09:00–18:00"}, content_type="application/json", HTTP_X_CSRFTOKEN="x" * 32
    )
    assert forged.status_code == 403
    assert "CSRF" in forged.json()["detail"]

    page = client.get("/en/staff/")  # any page with a form hands out the token
    assert page.status_code == 200
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    accepted = client.patch(
        AKZHAR, {"hours_en": "09:00–18:00"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["hours"]["en"] == "09:00–18:00"
    assert AuditEntry.objects.filter(action="akimat.update", actor=akim).count() == 1


def test_reads_need_no_csrf_token(akzhar_head):
    assert csrf_checking_client(akzhar_head).get(f"{AKZHAR}/grants").status_code == 200
