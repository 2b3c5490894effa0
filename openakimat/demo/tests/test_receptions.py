"""The demonstration receptions: three ahead, one held with its problems; loading again adds none."""

import pytest

from openakimat.control.models import Instruction
from openakimat.demo.tests import load_demo
from openakimat.receptions.models import RaisedProblem, Reception, SignUp, Status
from openakimat.receptions.selectors import reception_results

pytestmark = pytest.mark.django_db


def test_the_demo_has_receptions_ahead_and_one_held_with_its_results():
    load_demo()
    assert Reception.objects.filter(status=Status.SCHEDULED).count() == 3
    held = Reception.objects.get(status=Status.HELD)
    results = reception_results(held)
    assert results.residents_heard == 4 and results.problems == 4 and results.resolved == 1
    assert Instruction.objects.filter(source_kind="receptions.problem").count() == 4
    assert all("DEMO" in p.text for p in RaisedProblem.objects.all())
    counts = (Reception.objects.count(), SignUp.objects.count(), RaisedProblem.objects.count())
    load_demo()
    assert (Reception.objects.count(), SignUp.objects.count(), RaisedProblem.objects.count()) == counts
