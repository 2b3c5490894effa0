"""The public, read-only JSON of problem reports: the list with the public list's filters, paginated
and bounded. Public fields only — who reported is never in it."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from openakimat.common.pagination import PagePagination
from openakimat.common.schemas import DatabaseId, ErrorOut
from openakimat.territory.models import Akimat, Territory

from . import selectors
from .api_staff import router as staff_router
from .links import report_url
from .models import Category, Report, Status

router = Router(tags=["problems"])
router.add_router("", staff_router)

_NUMBER = r"-?\d{1,3}(\.\d{1,12})?"
BBOX_PATTERN = rf"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$"
StatusFilter = Literal["open", "closed", *Status.values]  # type: ignore[valid-type]


class ReportFilters(Schema):
    status: StatusFilter | None = Field(None, description="`open`, `closed`, or one status.")  # type: ignore[valid-type]
    category: DatabaseId | None = Field(None, description="A category's id.")
    akimat: str | None = Field(None, max_length=9, description="The KATO code of the akimat's territory.")
    village: str | None = Field(None, max_length=9, description="A territory's KATO code: its whole subtree.")
    bbox: str | None = Field(
        None,
        pattern=BBOX_PATTERN,
        description="A box: west,south,east,north in degrees (corners in any order; clamped to the Earth).",
    )


def _bbox(raw: str) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """The box of a value that matched BBOX_PATTERN: its corners in order, clamped to the Earth."""

    def clamp(value: str, limit: int) -> Decimal:
        return max(Decimal(-limit), min(Decimal(limit), Decimal(value)))

    x1, y1, x2, y2 = raw.split(",")
    west, east = sorted((clamp(x1, 180), clamp(x2, 180)))
    south, north = sorted((clamp(y1, 90), clamp(y2, 90)))
    return west, south, east, north


class ReportOut(Schema):
    id: int
    category: str
    category_id: int
    status: str
    status_label: str
    created: datetime
    status_changed: datetime
    territory: str | None
    address: str
    lat: Decimal | None
    lon: Decimal | None
    description: str
    public_note: str
    duplicate_of: int | None
    url: str

    @staticmethod
    def resolve_category(report: Report) -> str:
        return report.category.name

    @staticmethod
    def resolve_status_label(report: Report) -> str:
        return report.get_status_display()

    @staticmethod
    def resolve_created(report: Report) -> datetime:
        return report.created_at

    @staticmethod
    def resolve_status_changed(report: Report) -> datetime:
        return report.status_changed_at

    @staticmethod
    def resolve_territory(report: Report) -> str | None:
        return report.territory.name if report.territory_id else None

    @staticmethod
    def resolve_duplicate_of(report: Report) -> int | None:
        return report.duplicate_of_id

    @staticmethod
    def resolve_url(report: Report) -> str:
        return report_url(report)


def _filters(query: ReportFilters) -> selectors.Filters:
    category = territory = akimat = None
    if query.category is not None:
        category = Category.objects.filter(pk=query.category).first()
        if category is None:
            raise HttpError(404, _("No category has this id."))
    if query.village:
        territory = Territory.objects.filter(kato=query.village).first()
        if territory is None:
            raise HttpError(404, _("No territory has this KATO code."))
    if query.akimat:
        akimat = Akimat.objects.filter(territory__kato=query.akimat).first()
        if akimat is None:
            raise HttpError(404, _("No akimat has this KATO code."))
    bbox = _bbox(query.bbox) if query.bbox else None
    return selectors.Filters(
        status=query.status or "", category=category, territory=territory, akimat=akimat, bbox=bbox
    )


@router.get(
    "/problems",
    response={200: list[ReportOut], 404: ErrorOut},
    summary="List problem reports",
)
@paginate(PagePagination)
def list_problems(request: HttpRequest, filters: Query[ReportFilters]):  # type: ignore[no-untyped-def]
    """Problem reports, newest first, with their public fields (never who reported). Filters as on
    the public list: `status` (`open`, `closed` or one status; duplicates are left out unless asked
    for), `category`, `akimat`, `village` (a subtree), `bbox`."""
    return selectors.public_reports(_filters(filters))
