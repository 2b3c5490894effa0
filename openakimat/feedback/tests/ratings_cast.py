"""Helpers of the ratings tests: an issued application (made through the real workflow) and ratings
written straight to the table for the aggregates."""

from datetime import date, datetime

from openakimat.applications.services import application_move
from openakimat.applications.tests.conftest import SHOWN_ID
from openakimat.common.calendar import ALMATY
from openakimat.feedback.models import Rating, RatingSubject

LATER = datetime(2026, 12, 2, 11, 0, tzinfo=ALMATY)


def issue(case, superuser):
    for move in ("accept", "complete", "issue"):
        case = application_move(actor=superuser, application=case, move=move, note="n", identity=SHOWN_ID, now=LATER)
    return case


def invented(case, *scores):
    """Ratings of `case`'s service, department and akimat, not tied to a case (as the demo's)."""
    for score in scores:
        Rating.objects.create(
            kind=RatingSubject.APPLICATION,
            akimat_id=case.akimat_id,
            department_id=case.department_id,
            service_id=case.service_id,
            score=score,
            comment="Invented for the test.",
            rated_on=date(2026, 12, 2),
            invented=True,
        )
