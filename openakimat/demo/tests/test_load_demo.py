from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from openakimat.accounts.models import Role, RoleGrant, User
from openakimat.applications.models import Application, Status
from openakimat.budget.models import Budget, BudgetLine, Classification, Payment, ProgressReport, Project, Rollup
from openakimat.demo.tests import load_demo
from openakimat.integrity.models import AuditEntry
from openakimat.integrity.services import audit_verify
from openakimat.territory.models import Akimat, Department, Territory
from openakimat.territory.selectors import rollout_for_region


@pytest.fixture
def demo(db):
    load_demo()


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


def test_demo_districts_have_their_real_boundaries(demo):
    with_boundary = Territory.objects.filter(boundary__isnull=False)
    districts = Territory.objects.filter(parent__kato="590000000")
    assert set(with_boundary.values_list("kato", flat=True)) == set(districts.values_list("kato", flat=True))
    assert with_boundary.count() == 14
    akzhar = Territory.objects.get(kato="593400000")
    assert akzhar.boundary["type"] == "MultiPolygon"
    ring = akzhar.boundary["coordinates"][0][0]
    assert len(ring) > 100 and ring[0] == ring[-1]
    # The boundary lies around the district centre, which the demo sets and the import keeps.
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    assert min(lons) < akzhar.centre_lon < max(lons) and min(lats) < akzhar.centre_lat < max(lats)
    assert (akzhar.centre_lat, akzhar.centre_lon) == (Decimal("53.637"), Decimal("71.874"))


def test_demo_has_staff_in_every_role(demo):
    assert set(RoleGrant.objects.values_list("role", flat=True)) == set(Role.values)


def test_demo_has_cases_in_every_status_marked_as_demonstration(demo):
    cases = Application.objects.all()
    assert set(cases.values_list("status", flat=True)) == set(Status.values)
    assert all(c.applicant_name.startswith("ДЕМО") and c.applicant_phone.startswith("+7700000") for c in cases)
    numbers = list(cases.order_by("registered_at").values_list("number", flat=True))
    assert numbers == sorted(numbers) and numbers[0].startswith("AKZ-")


def stored_rows() -> dict[str, dict]:
    """Every demo row with what changes when it is written again: `updated_at`, or the password hash
    and TOTP key of the accounts (whose salts would differ)."""
    return {
        "territories": dict(Territory.objects.values_list("kato", "updated_at")),
        "akimats": dict(Akimat.objects.values_list("territory__kato", "updated_at")),
        "departments": dict(Department.objects.values_list("pk", "updated_at")),
        "grants": dict(RoleGrant.objects.values_list("pk", "updated_at")),
        "passwords": dict(User.objects.values_list("username", "password")),
        "devices": dict(TOTPDevice.objects.values_list("user__username", "key")),
        "applications": dict(Application.objects.values_list("number", "updated_at")),
        "classification": {c: names for c, *names in Classification.objects.values_list("code", "name_kk", "name_en")},
        "budgets": {
            (k, y, v): u
            for k, y, v, u in Budget.objects.values_list("territory__kato", "year", "version", "updated_at")
        },
        "budget lines": dict(BudgetLine.objects.values_list("pk", "adjusted")),
        "payments": dict(Payment.objects.values_list("pk", "amount")),
        "rollups": dict(Rollup.objects.values_list("pk", "paid")),
        "projects": dict(Project.objects.values_list("slug", "updated_at")),
        "progress reports": dict(ProgressReport.objects.values_list("pk", "progress")),
    }


def test_loading_the_demo_twice_changes_nothing(demo):
    before = stored_rows()
    audits = AuditEntry.objects.exclude(action="demo.load").count()
    load_demo()
    after = stored_rows()
    for table, rows in before.items():
        assert rows, f"the demo has no {table}"
        assert after[table].keys() == rows.keys(), f"{table}: rows were added or removed"
        rewritten = sorted(str(key) for key in rows if after[table][key] != rows[key])
        assert not rewritten, f"{table} rewritten by the second load: {rewritten}"
    assert AuditEntry.objects.exclude(action="demo.load").count() == audits
    assert audit_verify() is None


def test_demo_refuses_to_run_in_production(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not Territory.objects.exists()


def test_every_demo_territory_has_a_population_that_adds_up():
    from openakimat.demo import territory as demo

    okrugs = {kato: [f"{kato[:6]}{(j + 1) * 100:03d}" for j in range(len(v))] for kato, *_, v in demo.AKZHAR_OKRUGS}
    people = demo.invented_populations(okrugs)
    assert demo.AKZHAR not in people  # the fact is recorded by itself, never invented
    assert people[demo.REGION["kato"]] == sum(people[k] for k, *_ in demo.DISTRICTS if k != demo.AKZHAR) + 13465
    assert sum(people[o] for o in okrugs) == 13465
    for okrug, villages in okrugs.items():
        assert sum(people[v] for v in villages) == people[okrug]
        assert all(people[v] > 0 for v in villages)


def test_the_demo_records_a_population_for_every_territory(demo):
    from openakimat.territory.models import Territory

    assert not Territory.objects.filter(population__isnull=True).exists()
    assert Territory.objects.get(kato="593400000").population == 13465


def test_every_demo_okrug_and_village_lies_within_its_district(demo):
    from openakimat.demo import territory as demo_territory
    from openakimat.territory.models import Territory

    outline = demo_territory.district_outline(demo_territory.AKZHAR)
    places = Territory.objects.filter(kato__startswith="5934", level__in=["rural_okrug", "village"])
    assert places.count() > 20
    outside = [t.kato for t in places if not demo_territory.inside(float(t.centre_lat), float(t.centre_lon), outline)]
    assert outside == []
