"""A resident who reads the site in one language keeps it at the addresses without a language
prefix: `/`, the admin and the API follow the language of the last page read (a cookie).

These tests use the real settings: they pass once RememberLanguageMiddleware is in MIDDLEWARE."""

import pytest
from django.conf import settings

from openakimat.web.language import LANGUAGE_COOKIE_MAX_AGE, RememberLanguageMiddleware

MIDDLEWARE_PATH = f"{RememberLanguageMiddleware.__module__}.{RememberLanguageMiddleware.__name__}"


def language_cookie(response):
    return response.cookies.get(settings.LANGUAGE_COOKIE_NAME)


def test_the_middleware_is_installed_after_locale_middleware():
    assert MIDDLEWARE_PATH in settings.MIDDLEWARE, "add it to MIDDLEWARE in config/settings.py"
    locale = settings.MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware")
    assert settings.MIDDLEWARE.index(MIDDLEWARE_PATH) > locale


def test_a_language_prefixed_page_sets_a_lasting_language_cookie(client, db):
    response = client.get("/ru/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    cookie = language_cookie(response)
    assert cookie is not None and cookie.value == "ru"
    assert int(cookie["max-age"]) == LANGUAGE_COOKIE_MAX_AGE == 365 * 24 * 3600
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert cookie["httponly"] is True
    assert not cookie["secure"]  # plain http here; see the next test


def test_over_https_the_language_cookie_is_secure(client, db):
    cookie = language_cookie(client.get("/kk/", secure=True))
    assert cookie.value == "kk"
    assert cookie["secure"] is True


def test_the_root_the_api_and_the_admin_follow_the_remembered_language(client, db):
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    client.get("/ru/", **english_browser)

    assert client.get("/", **english_browser)["Location"] == "/ru/"
    api = client.get("/api/v1/territories/599999999", **english_browser)
    assert api.status_code == 404
    assert api.json()["detail"] == "Не найдено."
    # the admin sends a visitor who is not signed in to the staff sign-in, in their language
    assert client.get("/admin/login/", **english_browser)["Location"].startswith("/ru/staff/login/")

    client.get("/kk/", **english_browser)  # switching the language is remembered too
    assert client.get("/", **english_browser)["Location"] == "/kk/"


def test_the_cookie_is_sent_only_when_the_language_changes(client, db):
    assert language_cookie(client.get("/en/")).value == "en"
    assert language_cookie(client.get("/en/")) is None
    assert language_cookie(client.get("/ru/")).value == "ru"


@pytest.mark.parametrize("path", ["/", "/api/v1/territories", "/api/v1/no-such-endpoint", "/healthz", "/admin/"])
def test_addresses_without_a_language_prefix_leave_the_cookie_alone(client, db, path):
    assert language_cookie(client.get(path)) is None


def test_answers_without_a_language_prefix_vary_by_cookie(client, db):
    response = client.get("/")
    assert "Cookie" in response["Vary"]
