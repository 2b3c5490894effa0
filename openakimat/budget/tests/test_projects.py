"""Projects are kept by finance staff of the territory: the contractor's BIN is checked, history is
added and never rewritten, and every change is audited."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from conftest import make_staff
from openakimat.accounts.models import Role
from openakimat.budget.models import Project
from openakimat.budget.projects import progress_report_add, project_file_add, project_save
from openakimat.common import samples
from openakimat.integrity.models import AuditEntry

CONTRACTOR_BIN = "110240700370"  # an invented BIN (registered 2011-02) that passes the check digit
PNG = samples.PNG


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def finance(akzhar_akimat):
    return make_staff("dina.finance", Role.FINANCE, akzhar_akimat)


def fields(territory, **extra):
    return {
        "territory": territory,
        "name_kk": "Жол жөндеу",
        "name_ru": "Ремонт дороги",
        "name_en": "Road repair",
        "contractor_name": "ТОО «Демо»",
        "contractor_bin": CONTRACTOR_BIN,
        "contract_amount": Decimal("1500000"),
        "planned_start": date(2026, 5, 1),
        "planned_end": date(2026, 9, 30),
    } | extra


def test_finance_staff_create_and_change_projects_of_their_okrugs(finance, talshik_okrug):
    project = project_save(actor=finance, slug="talshik-road", **fields(talshik_okrug))
    assert Project.objects.get().contractor_bin == CONTRACTOR_BIN
    project_save(actor=finance, project=project, status="in_progress")
    assert Project.objects.get().status == "in_progress"
    audited = AuditEntry.objects.filter(action__startswith="project.").order_by("id")
    assert list(audited.values_list("action", flat=True)) == ["project.create", "project.update"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"contractor_bin": "123456789012"}, "contractor_bin"),  # wrong check digit
        ({"contractor_bin": "12345"}, "contractor_bin"),
        ({"planned_end": date(2026, 4, 1)}, "planned_end"),
        ({"lat": Decimal("53.6")}, "__all__"),  # a latitude without a longitude
    ],
)
def test_bad_project_data_is_refused(finance, talshik_okrug, extra, field):
    with pytest.raises(ValidationError) as exc:
        project_save(actor=finance, slug="bad", **fields(talshik_okrug, **extra))
    assert field in exc.value.message_dict
    assert not Project.objects.exists()


def test_no_projects_outside_the_scope(finance, aiyrtau, talshik_okrug, operator):
    with pytest.raises(PermissionDenied):
        project_save(actor=finance, slug="elsewhere", **fields(aiyrtau))
    with pytest.raises(PermissionDenied):
        project_save(actor=operator, slug="not-finance", **fields(talshik_okrug))


def test_the_latest_report_sets_the_progress(finance, talshik_okrug):
    project = project_save(actor=finance, slug="talshik-road", **fields(talshik_okrug))
    progress_report_add(actor=finance, project=project, on=date(2026, 7, 1), progress=60)
    progress_report_add(actor=finance, project=project, on=date(2026, 6, 1), progress=30)  # late, older
    assert Project.objects.get().progress == 60
    with pytest.raises(ValidationError):
        progress_report_add(actor=finance, project=project, on=date(2026, 7, 1), progress=70)


def test_photos_and_documents_are_checked_by_content(finance, talshik_okrug, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = project_save(actor=finance, slug="talshik-road", **fields(talshik_okrug))
    photo = project_file_add(
        actor=finance,
        project=project,
        kind="photo",
        file=io.BytesIO(PNG),
        name="site.jpg",
        taken_on=date(2026, 7, 1),
        caption_en="The road in July",
    )
    assert photo.file.name.endswith("talshik-road-20260701.png")
    with pytest.raises(ValidationError) as exc:
        project_file_add(
            actor=finance,
            project=project,
            kind="document",
            file=io.BytesIO(PNG),
            name="act.pdf",
            taken_on=date(2026, 7, 2),
        )
    assert "file" in exc.value.message_dict


def test_the_admin_saves_projects_through_the_service(finance, talshik_okrug, staff_client):
    client = staff_client(finance)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    data = {k: v for k, v in fields(talshik_okrug).items() if k != "territory"}
    data |= {
        "slug": "talshik-road",
        "territory": talshik_okrug.pk,
        "status": "planned",
        "contractor_bin": "123456789012",
    }
    response = client.post("/admin/budget/project/add/", data)
    assert response.status_code == 200 and not Project.objects.exists()
    assert "BIN" in response.content.decode()
    response = client.post("/admin/budget/project/add/", data | {"contractor_bin": CONTRACTOR_BIN})
    assert response.status_code == 302 and Project.objects.get().slug == "talshik-road"
    assert AuditEntry.objects.filter(action="project.create").count() == 1
