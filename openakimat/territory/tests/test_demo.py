from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from openakimat.accounts.models import Role, RoleGrant
from openakimat.integrity.models import AuditEntry
from openakimat.integrity.services import audit_verify
from openakimat.territory.models import Akimat, Department, Territory
from openakimat.territory.selectors import rollout_for_region


@pytest.fixture
def demo(db):
    call_command("load_demo", force=True, stdout=StringIO())


def test_demo_gives_nine_of_fourteen_service_akimats(demo):
    rollout = rollout_for_region(kato="590000000")
    assert (rollout.open_count, rollout.total, rollout.percent) == (9, 14, 64)


def test_demo_has_akzhar_with_its_okrugs_villages_and_six_departments(demo):
    akzhar = Territory.objects.get(kato="593400000")
    assert akzhar.children.count() == 12
    assert Territory.objects.filter(level="village", path__startswith=akzhar.path).count() == 24
    assert akzhar.population == 13465
    kinds = set(Department.objects.filter(akimat__territory=akzhar).values_list("kind", flat=True))
    assert kinds == {"construction", "education", "housing", "agriculture", "employment", "civil_registry"}
    talshik = Akimat.objects.get(territory__kato="593400000")
    assert talshik.address_en.startswith("15 Tselinnaya street, Talshik")


def test_demo_has_staff_in_every_role(demo):
    assert set(RoleGrant.objects.values_list("role", flat=True)) == set(Role.values)


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = (Territory.objects.count(), Akimat.objects.count(), Department.objects.count(), RoleGrant.objects.count())
    audits = AuditEntry.objects.exclude(action="demo.load").count()
    call_command("load_demo", force=True, stdout=StringIO())
    assert counts == (
        Territory.objects.count(),
        Akimat.objects.count(),
        Department.objects.count(),
        RoleGrant.objects.count(),
    )
    assert AuditEntry.objects.exclude(action="demo.load").count() == audits
    assert audit_verify() is None


def test_demo_refuses_to_run_in_production(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not Territory.objects.exists()
