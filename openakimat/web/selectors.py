"""Reads for the site's own pages that gather several apps: the akimat's page.

The akimat page shows what a resident needs in one place: contacts, hours and where the building
is; the akim's office; the public services rendered there (or, for a rural okrug that renders
none, where its residents apply instead); its departments; its budget; and the territories above
and below it. Everything comes in a fixed number of queries, however many villages, departments
or services the akimat has (a test pins the count).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.db.models import Exists, OuterRef

from openakimat.budget.selectors import budget_years
from openakimat.catalogue.models import ServiceOffering
from openakimat.territory import selectors as territory_selectors
from openakimat.territory.models import Akimat, Department, Territory


@dataclass(frozen=True)
class MapPoint:
    lat: Decimal
    lon: Decimal
    approximate: bool
    of_building: bool  # the akimat's own position rather than its territory's centre

    def as_json(self) -> dict[str, float | bool]:
        return {"lat": float(self.lat), "lon": float(self.lon), "approximate": self.approximate}


@dataclass(frozen=True)
class ServiceGroup:
    department: Department
    offerings: list[ServiceOffering]


@dataclass
class AkimatPage:
    akimat: Akimat
    ancestors: list[Territory]
    parent_akimat_territory: Territory | None
    children: Sequence[Territory]  # each annotated with `has_akimat`
    departments: list[Department]
    services: list[ServiceGroup]
    # When the akimat renders no service itself: the nearest akimat above it that does.
    served_by: Akimat | None
    served_by_count: int
    served_by_services: list[ServiceGroup]
    budget_years: list[int]
    point: MapPoint | None = field(default=None)

    @property
    def has_contacts(self) -> bool:
        a = self.akimat
        return bool(a.address or a.phone or a.email or a.website or a.hours)


def _groups(offerings: list[ServiceOffering]) -> list[ServiceGroup]:
    return [
        ServiceGroup(department=department, offerings=list(items))
        for department, items in groupby(offerings, key=lambda o: o.department)
    ]


def _point(akimat: Akimat) -> MapPoint | None:
    if akimat.location_lat is not None and akimat.location_lon is not None:
        return MapPoint(akimat.location_lat, akimat.location_lon, akimat.location_approximate, of_building=True)
    t = akimat.territory
    if t.centre_lat is not None and t.centre_lon is not None:
        return MapPoint(t.centre_lat, t.centre_lon, True, of_building=False)
    return None


def akimat_page(*, kato: str) -> AkimatPage:
    """Everything the akimat page shows, in six queries (404 for an unknown code)."""
    akimat = territory_selectors.akimat_get(kato=kato)  # with its active departments: 2 queries
    territory = akimat.territory
    ancestors = territory_selectors.territory_ancestors(territory)  # 1
    children = list(  # 1
        Territory.objects.filter(parent=territory)
        .defer("boundary", "search_text")
        .annotate(has_akimat=Exists(Akimat.objects.filter(territory=OuterRef("pk"))))
        .order_by("kato")
    )
    # The services of this akimat and of every akimat above it, in one query: the page lists its
    # own, or else those of the nearest akimat above that renders any.
    with_akimat = [t for t in ancestors if getattr(t, "has_akimat", False)]  # annotated by the selector
    codes = [territory.kato, *(t.kato for t in with_akimat)]
    offerings = list(  # 1
        ServiceOffering.objects.filter(
            department__akimat__territory__kato__in=codes, department__is_active=True, service__is_active=True
        )
        .select_related("service", "department__akimat__territory")
        .only(
            "service",
            "department",
            "department__akimat",
            "department__akimat__territory",
            "service__code",
            "service__name_kk",
            "service__name_ru",
            "service__name_en",
            "department__kind",
            "department__name_kk",
            "department__name_ru",
            "department__name_en",
            "department__akimat__name_kk",
            "department__akimat__name_ru",
            "department__akimat__name_en",
            "department__akimat__address_kk",
            "department__akimat__address_ru",
            "department__akimat__address_en",
            "department__akimat__territory__kato",
            "department__akimat__territory__path",
        )
        .order_by("department__akimat__territory__path", "department__kind", "department_id", "service__code")
    )
    by_kato: dict[str, list[ServiceOffering]] = {}
    for offering in offerings:
        by_kato.setdefault(offering.department.akimat.territory.kato, []).append(offering)
    own = by_kato.get(territory.kato, [])
    served_by, served = None, []
    if not own:
        nearest = next((code for code in reversed(codes[1:]) if code in by_kato), None)
        if nearest is not None:
            served = by_kato[nearest]
            served_by = served[0].department.akimat
    parent_akimat_territory = with_akimat[-1] if with_akimat else None
    return AkimatPage(
        akimat=akimat,
        ancestors=ancestors,
        parent_akimat_territory=parent_akimat_territory,
        children=children,
        departments=list(akimat.departments.all()),
        services=_groups(own),
        served_by=served_by,
        served_by_count=len(served),
        served_by_services=_groups(served),
        budget_years=budget_years(territory),  # 1
        point=_point(akimat),
    )
