"""/.well-known/security.txt tells a finder where to report a vulnerability privately (RFC 9116),
and production warns when nobody is named."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from openakimat.common.checks import security_contact

URL = "/.well-known/security.txt"


def fields(body: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for line in body.splitlines():
        name, _, value = line.partition(": ")
        parsed.setdefault(name, []).append(value)
    return parsed


def test_the_file_names_every_contact_and_expires_within_a_year(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@akimat.example.kz, https://akimat.example.kz/report"
    settings.SECURITY_POLICY_URL = "https://akimat.example.kz/policy"
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    found = fields(response.content.decode())
    assert found["Contact"] == ["mailto:security@akimat.example.kz", "https://akimat.example.kz/report"]
    assert found["Policy"] == ["https://akimat.example.kz/policy"]
    assert found["Canonical"] == ["http://testserver/.well-known/security.txt"]
    expires = datetime.strptime(found["Expires"][0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert timezone.now() + timedelta(days=30) < expires < timezone.now() + timedelta(days=365)
    # Every line is a field RFC 9116 knows; nothing else.
    assert set(found) <= {"Contact", "Expires", "Preferred-Languages", "Canonical", "Policy"}


def test_without_a_contact_there_is_no_file(client, settings):
    settings.SECURITY_CONTACT = ""
    assert client.get(URL).status_code == 404


def test_the_file_is_read_only(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@akimat.example.kz"
    assert client.post(URL).status_code == 405


def test_production_warns_when_nobody_takes_reports(settings):
    settings.DEBUG = False
    settings.SECURITY_CONTACT = " "
    assert [w.id for w in security_contact()] == ["openakimat.W002"]
    settings.SECURITY_CONTACT = "mailto:security@akimat.example.kz"
    assert security_contact() == []
    settings.DEBUG = True
    settings.SECURITY_CONTACT = ""
    assert security_contact() == []


def test_production_warns_when_the_site_address_is_left_at_localhost(settings):
    from openakimat.common.checks import site_url

    settings.DEBUG = False
    settings.SITE_URL = "http://localhost:8000"
    assert [w.id for w in site_url()] == ["openakimat.W003"]
    settings.SITE_URL = "https://akimat.sko.gov.kz"
    assert site_url() == []
