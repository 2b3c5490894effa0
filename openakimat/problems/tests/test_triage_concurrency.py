"""Two staff members triaging one report at the same moment: one wins, the others are told; a
reject and a merge of the same report never both happen (PostgreSQL: SQLite serialises writers)."""

import pytest
from django.db import connection

from openakimat.common.errors import ConflictError
from openakimat.common.tests.concurrency import run_together
from openakimat.problems.models import Report, ReportUpdate, Status
from openakimat.problems.services import report_merge, report_reject

from . import triage_fixtures as fx
from .triage_fixtures import make_report

roads = fx.roads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers by locking the whole file")


def test_the_same_rejection_at_once_happens_once(roads, operator, akim):
    report = make_report(roads)
    people = [operator, akim] * 2
    results = run_together(4, lambda i: report_reject(actor=people[i], report=report, reason=f"Reason {i}", version=1))
    assert sum(isinstance(r, Report) for r in results) == 1, results
    assert sum(isinstance(r, ConflictError) for r in results) == 3, results
    assert ReportUpdate.objects.filter(report=report, status=Status.REJECTED).count() == 1


def test_a_reject_and_a_merge_at_once_do_not_both_happen(roads, operator, akim):
    original, report = make_report(roads), make_report(roads)
    moves = [
        lambda: report_reject(actor=operator, report=report, reason="Private land"),
        lambda: report_merge(actor=akim, report=report, into=original),
    ]
    results = run_together(2, lambda i: moves[i]())
    assert sum(isinstance(r, Report) for r in results) == 1, results
    assert sum(isinstance(r, ConflictError) for r in results) == 1, results
    report.refresh_from_db()
    assert report.status in (Status.REJECTED, Status.DUPLICATE) and report.version == 2
