"""Invented residents' ratings for the demonstration (docs/ratings.md): a handful per service that
the demo's Akzhar akimat issued applications for, enough to pass the minimum count of the published
mean on one service and stay under it on another. None comes from a person: each is marked
`invented`, tied to no application, and its comment says so."""

import random
from datetime import timedelta

from django.utils import timezone

from openakimat.applications.models import Application, Status
from openakimat.common.actor import Actor
from openakimat.feedback.models import Rating, RatingSubject
from openakimat.territory.models import Akimat

# Per service code: the invented scores (7 passes the minimum count of 5, 3 stays under it).
SCORES = {"CONS-05": [5, 5, 4, 4, 4, 3, 2], "CONS-04": [5, 4, 3]}
COMMENT = "Invented for the demonstration."


def load(actor: Actor, akimat: Akimat) -> int:
    rng = random.Random(16)  # noqa: S311  (demonstration data, not a secret)
    today = timezone.localdate()
    made = []
    for code, scores in SCORES.items():
        case = (
            Application.objects.filter(akimat=akimat, service__code=code, status=Status.ISSUED).order_by("pk").first()
        )
        if case is None:
            continue
        made += [
            Rating(
                kind=RatingSubject.APPLICATION,
                akimat_id=case.akimat_id,
                department_id=case.department_id,
                service_id=case.service_id,
                score=score,
                comment=COMMENT,
                rated_on=today - timedelta(days=rng.randint(1, 30)),
                invented=True,
            )
            for score in scores
        ]
    Rating.objects.bulk_create(made)
    return len(made)
