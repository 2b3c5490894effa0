"""Only observers whose grant covers the report's akimat see it; every access is logged and audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_staff
from openakimat.common.roles import Role
from openakimat.common.samples import PDF
from openakimat.feedback import permissions
from openakimat.feedback.models import CorruptionReport, ReportAccess
from openakimat.integrity.models import AuditEntry


@pytest.fixture
def report(file_report):
    response, _code = file_report(file_1=SimpleUploadedFile("x.pdf", PDF))
    assert response.status_code == 200
    return CorruptionReport.objects.get()


@pytest.mark.django_db
def test_the_observer_of_the_territory_sees_the_report_and_each_access_is_logged(report, observer, staff_client):
    client = staff_client(observer)
    listing = client.get("/en/staff/corruption/")
    assert listing.status_code == 200 and f"#{report.pk}" in listing.content.decode()
    assert not ReportAccess.objects.exists()  # the list shows no content and is not an access
    page = client.get(f"/en/staff/corruption/{report.pk}/")
    assert page.status_code == 200 and "asked for money" in page.content.decode()
    client.get(f"/en/staff/corruption/{report.pk}/")
    stored = report.files.get()
    download = client.get(f"/en/staff/corruption/{report.pk}/files/{stored.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert list(ReportAccess.objects.order_by("pk").values_list("kind", "user", "file")) == [
        ("view", observer.pk, None),
        ("view", observer.pk, None),
        ("download", observer.pk, stored.pk),
    ]
    audited = AuditEntry.objects.filter(object_type="feedback.corruptionreport", object_id=str(report.pk))
    assert sorted(audited.values_list("action", flat=True)) == [
        "corruption_report.download",
        "corruption_report.view",
        "corruption_report.view",
    ]
    # The akimat's own akim and administrators never read these entries: no akimat is named.
    assert not audited.exclude(akimat=None).exists()
    assert not any(report.text in str(e.data) for e in audited)


@pytest.mark.django_db
def test_a_regional_observer_sees_the_districts_reports(report, region_observer, staff_client):
    assert staff_client(region_observer).get(f"/en/staff/corruption/{report.pk}/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["aiyrtau_observer", "akim", "akzhar_admin", "operator", "superuser"])
def test_nobody_else_sees_it(request, report, staff_client, who):
    user = request.getfixturevalue(who)
    client = staff_client(user)
    listing = client.get("/en/staff/corruption/")
    if who == "aiyrtau_observer":
        assert listing.status_code == 200 and f"#{report.pk}" not in listing.content.decode()
    else:
        assert listing.status_code == 403
    stored = report.files.get()
    for url in (
        f"/en/staff/corruption/{report.pk}/",
        f"/en/staff/corruption/{report.pk}/files/{stored.pk}/",
    ):
        assert client.get(url).status_code in (403, 404)
    for url, data in (
        (f"/en/staff/corruption/{report.pk}/status/", {"status": "closed", "version": 1}),
        (f"/en/staff/corruption/{report.pk}/notes/", {"text": "note"}),
    ):
        assert client.post(url, data).status_code in (403, 404)
    report.refresh_from_db()
    assert report.status == "received" and not report.notes.exists()
    assert not ReportAccess.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(report, client):
    response = client.get(f"/en/staff/corruption/{report.pk}/")
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_the_menu_entry_is_for_observers_only(observer, akim, akzhar_admin, operator, superuser):
    assert permissions.can_open_corruption_reports(observer)
    for user in (akim, akzhar_admin, operator, superuser):
        assert not permissions.can_open_corruption_reports(user)
    from openakimat.accounts import staffnav

    assert "corruption.list" in [link.key for link in staffnav.links_for(observer)]
    assert "corruption.list" not in [link.key for link in staffnav.links_for(akim)]


@pytest.mark.django_db
def test_an_observer_whose_grant_is_revoked_loses_access(report, akzhar_akimat, staff_client):
    user = make_staff("former.observer", Role.OBSERVER, akzhar_akimat)
    client = staff_client(user)
    assert client.get(f"/en/staff/corruption/{report.pk}/").status_code == 200
    user.grants.all().delete()
    assert client.get(f"/en/staff/corruption/{report.pk}/").status_code in (403, 404)
