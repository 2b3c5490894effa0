"""Nothing identifying is stored: a report filed with a distinctive address, forwarded-for chain,
browser and contact leaves none of them in clear in any row of any table, nor in the logs."""

import logging

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test import Client

from openakimat.common.samples import JPEG
from openakimat.feedback.models import CorruptionReport, ReportFile

from .conftest import TEXT

IP = "203.0.113.77"
FORWARDED = "198.51.100.23"
AGENT = "Mozilla/5.0 (DistinctiveAgent-Qx7Z) Corruption-Test"
CONTACT = "whistle.blower-9931@example.org"


def every_stored_value():
    """Every value of every row of every table in the database, read with SQL as stored (the
    encrypted contact as its ciphertext), as text."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the schema
            for row in cursor.fetchall():
                for value in row:
                    yield table, repr(bytes(value) if isinstance(value, memoryview) else value)


def every_cached_key():
    """The rate limiters' keys in the (in-process) cache of the tests."""
    return [str(key) for key in getattr(cache, "_cache", {})]


def _leaks(needles):
    return [(label, value) for label, value in every_stored_value() if any(n in value for n in needles)]


@pytest.mark.django_db
def test_nothing_identifying_is_stored_or_logged(caplog, akzhar_akimat, file_report, settings):
    settings.PROXY_COUNT = 1
    caplog.set_level(logging.DEBUG)
    client = Client(REMOTE_ADDR=IP, HTTP_X_FORWARDED_FOR=FORWARDED, HTTP_USER_AGENT=AGENT)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("Ivanov_photo.jpg", JPEG, content_type="image/jpeg")
    response, code = file_report(client, contact=CONTACT, file_1=upload)
    assert response.status_code == 200, response.content
    assert response["Cache-Control"].startswith("max-age=0") and "no-store" in response["Cache-Control"]
    # The reporter comes back with the code and adds information, from the same address.
    more = client.post("/en/corruption/track/add/", {"code": code, "text": "He asked again on Monday."})
    assert more.status_code == 200
    client.post("/en/corruption/track/", {"code": "0000-0000-0000-0000"})  # a failed look-up too

    report = CorruptionReport.objects.get()
    assert report.contact == CONTACT  # readable by the observers…
    needles = [IP, FORWARDED, AGENT, "DistinctiveAgent", CONTACT, code, code.replace("-", ""), "Ivanov"]
    assert _leaks(needles) == []  # …but in no stored value in clear, nor is anything else
    assert any(TEXT in value for _t, value in every_stored_value())  # the dump does see the report
    assert not any(n in key for key in every_cached_key() for n in needles)
    assert not any(n in record.getMessage() for record in caplog.records for n in needles)
    # No session was made for the reporter, and the file is stored under a generated name.
    assert not apps.get_model("sessions", "Session").objects.exists()
    assert "sessionid" not in client.cookies
    assert "Ivanov" not in ReportFile.objects.get().file.name


@pytest.mark.django_db
def test_the_photos_metadata_is_dropped_and_the_date_is_a_day(akzhar_akimat, file_report):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response, _code = file_report(
        file_1=SimpleUploadedFile("a.png", __import__("openakimat.common.samples", fromlist=["PNG"]).PNG)
    )
    assert response.status_code == 200
    stored = ReportFile.objects.get()
    assert stored.content_type == "image/jpeg"
    assert stored.file.name.endswith(".jpg")
    report = CorruptionReport.objects.get()
    assert not any(f.get_internal_type() == "DateTimeField" for f in report._meta.fields)


@pytest.mark.django_db
def test_the_public_pages_are_never_cached(akzhar_akimat, client):
    for url in ("/en/corruption/", "/en/corruption/track/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    # The page says what is and isn't stored.
    assert "What is and isn't stored" in client.get("/en/corruption/").content.decode()
