"""Hostile and broken input (issue 11, "Bad input"): every case is a translated 4xx in the format of
the interface it was sent to, never a 500, and nothing is stored."""

import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from openakimat.applications.models import Application

from .conftest import IIN, PDF, applicant  # noqa: F401


@pytest.fixture
def client():
    """A client that asks for English unless the address names a language (the site's default is
    Kazakh)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def fields(**extra):
    return {
        "service": "CONS-09",
        "applicant_iin": IIN,
        "applicant_name": "Айгерім Сәтбаева",
        "applicant_phone": "+7 701 123 4567",
        "language": "ru",
        "consent": True,
    } | extra


def assert_json_400(response, status=400):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert detail and "codec" not in detail and "Bad Request" not in detail
    return detail


# One layer for every content type: NUL


@pytest.mark.parametrize("content_type", ["text/plain", "application/octet-stream", "application/json; charset=utf-8"])
def test_a_nul_escape_in_any_content_type_is_a_400_and_nothing_is_stored(client, address_reference, content_type):
    body = json.dumps(fields(applicant_name="Ай\u0000герім"))
    assert "\\u0000" in body
    response = client.post("/api/v1/applications", body, content_type=content_type)
    assert "NUL" in assert_json_400(response)
    assert not Application.objects.exists()


def test_a_nul_in_tracking_as_plain_text_is_a_400(client, db):
    body = json.dumps({"number": "AKZ-2026-000001", "tracking_code": "AB\u0000CD"})
    assert_json_400(client.post("/api/v1/track", body, content_type="text/plain"))


def test_an_escaped_backslash_before_u0000_is_ordinary_text(client, address_reference):
    body = json.dumps(fields(applicant_name="Айгерім \\u0000 Сәтбаева"))
    response = client.post("/api/v1/applications", body, content_type="application/json")
    assert response.status_code != 400 or "NUL" not in response.json()["detail"]


# Invalid UTF-8


def test_invalid_utf8_in_a_json_body_is_a_translated_400(client, address_reference):
    body = json.dumps(fields(), ensure_ascii=False).encode().replace("Айгерім".encode(), b"\xff\xfe")
    response = client.post("/api/v1/applications", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru")
    detail = assert_json_400(response)
    assert "UTF-8" in detail and "0xff" not in detail
    assert not Application.objects.exists()


def test_invalid_utf8_in_a_form_encoded_api_body_is_a_400(client, address_reference):
    body = b"service=CONS-09&applicant_name=%FF%FEabc&consent=true&applicant_iin=" + IIN.encode()
    response = client.post("/api/v1/applications", body, content_type="application/x-www-form-urlencoded")
    assert "UTF-8" in assert_json_400(response)
    assert not Application.objects.exists()


def test_invalid_utf8_in_a_multipart_field_is_a_400(client, address_reference):
    boundary = "XyZ"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="applicant_name"\r\n\r\n'.encode()
        + b"\xff\xfeabc\r\n"
        + f"--{boundary}--\r\n".encode()
    )
    response = client.post("/api/v1/applications", body, content_type=f"multipart/form-data; boundary={boundary}")
    assert_json_400(response)
    assert not Application.objects.exists()


def test_invalid_utf8_in_the_query_is_a_400(client, db):
    assert_json_400(client.get("/api/v1/territories", QUERY_STRING="q=%FF%FE"))


def test_invalid_utf8_on_the_web_form_is_a_translated_page(client, offering):
    url = f"/ru/apply/{offering.service.code}/"
    response = client.post(url, b"applicant_name=%C3%28", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert '<html lang="ru"' in page and "UTF-8" in page and "Bad Request" not in page
    assert not Application.objects.exists()


def test_invalid_utf8_on_open311_is_its_error_format(client, address_reference):
    body = b"service_code=CONS-09&first_name=%FF"
    response = client.post("/open311/v2/requests.json", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    body = response.json()
    assert body[0]["code"] == 400 and "UTF-8" in body[0]["description"]
    assert not Application.objects.exists()


# Too large, too many, too long


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_a_body_over_the_limit_is_a_413_in_json_on_the_api(client, address_reference):
    body = json.dumps(fields(applicant_name="a" * 2000))
    response = client.post("/api/v1/applications", body, content_type="application/json")
    assert "too large" in assert_json_400(response, 413)
    assert not Application.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_a_body_over_the_limit_is_a_translated_413_page_on_the_site(client, offering):
    url = f"/kk/apply/{offering.service.code}/"
    response = client.post(url, {"applicant_name": "a" * 2000})
    assert response.status_code == 413
    page = response.content.decode()
    assert '<html lang="kk"' in page and "Bad Request" not in page
    assert "<h1>Сұрау тым үлкен</h1>" in page and "Ештеңе сақталған жоқ" in page


def test_a_file_name_of_a_thousand_characters_is_a_translated_400(client, offering):
    document = offering.service.documents.get(order=1)
    upload = SimpleUploadedFile("a" * 1000 + ".pdf", PDF, "application/pdf")
    response = client.post("/api/v1/applications", fields(service="CONS-01", **{f"document_{document.pk}": upload}))
    assert_json_400(response)
    assert not Application.objects.exists()


@override_settings(UPLOAD_MAX_REQUEST_BYTES=3000)
def test_files_over_the_per_request_total_are_a_413(client, offering):
    first, second = offering.service.documents.order_by("order")
    big = PDF + b"%" + b"x" * 2000 + b"\n"
    response = client.post(
        "/api/v1/applications",
        fields(
            service="CONS-01",
            **{
                f"document_{first.pk}": SimpleUploadedFile("a.pdf", big),
                f"document_{second.pk}": SimpleUploadedFile("b.pdf", big),
            },
        ),
    )
    assert_json_400(response, 413)
    assert not Application.objects.exists()


@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=2)
def test_more_files_than_allowed_are_a_413(client, offering):
    document = offering.service.documents.get(order=1)
    files = [SimpleUploadedFile(f"{i}.pdf", PDF) for i in range(3)]
    response = client.post("/api/v1/applications", fields(service="CONS-01", **{f"document_{document.pk}": files}))
    assert_json_400(response, 413)
    assert not Application.objects.exists()


def test_djangos_own_400_is_the_sites_translated_page(client, db, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    response = client.get("/ru/", {f"f{i}": "x" for i in range(2)})  # a GET is fine
    assert response.status_code == 200
    response = client.post("/ru/track/", {f"f{i}": "x" for i in range(5)})
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="ru"' in page and "Bad Request (400)" not in page


# Overflowing numbers and dates


@pytest.mark.parametrize("department", [str(2**63), str(2**63 - 1), "9" * 40, "-1", "1e400"])
def test_a_huge_department_filter_is_a_4xx_not_a_500(staff_client, specialist, department):
    response = staff_client(specialist).get("/api/v1/staff/cases", {"department": department})
    assert response.status_code in (200, 404, 422), response.content[:300]
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "query",
    [
        {"end_date": "0001-01-01"},
        {"start_date": "0001-01-01T00:00:00+14:00"},
        {"end_date": "9999-12-31"},
        {"start_date": "9999-12-31T23:59:59-12:00"},
    ],
)
def test_open311_dates_at_the_ends_of_the_calendar_are_a_400(client, db, query):
    response = client.get("/open311/v2/requests.json", query)
    assert response.status_code == 400, response.content[:300]
    assert response.json()[0]["code"] == 400
    xml = client.get("/open311/v2/requests.xml", query)
    assert xml.status_code == 400 and xml["Content-Type"].startswith("text/xml")


def test_the_api_takes_one_file_per_document_field(client, offering):
    document = offering.service.documents.get(order=1)
    files = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]
    response = client.post("/api/v1/applications", fields(service="CONS-01", **{f"document_{document.pk}": files}))
    assert f"document_{document.pk}" in assert_json_400(response)
    assert not Application.objects.exists()


def test_the_web_form_takes_one_file_per_document_field(client, offering):
    document = offering.service.documents.get(order=1)
    files = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]
    response = client.post(f"/en/apply/{offering.service.code}/", {f"document_{document.pk}": files})
    assert response.status_code == 400 and "one file for each document" in response.content.decode()
    assert not Application.objects.exists()


# Uploads checked over the whole file


@pytest.mark.parametrize(
    "content",
    [
        PDF[:-6] + b"MZ\x90\x00This program cannot be run in DOS mode.\r\n" + PDF[-6:],
        b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF\n",
        b"%PDF-1.4\n" + b"\x7fELF\x02\x01\x01" + b"\x00" * 64,
        PDF[: len(PDF) // 2],  # cut off: no startxref, no %%EOF
    ],
    ids=["exe-inside", "html", "elf", "truncated"],
)
def test_a_pdf_header_in_front_of_something_else_is_refused_through_the_api(client, offering, content):
    document = offering.service.documents.get(order=1)
    upload = SimpleUploadedFile("scan.pdf", content, "application/pdf")
    response = client.post("/api/v1/applications", fields(service="CONS-01", **{f"document_{document.pk}": upload}))
    assert response.status_code == 400
    assert "damaged" in str(response.json()["errors"])
    assert not Application.objects.exists()


# Ninja's own refusals, translated


def test_a_form_sent_to_a_json_operation_is_a_translated_400(client, db):
    response = client.post("/api/v1/track?lang=ru", {"number": "AKZ-2026-000001"})
    assert "JSON" in assert_json_400(response)


def test_a_body_that_is_not_json_is_a_translated_400(client, db):
    response = client.post("/api/v1/track", "{nope", content_type="application/json")
    detail = assert_json_400(response)
    assert detail != "Cannot parse request body" and "JSON" in detail


def test_pydantic_errors_are_a_readable_message_per_field(client, db):
    body = '{"number": 5, "tracking_code": []}'
    response = client.post("/api/v1/track", body, content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors == {"payload.number": ["Enter text."], "payload.tracking_code": ["Enter text."]}


def test_a_host_not_served_is_the_translated_400_page(client, db):
    response = client.get("/ru/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert '<html lang="ru"' in response.content.decode() and "Bad Request (400)" not in response.content.decode()
    api = client.get("/api/v1/territories", HTTP_HOST="evil.example")
    assert api.status_code == 400 and api["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("department", [str(2**63), str(2**63 - 1), "9" * 40, "-1"])
def test_a_huge_department_filter_on_the_staff_inbox_page_is_not_a_500(staff_client, specialist, department):
    response = staff_client(specialist).get("/en/staff/cases/", {"department": department, "page": "9" * 30})
    assert response.status_code < 500
