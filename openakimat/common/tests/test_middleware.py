"""Input with a NUL character is refused with a 400 before any view or database sees it."""

import pytest


@pytest.mark.parametrize(
    "url",
    ["/en/akimats/%00/", "/en/regions/59%000/service-akimats/", "/api/v1/territories?q=%00", "/api/v1/territories/%00"],
)
def test_a_nul_in_the_address_is_a_400(client, db, url):
    assert client.get(url).status_code == 400


def test_api_answers_the_nul_refusal_in_json(client, db):
    response = client.get("/api/v1/akimats?within=a%00")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_a_nul_in_a_form_field_is_a_400(client, akzhar_head):
    response = client.post("/en/staff/login/", {"username": "gulnar\x00.head", "password": "x"})
    assert response.status_code == 400


def test_a_nul_in_a_json_body_is_a_400(staff_client, akim, akzhar_akimat):
    response = staff_client(akim).patch(
        "/api/v1/staff/akimats/593400000", '{"hours_en": "a\\u0000b"}', content_type="application/json"
    )
    assert response.status_code == 400
    akzhar_akimat.refresh_from_db()
    assert akzhar_akimat.hours_en == ""


def test_ordinary_input_passes(client, akzhar_akimat):
    assert client.get("/api/v1/territories", {"q": "ақжар"}).status_code == 200
