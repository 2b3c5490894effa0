"""A staff sign-in ends after STAFF_SESSION_IDLE_MINUTES without a request and, in any case,
STAFF_SESSION_MAX_HOURS after signing in; residents' sessions are never touched. The clock is the
session's own record (signed in at, last seen at), moved back here instead of waiting."""

import time

import pytest
from django.utils import timezone

from openakimat.accounts.middleware import SEEN_KEY, STARTED_KEY
from openakimat.integrity.models import AuditEntry

from .test_views import current_code, sign_in_password

CASES = "/en/staff/cases/"


def age(client, *, seen_minutes_ago: float = 0, started_hours_ago: float = 0) -> None:
    """Move the session's clock back, as if that much time had passed."""
    now = time.time()
    session = client.session
    session[SEEN_KEY] = now - seen_minutes_ago * 60
    session[STARTED_KEY] = now - started_hours_ago * 3600
    session.save()


@pytest.fixture
def signed_in(staff_client, akzhar_head):
    client = staff_client(akzhar_head)
    assert client.get(CASES).status_code == 200
    return client


def test_thirty_minutes_without_activity_end_the_sign_in(signed_in, akzhar_head):
    age(signed_in, seen_minutes_ago=31)
    response = signed_in.get(CASES)
    assert response.status_code == 302
    assert response["Location"] == "/en/staff/login/?next=%2Fen%2Fstaff%2Fcases%2F"
    page = signed_in.get(response["Location"]).content.decode()
    assert "Your session ended after 30 minutes without activity. Sign in again." in page
    assert signed_in.get(CASES).status_code == 302  # signed out for good
    entry = AuditEntry.objects.get(action="staff.session_ended")
    assert entry.object_id == str(akzhar_head.pk) and entry.data == {"reason": "idle"}


def test_activity_within_the_idle_time_keeps_the_session_and_moves_the_clock(signed_in):
    age(signed_in, seen_minutes_ago=29, started_hours_ago=1)
    assert signed_in.get(CASES).status_code == 200
    assert time.time() - signed_in.session[SEEN_KEY] < 60
    assert not AuditEntry.objects.filter(action="staff.session_ended").exists()


def test_a_busy_session_still_ends_after_twelve_hours(signed_in):
    age(signed_in, seen_minutes_ago=1, started_hours_ago=12.1)
    response = signed_in.get(CASES)
    assert response.status_code == 302 and response["Location"].startswith("/en/staff/login/")
    page = signed_in.get(response["Location"]).content.decode()
    assert "Your session ended: a sign-in lasts at most 12 hours. Sign in again." in page
    assert AuditEntry.objects.get(action="staff.session_ended").data == {"reason": "lifetime"}


def test_the_limits_are_settings(signed_in, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    age(signed_in, seen_minutes_ago=6)
    response = signed_in.get(CASES, follow=True)
    assert "Your session ended after 5 minutes without activity." in response.content.decode()


def test_the_api_answers_a_session_that_ended_with_a_json_401_in_the_callers_language(
    staff_client, akzhar_admin, settings
):
    client = staff_client(akzhar_admin)
    grants = "/api/v1/staff/akimats/593400000/grants"
    assert client.get(grants).status_code == 200
    age(client, seen_minutes_ago=45)
    response = client.get(grants, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 401 and response["Content-Type"] == "application/json"
    assert response.json()["detail"] == "Ваш сеанс завершён после 30 минут бездействия. Войдите снова."
    assert client.get(grants).status_code == 401  # no longer signed in


def test_a_real_sign_in_starts_the_clock_and_bounds_the_cookie(client, akzhar_head):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=akzhar_head, name="phone", confirmed=True)
    sign_in_password(client, "gulnar.head")
    client.post("/en/staff/login/verify/", {"token": current_code(device)})
    session = client.session
    assert abs(session[STARTED_KEY] - time.time()) < 60 and abs(session[SEEN_KEY] - time.time()) < 60
    # The session store forgets the sign-in soon after its lifetime, not after Django's 14 days.
    assert session.get_expiry_date() <= timezone.now() + timezone.timedelta(hours=12, minutes=31)


def test_residents_sessions_are_never_ended(client, db):
    session = client.session
    session[SEEN_KEY] = session[STARTED_KEY] = time.time() - 30 * 86400
    session["resident_note"] = "kept"
    session.save()
    assert client.get("/en/track/").status_code == 200
    assert client.session["resident_note"] == "kept"
    assert not AuditEntry.objects.filter(action="staff.session_ended").exists()
