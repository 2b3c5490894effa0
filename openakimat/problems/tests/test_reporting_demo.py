"""The demonstration problem reports: categories in three languages routed to the demo akimat's
departments, invented reports in every stage, and loading twice changes nothing."""

import pytest

from openakimat.control.models import Instruction
from openakimat.demo.tests import load_demo
from openakimat.problems.models import Category, Report, Status


@pytest.mark.django_db
def test_the_demo_has_categories_and_invented_reports_and_loads_twice_alike():
    load_demo()
    categories = Category.objects.filter(akimat__territory__kato="593400000")
    assert set(categories.values_list("code", flat=True)) == {
        "roads",
        "lighting",
        "water",
        "heating",
        "waste",
        "snow",
        "animals",
    }
    assert all(c.name_kk and c.name_ru and c.name_en for c in categories)
    assert categories.filter(anonymous_allowed=True).exists() and categories.filter(anonymous_allowed=False).exists()
    reports = Report.objects.all()
    assert reports.count() >= 28
    assert all(r.description.startswith("ДЕМО / DEMO") for r in reports)
    statuses = set(reports.values_list("status", flat=True))
    assert {Status.OPEN, Status.ACCEPTED, Status.IN_PROGRESS, Status.FIXED, Status.CLOSED} <= statuses
    assert Instruction.objects.filter(source_kind="problems.report").count() == reports.exclude(status="open").count()
    before = (Report.objects.count(), Instruction.objects.count(), Category.objects.count())
    load_demo()
    assert (Report.objects.count(), Instruction.objects.count(), Category.objects.count()) == before
