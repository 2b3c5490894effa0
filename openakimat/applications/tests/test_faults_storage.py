"""The document storage refuses to write: a clear, translated "try again later" (503, nothing a
resident or operator did wrong) and no half-registered case: no application, event, audit entry,
notification, document row or file is left behind, and the case number is not used up.

Two real faults: a file where the storage's folder should be (makedirs fails even for root, which
CI runs as and which a read-only mode bit does not stop), and a disk that fills up while the second
of two files is written (the first file and the part of the second must both go)."""

import errno
import html
import io

import pytest
from django.utils import translation

from conftest import verified_client
from openakimat.applications.models import Application, ApplicationDocument, ApplicationEvent, CaseCounter
from openakimat.common.storage import PrivateStorage, StorageUnavailable
from openakimat.integrity.models import AuditEntry
from openakimat.notifications.models import Notification

from .conftest import IIN, PDF, PNG

pytestmark = pytest.mark.faults


@pytest.fixture
def files_root(tmp_path):
    """Every file a test could leave is under here (the storage before and after it broke)."""
    return tmp_path


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.name != "broken")


@pytest.fixture(params=["folder-is-a-file", "disk-fills-up"])
def broken_storage(request, settings, files_root, monkeypatch):
    """The private storage, broken one of two ways."""
    settings.PRIVATE_MEDIA_ROOT = files_root / "broken"
    if request.param == "folder-is-a-file":
        settings.PRIVATE_MEDIA_ROOT.write_bytes(b"")
    else:
        real_save = PrivateStorage._save
        calls = []

        def save_then_fill_up(self, name, content):
            calls.append(name)
            if len(calls) == 1:
                return real_save(self, name, content)
            path = self.path(name)
            with open(path, "wb") as half:  # the part written before the disk filled up
                half.write(b"%PDF-1.4\n")
            raise OSError(errno.ENOSPC, "No space left on device", path)

        monkeypatch.setattr(PrivateStorage, "_save", save_then_fill_up)
    return request.param


def assert_nothing_left(files_root, counters_before=0):
    assert not Application.objects.exists()
    assert not ApplicationEvent.objects.exists()
    assert not ApplicationDocument.objects.exists()
    assert not Notification.objects.exists()
    assert not AuditEntry.objects.filter(action="application.register").exists()
    assert sum(c.last for c in CaseCounter.objects.all()) == counters_before, "the case number was used up"
    assert stored_files(files_root) == []


def expected_message(language: str) -> str:
    with translation.override(language):
        message = str(StorageUnavailable())
    with translation.override("en"):
        english = str(StorageUnavailable())
    assert message != english or language == "en", f"no {language} translation"
    return message


def pdf(name="application.pdf"):
    f = io.BytesIO(PDF)
    f.name = name
    return f


def png(name="plan.png"):
    f = io.BytesIO(PNG)
    f.name = name
    return f


def test_an_online_application_through_the_api_gets_a_503_and_leaves_nothing(
    client, offering, broken_storage, files_root
):
    application, plan = offering.service.documents.order_by("order")
    form = {
        "service": offering.service.code,
        "applicant_iin": IIN,
        "applicant_name": "Айгерім Сәтбаева",
        "applicant_phone": "+7 701 123 4567",
        "consent": "true",
        f"document_{application.pk}": pdf(),
        f"document_{plan.pk}": png(),
    }
    response = client.post("/api/v1/applications", form, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 503 and response["Retry-After"]
    assert response.json() == {"detail": expected_message("ru")}
    assert_nothing_left(files_root)


def test_the_online_form_comes_back_with_a_503_and_leaves_nothing(client, offering, broken_storage, files_root):
    application, plan = offering.service.documents.order_by("order")
    data = {
        "offering": str(offering.pk),
        "iin": IIN,
        "full_name": "Айгерім Сәтбаева",
        "phone": "+7 701 123 4567",
        "email": "",
        "language": "kk",
        "consent": "on",
        "idempotency_key": "5d1f8a8e-5a0c-4a53-a3a4-98e6bbf1f9a2",
        f"document_{application.pk}": pdf(),
        f"document_{plan.pk}": png(),
    }
    response = client.post(f"/kk/apply/{offering.service.code}/", data)
    assert response.status_code == 503
    assert expected_message("kk") in html.unescape(response.content.decode())
    assert_nothing_left(files_root)


def test_documents_added_at_the_desk_get_a_503_and_change_nothing(
    case, operator, settings, files_root, monkeypatch, broken_storage
):
    """The case was registered before the storage broke (its first document is in the storage of
    the test's own folder); adding two more fails whole."""
    before = (
        list(case.documents.values_list("pk", flat=True)),
        case.events.count(),
        AuditEntry.objects.count(),
        case.version,
    )
    application, plan = case.service.documents.order_by("order")
    existing = stored_files(files_root)
    response = verified_client(operator).post(
        f"/en/staff/cases/{case.number}/documents/",
        {f"add-doc_{application.pk}": pdf(), f"add-doc_{plan.pk}": png()},
    )
    assert response.status_code == 503
    assert expected_message("en") in html.unescape(response.content.decode())
    case.refresh_from_db()
    after = (list(case.documents.values_list("pk", flat=True)), case.events.count(), AuditEntry.objects.count())
    assert (*after, case.version) == before
    assert stored_files(files_root) == existing
