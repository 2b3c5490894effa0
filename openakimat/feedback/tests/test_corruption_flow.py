"""The reporter's journey by tracking code, the observers' answers, the limits and the file checks."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from openakimat.common.errors import ConflictError
from openakimat.common.samples import PDF, make_pdf
from openakimat.common.tests.concurrency import run_together
from openakimat.feedback.models import CorruptionReport, ReportNote
from openakimat.feedback.services import corruption as services


@pytest.mark.django_db
def test_the_code_shows_the_status_and_answer_and_takes_more_information(file_report, observer, staff_client):
    response, code = file_report(lang="ru")
    assert response.status_code == 200
    assert len(code) == 19 and code.count("-") == 3
    report = CorruptionReport.objects.get()
    assert report.code_hash != code and len(report.code_hash) == 64
    # Typed in lower case, with spaces and a Cyrillic look-alike.
    typed = code.lower().replace("-", " ")
    page = Client().post("/en/corruption/track/", {"code": typed})
    assert page.status_code == 200 and "Received" in page.content.decode()

    desk = staff_client(observer)
    answer = "We have passed your report to the agency; thank you."
    moved = desk.post(f"/en/staff/corruption/{report.pk}/status/", {"status": "review", "answer": "", "version": 1})
    assert moved.status_code == 302
    missing = desk.post(f"/en/staff/corruption/{report.pk}/status/", {"status": "answered", "answer": "", "version": 2})
    assert missing.status_code == 400
    desk.post(f"/en/staff/corruption/{report.pk}/status/", {"status": "answered", "answer": answer, "version": 2})
    desk.post(f"/en/staff/corruption/{report.pk}/notes/", {"text": "Internal: check the land registry."})

    page = Client().post("/en/corruption/track/", {"code": code})
    body = page.content.decode()
    assert answer in body and "Answered" in body and "land registry" not in body
    added = Client().post(
        "/en/corruption/track/add/",
        {"code": code, "text": "A second time.", "file_1": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert added.status_code == 200 and "Your information is added" in added.content.decode()
    report.refresh_from_db()
    assert report.status == "review" and report.files.count() == 1 and report.additions.count() == 1


@pytest.mark.django_db
def test_a_wrong_code_is_not_found_and_guessing_is_limited(file_report, settings):
    file_report()
    client = Client()
    assert client.post("/en/corruption/track/", {"code": "ABCD"}).status_code == 400
    assert client.post("/en/corruption/track/", {"code": "0000-0000-0000-0000"}).status_code == 404
    assert client.post("/en/corruption/track/add/", {"code": "0000-0000-0000-0000", "text": "x"}).status_code == 404
    settings.TRACKING_FAILURES_PER_HOUR = 2
    assert client.post("/en/corruption/track/", {"code": "0000-0000-0000-0001"}).status_code == 429


@pytest.mark.django_db
def test_submissions_are_rate_limited(file_report):
    from openakimat.feedback import views_corruption

    for _ in range(views_corruption.SUBMISSIONS_PER_HOUR):
        assert file_report()[0].status_code == 200
    response, _code = file_report()
    assert response.status_code == 429 and response["Retry-After"]
    assert CorruptionReport.objects.count() == views_corruption.SUBMISSIONS_PER_HOUR


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": "too short"}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"akimat": 999999}, "akimat"),
        ({"contact": "c" * 201}, "contact"),
    ],
)
def test_bad_input_comes_back_with_a_message_and_nothing_stored(file_report, data, field):
    response, _code = file_report(**data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not CorruptionReport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("fake.pdf", b"MZ\x90\x00 this is a program"),
        SimpleUploadedFile("active.pdf", make_pdf("/JavaScript (app.alert(1))")),
        SimpleUploadedFile("empty.png", b""),
        SimpleUploadedFile("page.html", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_files_are_checked_by_their_content(file_report, upload):
    response, _code = file_report(file_1=upload)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not CorruptionReport.objects.exists()


@pytest.mark.django_db
def test_too_big_a_file_is_refused(file_report, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response, _code = file_report(file_1=SimpleUploadedFile("a.pdf", PDF))
    assert response.status_code == 400 and not CorruptionReport.objects.exists()


@pytest.mark.django_db
def test_a_closed_report_takes_no_more_information(file_report, observer):
    _r, code = file_report()
    report = CorruptionReport.objects.get()
    services.report_status_change(actor=observer, report=report, status="closed", version=1)
    response = Client().post("/en/corruption/track/add/", {"code": code, "text": "more"})
    assert response.status_code == 400 and not report.additions.exists()
    assert not ReportNote.objects.exists()


@pytest.mark.django_db
def test_a_stale_status_change_is_a_conflict(file_report, observer, staff_client):
    file_report()
    report = CorruptionReport.objects.get()
    services.report_status_change(actor=observer, report=report, status="review", version=1)
    with pytest.raises(ConflictError):
        services.report_status_change(actor=observer, report=report, status="closed", version=1)
    page = staff_client(observer).post(f"/en/staff/corruption/{report.pk}/status/", {"status": "closed", "version": 1})
    assert page.status_code == 409


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_observers_changing_the_status_at_once_one_wins(file_report, observer):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    file_report()
    report = CorruptionReport.objects.get()
    targets = ["answered", "forwarded", "closed", "review"]

    def work(i):
        return services.report_status_change(
            actor=observer, report=report, status=targets[i], answer="An answer.", version=1
        )

    results = run_together(4, work)
    assert sum(isinstance(r, CorruptionReport) for r in results) == 1
    assert sum(isinstance(r, ConflictError) for r in results) == 3
    report.refresh_from_db()
    assert report.version == 2


_unused = threading
