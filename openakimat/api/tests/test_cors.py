"""Other sites' pages may read the open data from the browser, and nothing more."""

import pytest

ORIGIN = "https://news.example.org"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/territories", "/api/v1/services", "/api/v1/budget/projects", "/open311/v2/services.json"]
)
def test_open_data_is_readable_from_any_origin_without_credentials(client, path):
    response = client.get(path, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert not response.has_header("Access-Control-Allow-Credentials")


@pytest.mark.django_db
def test_a_conditional_get_passes_its_preflight(client):
    response = client.options(
        "/api/v1/territories",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/applications"),
        ("post", "/api/v1/track"),
        ("get", "/api/v1/staff/cases"),
    ],
)
def test_writes_and_staff_endpoints_are_not_opened(client, method, path):
    response = getattr(client, method)(path, HTTP_ORIGIN=ORIGIN, content_type="application/json", data={})
    assert not response.has_header("Access-Control-Allow-Origin")
    preflight = client.options(path, HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD=method.upper())
    assert not preflight.has_header("Access-Control-Allow-Origin")


@pytest.mark.django_db
def test_site_pages_are_not_opened(client):
    response = client.get("/en/", HTTP_ORIGIN=ORIGIN)
    assert not response.has_header("Access-Control-Allow-Origin")
