import pytest

from openakimat.appeals.models import Appeal, Status
from openakimat.demo.tests import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_appeals_in_every_status_marked_as_invented_and_loads_once():
    load_demo()
    appeals = list(Appeal.objects.all())
    assert {a.status for a in appeals} == set(Status.values)
    assert all("ДЕМО" in a.name and ("ДЕМО" in a.text or "DEMO" in a.text) for a in appeals)
    published = [a for a in appeals if a.published]
    assert len(published) == 3 and all("DEMO" in a.public_question or "ДЕМО" in a.public_question for a in published)
    assert any(a.answered_in_term is False for a in appeals)  # one answer came late
    assert any(a.is_overdue() for a in appeals)
    load_demo()
    assert Appeal.objects.count() == len(appeals)
