"""Budget and project changes are audited under the akimat of the territory they concern, so that
its akim, observers and administrators read them in the audit log (not only superusers)."""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_staff, make_territory
from openakimat.accounts.models import Role
from openakimat.budget.models import Budget
from openakimat.budget.projects import progress_report_add, project_file_add, project_save
from openakimat.budget.services import classification_load
from openakimat.common import samples
from openakimat.common.actor import SystemActor
from openakimat.integrity.models import AuditEntry
from openakimat.integrity.permissions import audit_q
from openakimat.territory.models import TerritoryLevel
from openakimat.territory.selectors import akimat_of, akimats_of

from .budget_cast import CLASSIFICATION

DATA = Path(__file__).parent / "data"
IMPORT = "/admin/budget/budget/import/"
AUDIT = "/admin/integrity/auditentry/"
PNG = samples.PNG


@pytest.fixture
def setting(db, akzhar_akimat, talshik_akimat, aiyrtau):
    classification_load(actor=SystemActor("tests"), rows=CLASSIFICATION)


@pytest.fixture
def finance(akzhar_akimat):
    return make_staff("dina.finance", Role.FINANCE, akzhar_akimat)


def csv_upload(text: str, name: str = "budget.csv"):
    return {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")}


def test_a_territory_belongs_to_its_own_akimat_or_the_nearest_one_above(
    akzhar, akzhar_akimat, talshik_okrug, talshik_akimat, region
):
    village = make_territory("593432100", TerritoryLevel.VILLAGE, talshik_okrug, "Aisary")
    assert akimat_of(akzhar) == akzhar_akimat
    assert akimat_of(village) == talshik_akimat  # a village has no akimat of its own
    assert akimat_of(region) is None  # no regional akimat in this cast
    assert akimats_of([village, akzhar, talshik_okrug]) == {
        village.pk: talshik_akimat,
        akzhar.pk: akzhar_akimat,
        talshik_okrug.pk: talshik_akimat,
    }


def test_every_budget_and_project_entry_carries_the_akimat_and_its_readers_see_it(
    setting, staff_client, finance, akim, region_observer, aiyrtau_head, akzhar_akimat, talshik_akimat, talshik_okrug
):
    start = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    client = staff_client(finance)
    template = (DATA / "template_en.csv").read_text(encoding="utf-8")  # Akzhar district and Talshik okrug

    # An import of two territories' budgets, then one line changed by loading the version again.
    assert client.post(IMPORT, csv_upload(template)).status_code == 302
    edited = template.replace("20000000,18000000", "21000000,18000000")
    assert edited != template
    assert client.post(IMPORT, csv_upload(edited, "budget-corrected.csv")).status_code == 302
    assert Budget.objects.get(territory__kato="593400000").lines.filter(approved=Decimal("21000000")).exists()

    # A project: created, changed, its progress reported, a photo added.
    project = project_save(
        actor=finance,
        slug="talshik-lights",
        territory=talshik_okrug,
        name_kk="Жарық",
        name_ru="Освещение",
        name_en="Street lights",
        contract_amount=Decimal("900000"),
    )
    project_save(actor=finance, project=project, status="in_progress")
    progress_report_add(actor=finance, project=project, on=date(2026, 6, 1), progress=40)
    project_file_add(
        actor=finance, project=project, kind="photo", file=io.BytesIO(PNG), name="site.png", taken_on=date(2026, 6, 1)
    )

    new = AuditEntry.objects.filter(pk__gt=start).select_related("akimat")
    actions = set(new.values_list("action", flat=True))
    assert {"project.create", "project.update", "project.progress", "project.file"} <= actions
    assert actions & {"budget.replace", "budget.replace_many"}  # one per budget, or per akimat on PostgreSQL
    budget_entries = new.filter(action__startswith="budget.")
    assert budget_entries.count() >= 2  # the import and the corrected one
    missing = [(e.action, e.object_id) for e in new if e.akimat_id is None]
    assert not missing, missing
    assert {e.akimat for e in budget_entries} == {akzhar_akimat, talshik_akimat}
    assert {e.akimat for e in new.filter(action__startswith="project.")} == {talshik_akimat}

    # The district's akim and the region's observer read every one of them; another district's
    # staff none.
    for reader in (akim, region_observer):
        assert set(AuditEntry.objects.filter(audit_q(reader)).filter(pk__gt=start)) == set(new)
        html = staff_client(reader).get(AUDIT, {"action": "project.update"}).content.decode()
        assert "project.update" in html
    assert not AuditEntry.objects.filter(audit_q(aiyrtau_head)).filter(pk__gt=start).exists()
