"""A report accepted as an instruction follows it: in progress, fixed with the result, reopened."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from openakimat.control import services as control
from openakimat.problems.models import Category, Report, Status
from openakimat.problems.services import NewReport, report_create


@pytest.fixture
def roads(akzhar_akimat, akzhar_construction) -> Category:
    return Category.objects.create(
        akimat=akzhar_akimat,
        code="roads",
        department=akzhar_construction,
        name_kk="Жол",
        name_ru="Дороги",
        name_en="Roads",
    )


def _report(roads) -> Report:
    return report_create(
        NewReport(
            category=roads,
            description="Pothole",
            lat=Decimal("54.2"),
            lon=Decimal("69.1"),
            name="A",
            phone="+77011234567",
        )
    ).report


@pytest.mark.django_db
def test_report_follows_its_instruction(roads, akim, akzhar_head):
    report = _report(roads)
    instruction = control.instruction_create(
        actor=akim,
        source=report,
        akimat=roads.akimat,
        department=roads.department,
        title="Patch the pothole",
        deadline=timezone.localdate() + timedelta(days=5),
    )
    control.instruction_start(actor=akzhar_head, instruction=instruction)
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    control.instruction_complete(actor=akzhar_head, instruction=instruction, result="Patched")
    report.refresh_from_db()
    assert (report.status, report.public_note) == (Status.FIXED, "Patched")
    assert report.fixed_at is not None
    control.instruction_reopen(actor=None, instruction=instruction, reason="Still there", by_resident=True)
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    assert [u.status for u in report.updates.all()] == ["open", "in_progress", "fixed", "in_progress"]


@pytest.mark.django_db
def test_the_same_submission_twice_is_one_report(roads):
    new = NewReport(
        category=roads,
        description="Dark lamp",
        address="Abai st. 3",
        email="a@example.kz",
        name="B",
        idempotency_key="k1",
    )
    first, second = report_create(new), report_create(new)
    assert first.report.pk == second.report.pk and second.existed
    assert Report.objects.count() == 1
