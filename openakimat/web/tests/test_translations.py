"""Kazakh and Russian pages read wholly in their language: every public page and the main staff
pages, rendered with the demonstration data, carry no English word of the interface, and every
string the templates and the code mark for translation has its Kazakh and Russian entry."""

import html as html_lib
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings

from conftest import verified_client
from openakimat.accounts.models import User
from openakimat.applications.models import Application, ApplicationDocument
from openakimat.budget.models import Budget, Project
from openakimat.catalogue.models import PublicService
from openakimat.common import i18n_check
from openakimat.demo.tests import load_demo

AKZHAR, REGION = "593400000", "590000000"

# Latin words that are right on a Kazakh or Russian page: file formats, standards, product names.
LATIN_ALLOWED = {
    "API", "CSV", "GeoJSON", "JSON", "OpenAPI", "PDF", "JPEG", "PNG", "TIFF", "SMS", "QR", "KZT",
    "JavaScript", "Leaflet", "OpenStreetMap", "Open311", "GeoReport", "Ctrl", "FreeOTP", "Google", "Authenticator",
    "Enter", "Fiscal", "Data", "Package", "zip", "ZIP", "UTF", "ISO", "CSRF",
    "pdf", "jpg", "png", "tif", "JPG", "TIF",  # the extensions a required document may have
    "English",  # the language switcher names each language in itself
}  # fmt: skip
# Attributes whose text a reader sees or hears.
SPOKEN_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder", "aria-description"}


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes outside script and style, spoken attributes, and
    the data-label-* attributes the map scripts show."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if value and (name in SPOKEN_ATTRIBUTES or name.startswith("data-label")):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def latin_words(page: str, *, data: set[str]) -> set[str]:
    """Latin words of a page other than the allowed ones and the words of the data it shows
    (numbers like AKZ-2026-000123, user names, e-mail addresses)."""
    parser = VisibleText()
    parser.feed(page)
    text = html_lib.unescape(" ".join(parser.parts))
    # E-mail addresses, web addresses (with or without the scheme, as a receipt prints the site's), numbers.
    text = re.sub(r"\S+@\S+|https?://\S+|\S+\.\S*/\S*|\S+:\d+/\S*|\b[\w.-]*\d[\w.-]*\b", " ", text)
    words = set(re.findall(r"[A-Za-z]{2,}", text))
    return words - LATIN_ALLOWED - data


@pytest.fixture
def demo(db):
    load_demo()


def public_pages(client) -> list[str]:
    service = PublicService.objects.filter(online=True, is_active=True).order_by("code").first()
    project = Project.objects.order_by("slug").first()
    assert service and project
    return [
        "/{lang}/",
        "/{lang}/services/",
        f"/{{lang}}/services/{service.code}/",
        f"/{{lang}}/apply/{service.code}/",
        f"/{{lang}}/regions/{REGION}/service-akimats/",
        f"/{{lang}}/akimats/{AKZHAR}/",
        "/{lang}/track/",
        f"/{{lang}}/budget/{AKZHAR}/",
        f"/{{lang}}/budget/{AKZHAR}/table/",
        f"/{{lang}}/budget/projects/{project.slug}/",
        "/{lang}/staff/login/",
    ]


def staff_pages() -> list[tuple[str, str]]:
    case = (
        Application.objects.filter(
            akimat__territory__kato=AKZHAR, department__kind="construction", documents__isnull=False
        )
        .order_by("-registered_at")
        .first()
    )
    assert case is not None
    return [
        ("demo.operator", "/{lang}/staff/"),
        ("demo.operator", "/{lang}/staff/cases/"),
        ("demo.operator", "/{lang}/staff/cases/new/"),
        ("demo.operator", "/{lang}/staff/cases/consultations/"),
        ("demo.operator", f"/{{lang}}/staff/cases/{case.number}/"),
        ("demo.operator", f"/{{lang}}/staff/cases/{case.number}/receipt/"),
        ("demo.specialist", "/{lang}/staff/cases/"),
        ("demo.specialist", f"/{{lang}}/staff/cases/{case.number}/"),
        ("demo.admin", f"/{{lang}}/staff/akimats/{AKZHAR}/"),
    ]


