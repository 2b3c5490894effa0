"""Public read of published appeals: only the anonymised texts staff wrote for publication."""

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from openakimat.common.pagination import PagePagination

from . import selectors
from .models import Topic
from .schemas import AppealFiguresOut, PublishedAppealOut

router = Router()


class AppealFilters(Schema):
    q: str | None = None
    topic: Topic | None = None
    akimat: str | None = None


@router.get("/appeals", response=list[PublishedAppealOut], summary="List published appeals", tags=["appeals"])
@paginate(PagePagination)
def list_appeals(request: HttpRequest, filters: Query[AppealFilters]):
    """Appeals published with their authors' consent, newest first: the anonymised question and
    answer. `q` searches both (any language), `topic` and `akimat` (its KATO code) filter."""
    qs = selectors.published(q=filters.q or "", topic=filters.topic or "", akimat=filters.akimat or "")
    return qs


@router.get("/appeals/figures", response=AppealFiguresOut, summary="How appeals are answered", tags=["appeals"])
def appeal_figures(request: HttpRequest, akimat: str | None = None):
    """Of all answered appeals: how many within their term, and the median working days to answer."""
    figures = selectors.figures(akimat=akimat or "")
    return {
        "answered": figures.answered,
        "answered_in_term": figures.in_term,
        "in_term_percent": figures.in_term_percent,
        "median_working_days": figures.median_days,
    }


@router.get("/appeals/{number}", response=PublishedAppealOut, summary="One published appeal", tags=["appeals"])
def get_appeal(request: HttpRequest, number: str):
    return selectors.published_appeal(number=number)
