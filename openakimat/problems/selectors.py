"""The problem register's reads: the staff inbox (narrowed by `permissions.reports_q`), the public
list, map and feeds (public fields only: never the reporter's encrypted columns, which are not even
loaded), and the choices of their filters.

The public queries filter on indexed columns (status, category, akimat, territory, the point) and
read newest first through the `problems_rep_newest` index; every page is bounded (`PAGE_MAX`,
`FEATURES_MAX`), so a register of a hundred thousand reports costs one index range per page."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import get_language

from openakimat.common.actor import Actor
from openakimat.territory.models import Akimat, Territory, TerritoryLevel

from . import permissions
from .models import OPEN_STATUSES, Category, Report, ReportPhoto, ReportUpdate, Status

# The columns a public page may read.
PUBLIC_FIELDS = (
    "id",
    "akimat_id",
    "category_id",
    "territory_id",
    "lat",
    "lon",
    "address",
    "description",
    "status",
    "status_changed_at",
    "public_note",
    "duplicate_of_id",
    "created_at",
    "category__id",
    "category__name_kk",
    "category__name_ru",
    "category__name_en",
    "territory__id",
    "territory__name_kk",
    "territory__name_ru",
    "territory__name_en",
)
PAGE_MAX = 100
FEATURES_MAX = 500
CLOSED_STATUSES = (Status.FIXED, Status.CLOSED, Status.REJECTED)


@dataclass(frozen=True)
class Filters:
    """What a reader asked for; every field optional. `status` is "open", "closed", or one status."""

    status: str = ""
    category: Category | None = None
    territory: Territory | None = None
    akimat: Akimat | None = None
    bbox: tuple[Decimal, Decimal, Decimal, Decimal] | None = None  # west, south, east, north


def _status_q(status: str) -> Q:
    if status == "open":
        return Q(status__in=OPEN_STATUSES)
    if status == "closed":
        return Q(status__in=CLOSED_STATUSES)
    if status in Status.values:
        return Q(status=status)
    # By default a duplicate is shown once: as the report it repeats.
    return ~Q(status=Status.DUPLICATE)


def _territory_q(territory: Territory) -> Q:
    """Reports in the territory's subtree: by their village, or, for a report with only a point,
    by their akimat's territory."""
    below = Territory.objects.filter(path__startswith=territory.path).values("pk")
    return Q(territory_id__in=below) | Q(territory__isnull=True, akimat__territory__path__startswith=territory.path)


def filtered(filters: Filters) -> QuerySet[Report]:
    qs = Report.objects.filter(_status_q(filters.status))
    if filters.category is not None:
        qs = qs.filter(category=filters.category)
    if filters.akimat is not None:
        qs = qs.filter(akimat=filters.akimat)
    if filters.territory is not None:
        qs = qs.filter(_territory_q(filters.territory))
    if filters.bbox is not None:
        west, south, east, north = filters.bbox
        qs = qs.filter(lat__gte=south, lat__lte=north, lon__gte=west, lon__lte=east)
    return qs


def public_reports(filters: Filters) -> QuerySet[Report]:
    """The public list, newest first, with public fields only."""
    return filtered(filters).select_related("category", "territory").only(*PUBLIC_FIELDS).order_by("-created_at", "-id")


@dataclass(frozen=True)
class MapRow:
    """One report on the map: public fields only, read as plain values (no model instances: the
    map reads hundreds at a time)."""

    id: int
    lat: Decimal
    lon: Decimal
    status: str
    address: str
    created_at: datetime
    category: str
    territory: str


_NAMES = [f"{rel}__name_{code}" for rel in ("category", "territory") for code in ("kk", "ru", "en")]


def _name(row: dict[str, Any], rel: str, language: str) -> str:
    for code in (language, "kk", "ru", "en"):
        value = row.get(f"{rel}__name_{code}")
        if value:
            return str(value)
    return ""


def map_features(filters: Filters, limit: int = FEATURES_MAX) -> list[MapRow]:
    """The newest `limit` reports with a point, for the map."""
    language = (get_language() or "kk").split("-")[0]
    rows = (
        filtered(filters)
        .filter(lat__isnull=False, lon__isnull=False)
        .order_by("-created_at", "-id")
        .values("id", "lat", "lon", "status", "address", "created_at", *_NAMES)[:limit]
    )
    return [
        MapRow(
            id=r["id"],
            lat=r["lat"],
            lon=r["lon"],
            status=r["status"],
            address=r["address"],
            created_at=r["created_at"],
            category=_name(r, "category", language),
            territory=_name(r, "territory", language),
        )
        for r in rows
    ]


