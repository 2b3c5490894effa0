"""The sign-in form counts wrong passwords per client address, whatever the usernames: one address
trying a password on many accounts (credential spraying) is paused, with a translated 429 that says
when to try again; an office of colleagues behind one address is not stopped by a few typos."""

from unittest import mock

import pytest
from django.test import Client

from conftest import make_staff
from openakimat.accounts.models import Role
from openakimat.accounts.views import PENDING_KEY
from openakimat.common import ratelimit
from openakimat.common.cache import with_timeouts

PASSWORD = "correct-horse-battery"
OFFICE = "203.0.113.10"  # the akimat's building: every staff member behind one NAT
ELSEWHERE = "198.51.100.20"


def sign_in(username, password=PASSWORD, *, address=OFFICE, lang="en"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(f"/{lang}/staff/login/", {"username": username, "password": password})
    return client, response


def signed_in_halfway(client: Client, response) -> bool:
    """The password was accepted: on to the second factor."""
    return response.status_code == 302 and response["Location"].endswith("/staff/login/verify/")


def at(seconds: float):
    return mock.patch.object(ratelimit.time, "time", return_value=seconds)


@pytest.fixture
def colleagues(akzhar_akimat):
    return [make_staff(f"colleague.{n}", Role.OPERATOR, akzhar_akimat) for n in range(8)]


def spray(count, *, address=OFFICE):
    """One password tried on `count` accounts, most of which do not exist."""
    for n in range(count):
        _, response = sign_in(f"user{n}", "Summer2026!", address=address)
        assert response.status_code == 200
        assert "username or password is wrong" in response.content.decode()


def test_a_password_sprayed_across_accounts_pauses_the_address_even_for_the_right_password(settings, akzhar_head):
    settings.STAFF_SIGN_IN_FAILURES_PER_ADDRESS = 10
    settings.STAFF_SIGN_IN_WINDOW_MINUTES = 15
    with at(15 * 60 * 1000 + 5 * 60):  # five minutes into a window
        spray(10)
        client, response = sign_in("gulnar.head")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    html = response.content.decode()
    assert "Too many wrong sign-ins came from your network" in html
    assert "Try again in 10 minutes, at " in html
    assert PENDING_KEY not in client.session  # the password was never checked


def test_the_pause_is_explained_in_kazakh_and_russian(settings, operator):
    settings.STAFF_SIGN_IN_FAILURES_PER_ADDRESS = 2
    with at(15 * 60 * 1000 + 14 * 60):  # one minute before the window ends
        spray(2)
        _, kazakh = sign_in("dana.operator", lang="kk")
        _, russian = sign_in("dana.operator", lang="ru")
    assert kazakh.status_code == russian.status_code == 429
    assert "1 минуттан кейін" in kazakh.content.decode()
    assert "қате кіру әрекеті" in kazakh.content.decode()
    assert "через 1 минуту" in russian.content.decode()
    assert "неудачных попыток входа" in russian.content.decode()


def test_another_address_still_signs_in(settings, akzhar_head):
    settings.STAFF_SIGN_IN_FAILURES_PER_ADDRESS = 3
    spray(3, address=ELSEWHERE)
    assert sign_in("gulnar.head", address=ELSEWHERE)[1].status_code == 429
    assert signed_in_halfway(*sign_in("gulnar.head", address=OFFICE))


def test_a_busy_office_s_typos_do_not_stop_a_colleague_with_the_default_limit(colleagues, akzhar_head):
    """The defaults: eight colleagues each mistype their password twice in the same quarter of an
    hour (16 failures, each account far from its own lock of 5), and the head still gets in."""
    for colleague in colleagues:
        for _ in range(2):
            assert sign_in(colleague.username, "typo-in-it")[1].status_code == 200
    assert signed_in_halfway(*sign_in("gulnar.head"))
    for colleague in colleagues:  # and so do they, once they type it right
        assert signed_in_halfway(*sign_in(colleague.username))


def test_only_wrong_passwords_count_not_right_ones_or_empty_forms(settings, akzhar_head):
    settings.STAFF_SIGN_IN_FAILURES_PER_ADDRESS = 2
    for _ in range(5):
        assert signed_in_halfway(*sign_in("gulnar.head"))
        assert sign_in("", "")[1].status_code == 200
    spray(2)
    assert sign_in("gulnar.head")[1].status_code == 429


def test_a_successful_sign_in_does_not_wipe_the_count(settings, akzhar_head):
    """Else one valid account would let an attacker spray without end."""
    settings.STAFF_SIGN_IN_FAILURES_PER_ADDRESS = 3
    spray(2)
    assert signed_in_halfway(*sign_in("gulnar.head"))
    spray(1)
    assert sign_in("gulnar.head")[1].status_code == 429


def test_the_pause_ends_with_the_window(settings, akzhar_head):
    settings.STAFF_SIGN_IN_FAILURES_PER_ADDRESS = 2
    settings.STAFF_SIGN_IN_WINDOW_MINUTES = 15
    with at(900 * 10 + 899):
        spray(2)
        assert sign_in("gulnar.head")[1]["Retry-After"] == "1"
    with at(900 * 11):
        assert signed_in_halfway(*sign_in("gulnar.head"))


def test_a_limit_of_zero_switches_it_off(settings, akzhar_head):
    settings.STAFF_SIGN_IN_FAILURES_PER_ADDRESS = 0
    spray(12)
    assert signed_in_halfway(*sign_in("gulnar.head"))


def test_the_default_is_generous_for_an_office_and_tight_for_a_sprayer(settings):
    assert settings.STAFF_SIGN_IN_FAILURES_PER_ADDRESS == 30
    assert settings.STAFF_SIGN_IN_WINDOW_MINUTES == 15
    # Each account keeps its own, tighter lock (django-axes), whatever the address does.
    assert settings.AXES_FAILURE_LIMIT == 5 and settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_every_gunicorn_worker_counts_in_the_same_redis(settings, own_redis, akzhar_head):
    """With the shared cache of production, the count is one per address, not one per process:
    here a second cache connection (another worker) sees the failures the first one counted."""
    settings.CACHES = {
        "default": with_timeouts(
            {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": own_redis.url(7)}
        )
    }
    settings.STAFF_SIGN_IN_FAILURES_PER_ADDRESS = 4
    spray(4)
    from django.core.cache import caches

    keys = caches["default"]._cache.get_client().keys("*signin-fail*")
    assert len(keys) == 1 and OFFICE.encode() not in keys[0]  # a keyed hash, never the address
    assert sign_in("gulnar.head")[1].status_code == 429


def test_without_the_cache_sign_in_goes_on_and_each_account_keeps_its_own_lock(settings, own_redis, akzhar_head):
    settings.CACHES = {
        "default": with_timeouts(
            {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": own_redis.url(7)}
        )
    }
    settings.STAFF_SIGN_IN_FAILURES_PER_ADDRESS = 2
    own_redis.stop()
    spray(3)
    assert signed_in_halfway(*sign_in("gulnar.head"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("gulnar.head", "wrong-password")
    assert sign_in("gulnar.head")[1].status_code == 429  # django-axes, in the database
