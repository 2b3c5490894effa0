"""Reads for territories and akimats: querysets with their joins already made."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from .models import Akimat, Department, ServiceStatus, Territory, TerritoryLevel, heavy_fields

HAS_BOUNDARY = ExpressionWrapper(Q(boundary__isnull=False), output_field=BooleanField())

# The units whose akimats the region counts when it reports its service-akimat rollout.
ROLLOUT_LEVELS = (TerritoryLevel.DISTRICT, TerritoryLevel.CITY)


def territory_list(
    *, level: str | None = None, parent: str | None = None, q: str | None = None, within: str | None = None
) -> QuerySet[Territory]:
    qs = (
        Territory.objects.select_related("parent")
        .defer("boundary", "search_text", "parent__boundary", "parent__search_text")
        .annotate(has_boundary=HAS_BOUNDARY)
    )
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent__kato=parent)
    if within:
        qs = qs.filter(path__startswith=territory_get(kato=within).path)
    if q:
        for word in q.casefold().split():
            qs = qs.filter(search_text__contains=word)
    return qs.order_by("kato")


def territory_get(*, kato: str) -> Territory:
    try:
        return (
            Territory.objects.select_related("parent")
            .defer("boundary", "parent__boundary")
            .annotate(has_boundary=HAS_BOUNDARY)
            .get(kato=kato)
        )
    except Territory.DoesNotExist:
        raise Http404 from None


def territory_ancestors(territory: Territory) -> list[Territory]:
    """The territory's ancestors, root first, each marked `has_akimat` (not every territory has one)."""
    codes = [c for c in territory.path.split("/") if c and c != territory.kato]
    rows = Territory.objects.filter(kato__in=codes).select_related("parent").defer("boundary", "parent__boundary")
    rows = rows.annotate(has_boundary=HAS_BOUNDARY, has_akimat=Exists(Akimat.objects.filter(territory=OuterRef("pk"))))
    by_code = {t.kato: t for t in rows}
    return [by_code[c] for c in codes if c in by_code]


def territory_subtree(territory: Territory, *, depth: int) -> list[Territory]:
    """The territory's descendants down to `depth` levels, in one query, parents before their
    children: ordered by path, of which every ancestor's path is a prefix. (Not by code: a territory
    moved under another parent by an import may have a code that sorts before its parent's.)"""
    base_depth = territory.path.count("/")
    rows = (
        Territory.objects.filter(path__startswith=territory.path)
        .exclude(pk=territory.pk)
        .defer("boundary", "search_text")
        .order_by("path")
    )
    return [t for t in rows if t.path.count("/") - base_depth <= depth]


def akimat_list(
    *, within: str | None = None, kind: str | None = None, service_status: str | None = None
) -> QuerySet[Akimat]:
    qs = Akimat.objects.select_related("territory").defer(*heavy_fields("territory"))
    if within:
        qs = qs.filter(territory__path__startswith=territory_get(kato=within).path)
    if kind:
        qs = qs.filter(kind=kind)
    if service_status:
        qs = qs.filter(service_status=service_status)
    return qs.order_by("territory__kato")


def akimat_by_kato(kato: str) -> Akimat:
    """The akimat of a territory, to show by name (no departments, no boundary); 404 when none."""
    akimat = (
        Akimat.objects.select_related("territory")
        .defer(*heavy_fields("territory"))
        .filter(territory__kato=kato)
        .first()
    )
    if akimat is None:
        raise Http404
    return akimat


def akimat_get(*, kato: str) -> Akimat:
    active = Department.objects.filter(is_active=True).order_by("kind", "name_en")
    try:
        return (
            Akimat.objects.select_related("territory", "territory__parent")
            .defer("territory__boundary")
            .prefetch_related(Prefetch("departments", queryset=active))
            .get(territory__kato=kato)
        )
    except Akimat.DoesNotExist:
        raise Http404 from None


def region_list() -> QuerySet[Territory]:
    return Territory.objects.filter(level=TerritoryLevel.REGION).defer("boundary").order_by("kato")


@dataclass(frozen=True)
class RolloutRow:
    territory: Territory
    akimat: Akimat | None

    @property
    def status(self) -> str:
        return self.akimat.service_status if self.akimat else ServiceStatus.NONE

    @property
    def opened_on(self) -> date | None:
        return self.akimat.service_opened_on if self.akimat else None


@dataclass(frozen=True)
class Rollout:
    region: Territory
    rows: list[RolloutRow]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def open_count(self) -> int:
        return sum(1 for r in self.rows if r.status == ServiceStatus.OPEN)

    @property
    def planned_count(self) -> int:
        return sum(1 for r in self.rows if r.status == ServiceStatus.PLANNED)

    @property
    def percent(self) -> int:
        """Share of district and city akimats that run a service akimat, rounded half up."""
        if not self.total:
            return 0
        share = Decimal(self.open_count) * 100 / Decimal(self.total)
        return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rollout_for_region(*, kato: str, with_boundaries: bool = False) -> Rollout:
    region = territory_get(kato=kato)
    if region.level != TerritoryLevel.REGION:
        raise Http404
    units = Territory.objects.filter(parent=region, level__in=ROLLOUT_LEVELS).select_related("akimat")
    if not with_boundaries:
        units = units.defer("boundary")
    rows = [RolloutRow(territory=t, akimat=getattr(t, "akimat", None)) for t in units.order_by("kato")]
    return Rollout(region=region, rows=rows)


def akimats_of(territories: list[Territory]) -> dict[int, Akimat | None]:
    """The akimat each territory belongs to, by territory id: its own, or else that of its nearest
    ancestor with one (a village without an akimat of its own belongs to its okrug's). None where
    no akimat is above it. One query, however many territories."""
    codes = {code for t in territories for code in t.path.split("/") if code}
    by_kato = {
        a.territory.kato: a for a in Akimat.objects.filter(territory__kato__in=codes).select_related("territory")
    }
    found: dict[int, Akimat | None] = {}
    for t in territories:
        chain = [code for code in t.path.split("/") if code]
        found[t.pk] = next((by_kato[code] for code in reversed(chain) if code in by_kato), None)
    return found


def akimat_of(territory: Territory) -> Akimat | None:
    """The akimat a territory belongs to (see `akimats_of`)."""
    return akimats_of([territory])[territory.pk]
