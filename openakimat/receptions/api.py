"""Public read of the schedule and of each reception's summary: no key, nothing personal."""

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from openakimat.common.pagination import PagePagination

from . import selectors
from .models import Kind, Status
from .schemas import ReceptionOut, ReceptionSummaryOut

router = Router()


class ScheduleFilters(Schema):
    akimat: str | None = None
    kind: Kind | None = None


@router.get("/receptions", response=list[ReceptionOut], summary="Upcoming open receptions", tags=["receptions"])
@paginate(PagePagination)
def list_receptions(request: HttpRequest, filters: Query[ScheduleFilters]):
    """The published schedule, soonest first: who receives, when, where or the online link, the
    places left. `akimat` (KATO code of the akimat's territory) and `kind` filter."""
    return selectors.public_schedule(akimat=filters.akimat, kind=filters.kind)


@router.get(
    "/receptions/{reception_id}",
    response=ReceptionSummaryOut,
    summary="One reception with the problems raised and their instructions",
    tags=["receptions"],
)
def get_reception(request: HttpRequest, reception_id: int):
    """A reception; once held, the residents heard and the problems raised (written for the public,
    anonymised) by topic, each with its instructions' status."""
    reception = selectors.public_reception(reception_id)
    results = selectors.reception_results(reception)
    problems = [
        {
            "id": row.problem.pk,
            "text": row.problem.text,
            "topic": row.problem.topic,
            "department": row.problem.department.name,
            "village": row.problem.village.name if row.problem.village else None,
            "resolved": row.resolved,
            "instructions": [
                {"number": i.number, "status": i.status, "deadline": i.deadline} for i in row.instructions
            ],
        }
        for group in results.topics
        for row in group.rows
    ]
    reception.residents_heard = results.residents_heard if reception.status == Status.HELD else 0
    reception.problems_out = problems
    return reception