def data_words() -> set[str]:
    """Latin words that come from the records themselves, not from the interface."""
    words: set[str] = set()
    for user in User.objects.all():
        words.update(re.findall(r"[A-Za-z]{2,}", f"{user.username} {user.first_name} {user.last_name}"))
    for doc in ApplicationDocument.objects.all():
        words.update(re.findall(r"[A-Za-z]{2,}", doc.original_name))
    words.update(re.findall(r"[A-Za-z]{2,}", settings.SITE_URL))  # the receipt prints the site's address
    for source in Budget.objects.values_list("source_name", flat=True):
        words.update(re.findall(r"[A-Za-z]{2,}", source))  # the file a budget was loaded from
    for name in Application.objects.values_list("applicant_name", flat=True):
        words.update(re.findall(r"[A-Za-z]{2,}", name))  # "ДЕМО тұрғын 3 / Demo resident 3"
    return words


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_public_and_staff_pages_show_no_english_interface_words(client, demo, lang):
    data = data_words()
    leaks: dict[str, set[str]] = {}
    pages = [(client, url) for url in public_pages(client)]
    clients = {}
    for username, url in staff_pages():
        if username not in clients:
            clients[username] = verified_client(User.objects.get(username=username))
        pages.append((clients[username], url))
    case = Application.objects.exclude(tracking_code="").order_by("pk").first()
    tracked = client.post(f"/{lang}/track/", {"number": case.number, "tracking_code": case.tracking_code})
    assert tracked.status_code == 200
    found = latin_words(tracked.content.decode(), data=data)
    if found:
        leaks["tracking result"] = found
    for page_client, url in pages:
        response = page_client.get(url.format(lang=lang), follow=True)
        assert response.status_code == 200, url
        found = latin_words(response.content.decode(), data=data)
        if found:
            leaks[url] = found
    assert not leaks, leaks


def test_the_leak_finder_sees_english_in_text_and_spoken_attributes():
    page = '<p>Басты бет</p><button title="Zoom in" aria-label="Zoom in">+</button><td>application/msword</td>'
    assert latin_words(page, data=set()) == {"Zoom", "in", "application", "msword"}
    assert latin_words("<p>Өтінім AKZ-2026-000123, PDF</p><script>var x</script>", data=set()) == set()


def test_every_string_marked_for_translation_has_its_kazakh_and_russian_entry():
    assert i18n_check.missing_messages() == []


def test_a_template_string_missing_from_the_catalogues_is_reported(tmp_path, monkeypatch):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        '{% load i18n %}<p>{% translate "Open Akimat" %}</p><p>{% translate "A string nobody translated" %}</p>'
    )
    (tmp_path / "views.py").write_text('from django.utils.translation import pgettext\npgettext("map", "Zoom in")\n')
    monkeypatch.setattr(i18n_check, "PACKAGE", tmp_path)
    found = i18n_check.missing_messages()
    assert len(found) == 4, found  # two strings, two languages; "Open Akimat" is translated
    assert all("A string nobody translated" in line or "'Zoom in'" in line for line in found)


@pytest.mark.parametrize(
    ("lang", "brand"), [("kk", "«Ашық әкімдік»"), ("ru", "«Открытого акимата»"), ("en", "Open Akimat")]
)
def test_the_sign_in_code_page_names_the_site_in_the_pages_language(client, akzhar_head, lang, brand):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from openakimat.accounts.tests.test_views import sign_in_password

    TOTPDevice.objects.create(user=akzhar_head, name="phone", confirmed=True)
    sign_in_password(client, "gulnar.head")
    html = client.get(f"/{lang}/staff/login/verify/").content.decode()
    assert brand in html
    if lang != "en":
        assert "Open Akimat" not in html
