"""Two people acting on one case at the same moment: one wins, the other is told; parallel
registrations get distinct numbers; a submission sent twice at once makes one application."""

import pytest
from django.db import connection

from openakimat.applications.models import Application, ApplicationEvent, Status
from openakimat.applications.services import application_move
from openakimat.common.errors import ConflictError
from openakimat.common.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers by locking the whole file")


def test_the_same_move_at_once_one_wins_the_other_gets_a_conflict(case, specialist, akzhar_head):
    people = [specialist, akzhar_head] * 2
    version = case.version
    results = run_together(
        4, lambda i: application_move(actor=people[i], application=case, move="accept", expected_version=version)
    )
    winners = [r for r in results if isinstance(r, Application)]
    conflicts = [r for r in results if isinstance(r, ConflictError)]
    assert len(winners) == 1 and len(conflicts) == 3, results
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.version == version + 1
    assert ApplicationEvent.objects.filter(application=case, to_status=Status.IN_PROGRESS).count() == 1


def test_different_moves_at_once_do_not_both_happen(case, specialist, operator, superuser):
    case = application_move(actor=superuser, application=case, move="accept")
    moves = [
        lambda: application_move(actor=specialist, application=case, move="complete"),
        lambda: application_move(actor=operator, application=case, move="withdraw", note="The resident asked"),
    ]
    results = run_together(2, lambda i: moves[i]())
    assert sum(isinstance(r, Application) for r in results) == 1, results
    assert sum(isinstance(r, ConflictError) for r in results) == 1, results
    case.refresh_from_db()
    assert case.status in (Status.READY, Status.WITHDRAWN)


def test_parallel_registrations_get_distinct_consecutive_numbers(register):
    results = run_together(8, lambda i: register())
    assert all(isinstance(r, Application) for r in results), results
    numbers = sorted(Application.objects.values_list("number", flat=True))
    assert numbers == [f"AKZ-2026-{n:06d}" for n in range(1, 9)]


def test_one_submission_sent_twice_at_once_makes_one_application(register):
    results = run_together(4, lambda i: register(idempotency_key="double-click-42"))
    assert all(isinstance(r, Application) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Application.objects.count() == 1
