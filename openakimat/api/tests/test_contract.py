"""The API keeps to what docs/api.md promises: who is asked to sign in (401) and who is refused
(403), errors that are always JSON in the request's language, every error declared in the OpenAPI
schema, and a 503 "try again" instead of the 500 page while the database is away."""

import threading
import xml.etree.ElementTree as ET

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from openakimat.api.services import api_token_create

STAFF_WRITES = [
    ("post", "/api/v1/staff/cases/AKZ-2026-000001/moves/accept", {"version": 1}),
    ("post", "/api/v1/staff/cases/AKZ-2026-000001/extend", {"version": 1, "reason": "x"}),
    ("patch", "/api/v1/staff/akimats/593400000", {"hours_en": "never"}),
]
RU_SIGN_IN = "Чтобы использовать этот метод API, войдите как сотрудник."
RU_UNAVAILABLE = "Сервис временно недоступен. Повторите попытку через минуту."


# --- 401 before CSRF -----------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body"), STAFF_WRITES)
def test_an_anonymous_staff_write_is_401_not_a_csrf_403(akzhar_akimat, method, path, body):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(path, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": RU_SIGN_IN}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_staff_change_without_its_csrf_token_is_403_in_json(staff_client, akim, akzhar_akimat):
    client = staff_client(akim)
    client.handler.enforce_csrf_checks = True
    response = client.patch("/api/v1/staff/akimats/593400000", {"hours_en": "09-18"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    akzhar_akimat.refresh_from_db()
    assert akzhar_akimat.hours_en == ""
    # with the token (as the page's script sends it) the same change goes through
    client.get(reverse("staff-home"))
    token = client.cookies["csrftoken"].value
    response = client.patch(
        "/api/v1/staff/akimats/593400000",
        {"hours_en": "09-18"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200, response.content


def test_the_staff_akimat_endpoints_take_a_bearer_token_too(client, akim, superuser, akzhar_akimat):
    raw = api_token_create(actor=superuser, user=akim, name="sync").raw
    response = client.get("/api/v1/staff/akimats/593400000/grants", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert [g["username"] for g in response.json()] == ["askar.akim"]


# --- every error JSON, in the request's language ---------------------------------------------------


def test_invalid_input_is_422_with_messages_in_the_requests_language(client, region):
    response = client.get("/api/v1/territories/590000000/tree", {"depth": 9}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 422
    assert response.json() == {"detail": "Запрос некорректен.", "errors": {"depth": ["Введите значение не больше 3."]}}
    response = client.get("/api/v1/territories", {"level": "planet", "lang": "kk"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 422
    assert response["Content-Language"] == "kk"
    assert response.json()["errors"]["level"][0].startswith("Мыналардың бірін таңдаңыз:")


def test_lang_in_the_address_wins_over_accept_language(client, region):
    response = client.get("/api/v1/territories/599999999", {"lang": "ru"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"detail": "Не найдено."}


def test_a_method_the_address_does_not_take_is_405_in_json(client, db):
    response = client.delete("/api/v1/territories", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 405
    assert response["Allow"]
    assert response.json() == {"detail": "Этот метод здесь не разрешен."}


def test_a_post_to_an_unknown_api_address_is_404_in_json_not_a_csrf_page(db):
    response = Client(enforce_csrf_checks=True).post("/api/v2/nothing", {"a": 1})
    assert response.status_code == 404
    assert response.json()["detail"]


def test_an_uncaught_error_under_the_api_is_json(client, db, monkeypatch):
    """A bug is still a 500, but the client gets JSON it can read, not the HTML page."""
    from openakimat.territory import selectors

    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "territory_get", broken)
    response = Client(raise_request_exception=False).get("/api/v1/territories/590000000", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 500
    assert response.json() == {"detail": "У нас что-то пошло не так. Ошибка записана."}


def test_an_id_past_what_the_database_holds_is_422_not_a_500(client, operator, superuser):
    """Found by schemathesis: a department id of 2**65 overflowed the inbox's query."""
    raw = api_token_create(actor=superuser, user=operator, name="sync").raw
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    response = client.get("/api/v1/staff/cases", {"department": 2**65}, **auth)
    assert response.status_code == 422
    assert "department" in response.json()["errors"]
    response = client.post(
        "/api/v1/staff/cases/AKZ-2026-000001/transfer",
        {"version": 1, "department": 2**65, "reason": "x"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 422


# --- the schema declares every error ---------------------------------------------------------------


def test_every_operation_declares_its_errors_with_the_shared_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    error = {"$ref": "#/components/schemas/ErrorOut"}
    assert schema["components"]["schemas"]["ErrorOut"]["required"] == ["detail"]
    assert schema["paths"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = {"400", "503"}
            if operation.get("parameters") or operation.get("requestBody"):
                expected.add("422")
            if "{" in path:
                expected.add("404")
            if operation.get("security"):
                expected |= {"401", "403"}
            assert expected <= set(responses), (method, path, sorted(responses))
            for status, answer in responses.items():
                if int(status) >= 400:
                    assert answer["content"]["application/json"]["schema"] == error, (method, path, status)
            assert "Retry-After" in responses["503"]["headers"]
    moves = schema["paths"]["/api/v1/staff/cases/{number}/moves/{move}"]["post"]["responses"]
    assert {"401", "403", "404", "409", "422"} <= set(moves)
    assert {"429"} <= set(schema["paths"]["/api/v1/applications"]["post"]["responses"])


# --- the database away ---------------------------------------------------------------------------


def without_database(call):
    """Run `call` in a thread whose database connection points where nothing answers (port 1 on
    PostgreSQL, a file in a missing folder on SQLite): connecting really fails, as when the
    server is down. Other threads keep their working connection."""
    outcome = {}

    def run():
        connection = connections["default"]
        broken = dict(connection.settings_dict)
        if connection.vendor == "postgresql":
            broken.update(HOST="127.0.0.1", PORT="1")
        else:
            broken.update(NAME="/nonexistent-openakimat-folder/db.sqlite3")
        connection.settings_dict = broken
        try:
            outcome["response"] = call(Client(raise_request_exception=False))
        except BaseException as exc:  # pragma: no cover - reported below
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["response"]


@pytest.mark.parametrize(
    ("request_", "language"),
    [
        (lambda c: c.get("/api/v1/territories/590000000", HTTP_ACCEPT_LANGUAGE="ru"), "ru"),
        (lambda c: c.get("/api/v1/services", {"lang": "ru"}), "ru"),
        (
            lambda c: c.post(
                "/api/v1/track", {"number": "AKZ-2026-000123", "tracking_code": "7K3M 9QXR 2VB4T"}, "application/json"
            ),
            "kk",
        ),
    ],
)
def test_with_the_database_down_the_api_answers_503_json_with_retry_after(db, request_, language):
    response = without_database(request_)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert int(response["Retry-After"]) > 0
    detail = response.json()["detail"]
    assert detail == (
        RU_UNAVAILABLE if language == "ru" else "Қызмет уақытша қолжетімсіз. Бір минуттан кейін қайталап көріңіз."
    )


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_with_the_database_down_open311_answers_503_in_its_format(db, fmt):
    response = without_database(lambda c: c.get(f"/open311/v2/services.{fmt}", {"locale": "ru"}))
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    if fmt == "xml":
        root = ET.fromstring(response.content)  # noqa: S314 (our own answer)
        assert root.findtext("error/code") == "503"
        assert root.findtext("error/description") == RU_UNAVAILABLE
    else:
        assert response.json() == [{"code": 503, "description": RU_UNAVAILABLE}]


def test_with_the_database_down_a_page_is_the_translated_try_again_page(db):
    response = without_database(lambda c: c.get("/ru/"))
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert "Временно недоступно" in html and "через минуту" in html


def test_with_the_database_down_a_signed_in_staff_page_is_503_too(db, staff_client, operator):
    """The session itself lives in the database, so reading who is signed in already fails."""
    cookies = staff_client(operator).cookies
    session_cookie = cookies["sessionid"].value

    def call(client):
        client.cookies["sessionid"] = session_cookie
        return client.get("/kk/staff/cases/")

    response = without_database(call)
    assert response.status_code == 503
    assert "text/html" in response["Content-Type"]


def test_another_database_error_is_not_mistaken_for_an_outage(db):
    from django.db import OperationalError

    from openakimat.common.unavailable import database_unavailable

    assert not database_unavailable(OperationalError("canceling statement due to lock timeout"))
    assert not database_unavailable(ValueError("x"))


def test_a_connection_closed_in_the_ordinary_way_does_not_turn_a_query_error_into_an_outage(transactional_db):
    """Django leaves a closed connection initialised with nothing in it: that is no failed connect."""
    from django.db import OperationalError, connection

    from openakimat.common.unavailable import database_unavailable

    connection.close()
    try:
        raise OperationalError("database is locked")
    except OperationalError as exc:
        assert not database_unavailable(exc)
    connection.ensure_connection()


def test_a_server_that_says_it_is_shutting_down_is_an_outage_and_a_lock_timeout_is_not(db):
    from django.db import OperationalError

    from openakimat.common.unavailable import database_unavailable

    class ServerError(Exception):
        def __init__(self, sqlstate):
            self.sqlstate = sqlstate

    for state, outage in (("57P01", True), ("08006", True), ("55P03", False), ("57014", False)):
        exc = OperationalError("from the server")
        exc.__cause__ = ServerError(state)
        assert database_unavailable(exc) is outage, state


def test_an_outage_met_in_a_middleware_is_answered_by_the_500_handler_as_503(db, settings):
    """Saving the session after the view (here on every request) fails outside any view: the
    site's 500 handler gives the same 503, in the API's JSON under /api/."""
    settings.SESSION_SAVE_EVERY_REQUEST = True

    def call(client):
        client.cookies["sessionid"] = "x" * 32
        return client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="ru")

    response = without_database(call)
    assert response.status_code == 503
    assert response.json() == {"detail": RU_UNAVAILABLE}
    assert int(response["Retry-After"]) > 0