def feed_reports(filters: Filters, limit: int = 50) -> list[Report]:
    return list(public_reports(filters)[:limit])


def public_report(pk: int) -> Report | None:
    return public_reports(Filters(status="any")).filter(pk=pk).first()


# --- the filters' choices --------------------------------------------------------------------------


def public_categories(akimat: Akimat | None = None) -> list[Category]:
    qs = Category.objects.filter(is_active=True).select_related("akimat")
    if akimat is not None:
        qs = qs.filter(akimat=akimat)
    return list(qs.order_by("akimat__name_en", "order", "code")[:300])


def akimats_with_reports() -> list[Akimat]:
    """The akimats that take reports (have a category), for the filter."""
    taking = Category.objects.filter(is_active=True).values("akimat_id")
    return list(
        Akimat.objects.filter(pk__in=taking)
        .select_related("territory")
        .defer("territory__boundary")  # a district's polygon: large, and not needed for a name
        .order_by("name_en")[:300]
    )


AREA_LEVELS = (
    TerritoryLevel.DISTRICT,
    TerritoryLevel.CITY,
    TerritoryLevel.RURAL_OKRUG,
    TerritoryLevel.TOWN,
    TerritoryLevel.VILLAGE,
)


def areas(akimats: list[Akimat]) -> list[Territory]:
    """Villages, okrugs and towns of the akimats that take reports, for the filters and alerts."""
    if not akimats:
        return []
    q = Q()
    for akimat in akimats:
        q |= Q(path__startswith=akimat.territory.path)
    return list(Territory.objects.filter(q, level__in=AREA_LEVELS).defer("boundary").order_by("path")[:1000])


# --- staff ---------------------------------------------------------------------------------------


STAFF_FIELDS = (*PUBLIC_FIELDS, "channel", "version")


def inbox(
    *,
    actor: Actor,
    status: str = "new",
    category: Category | None = None,
    territory: Territory | None = None,
) -> QuerySet[Report]:
    """The reports the actor reaches, new ones first by default (the oldest waiting at the top)."""
    qs = Report.objects.filter(permissions.reports_q(actor))
    if status == "new":
        qs = qs.filter(status=Status.OPEN).order_by("created_at", "id")
    else:
        qs = qs.filter(_status_q(status)).order_by("-created_at", "-id")
    if category is not None:
        qs = qs.filter(category=category)
    if territory is not None:
        qs = qs.filter(_territory_q(territory))
    return qs.select_related("category", "territory").only(*STAFF_FIELDS)


def staff_report(*, actor: Actor, pk: int) -> Report | None:
    """One report the actor reaches (with the reporter's columns: the page decides what to show)."""
    return (
        Report.objects.filter(permissions.reports_q(actor), pk=pk)
        .select_related("category__department__akimat__territory", "akimat__territory", "territory")
        .first()
    )


def staff_categories(actor: Actor) -> list[Category]:
    q = permissions.policy.department_q(actor, permissions.VIEW, "department_id", "akimat__territory__path")
    return list(Category.objects.filter(q).order_by("akimat_id", "order", "code")[:300])


CANDIDATE_FIELDS = (
    "id",
    "address",
    "description",
    "status",
    "lat",
    "lon",
    "created_at",
    "territory__name_kk",
    "territory__name_ru",
    "territory__name_en",
)


def merge_candidates(report: Report, limit: int = 20) -> list[Report]:
    """Reports the new one may repeat: of the same category at the same akimat, still open (or
    fixed lately), nearest first when both have a point, else newest."""
    qs = (
        Report.objects.filter(akimat_id=report.akimat_id, category_id=report.category_id)
        .filter(status__in=[*OPEN_STATUSES, Status.FIXED])
        .exclude(pk=report.pk)
        .select_related("territory")
        .only(*CANDIDATE_FIELDS)
    )
    if report.lat is not None and report.lon is not None:
        box = Decimal("0.02")  # about two kilometres
        qs = qs.filter(lat__range=(report.lat - box, report.lat + box), lon__range=(report.lon - box, report.lon + box))
    elif report.territory_id is not None:
        qs = qs.filter(territory_id=report.territory_id)
    rows = list(qs.order_by("-created_at", "-id")[:200])
    if report.lat is not None and report.lon is not None:
        lat, lon = report.lat, report.lon
        rows.sort(key=lambda r: (r.lat - lat) ** 2 + (r.lon - lon) ** 2)  # type: ignore[operator]
    return rows[:limit]


def report_photos(report: Report) -> list[ReportPhoto]:
    return list(report.photos.all())


def report_history(report: Report) -> list[ReportUpdate]:
    return list(report.updates.all())
