"""Two submits of the same case's rating at once (a double click, two tabs): one rating, the other
a conflict. On PostgreSQL, with threads."""

import pytest
from django.db import connection

from openakimat.applications.tests.conftest import *  # noqa: F403  (apz, offering, register, case)
from openakimat.common.errors import ConflictError
from openakimat.common.tests.concurrency import run_together
from openakimat.feedback.models import Rating
from openakimat.feedback.services import ratings as services

from .ratings_cast import issue

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL")


def test_concurrent_double_submit_gives_one_rating(case, superuser):
    issued = issue(case, superuser)

    def rate(i):
        found = services.application_for_rating(number=issued.number, tracking_code=issued.tracking_code)
        return services.rating_submit(application=found, score=1 + i % 5)

    results = run_together(8, rate)
    made = [r for r in results if isinstance(r, Rating)]
    assert len(made) == 1
    assert all(isinstance(r, ConflictError) for r in results if r not in made)
    assert Rating.objects.count() == 1
