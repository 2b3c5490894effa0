from contextlib import nullcontext
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from openakimat.common.pagination import PagePagination
from openakimat.common.schemas import ErrorOut

from . import selectors
from .models import AkimatKind, ServiceStatus, TerritoryLevel
from .schemas import AkimatDetail, AkimatOut, RolloutOut, TerritoryDetail, TerritoryNode, TerritoryOut, names

router = Router()


class TerritoryFilters(Schema):
    level: TerritoryLevel | None = None
    parent: str | None = None
    within: str | None = None
    q: str | None = None


@router.get(
    "/territories",
    response={200: list[TerritoryOut], 404: ErrorOut},
    summary="List territories",
    tags=["territories"],
)
@paginate(PagePagination)
def list_territories(request: HttpRequest, filters: Query[TerritoryFilters]):
    """Territories by KATO code. Filter by `level`, by `parent` (its direct children), by `within`
    (its whole subtree), and search with `q` in the Kazakh, Russian or English name. A `parent` or
    `within` that is no territory is a 404."""
    return selectors.territory_list(level=filters.level, parent=filters.parent, q=filters.q, within=filters.within)


@router.get(
    "/territories/{kato}",
    response=TerritoryDetail,
    summary="One territory with its ancestors and children",
    tags=["territories"],
)
def get_territory(request: HttpRequest, kato: str):
    t = selectors.territory_get(kato=kato)
    t.ancestors = selectors.territory_ancestors(t)
    t.children_list = list(selectors.territory_list(parent=kato))
    return t


@router.get(
    "/territories/{kato}/tree", response=TerritoryNode, summary="The subtree under a territory", tags=["territories"]
)
def get_territory_tree(request: HttpRequest, kato: str, depth: int = Query(2, ge=1, le=3)):
    """Nested children of a territory down to `depth` levels (1–3), read in one query."""
    root = selectors.territory_get(kato=kato)
    nodes: dict[int, dict[str, Any]] = {
        root.pk: {"kato": root.kato, "level": root.level, "name": names(root), "children": []}
    }
    for t in selectors.territory_subtree(root, depth=depth):
        node = {"kato": t.kato, "level": t.level, "name": names(t), "children": []}
        nodes[t.pk] = node
        if t.parent_id in nodes:
            nodes[t.parent_id]["children"].append(node)
    return nodes[root.pk]


class AkimatFilters(Schema):
    within: str | None = None
    kind: AkimatKind | None = None
    service_status: ServiceStatus | None = None


@router.get("/akimats", response={200: list[AkimatOut], 404: ErrorOut}, summary="List akimats", tags=["akimats"])
@paginate(PagePagination)
def list_akimats(request: HttpRequest, filters: Query[AkimatFilters]):
    """Akimats, optionally only those `within` a territory (by KATO code), of one `kind`, or with
    one service-akimat status."""
    return selectors.akimat_list(within=filters.within, kind=filters.kind, service_status=filters.service_status)


@router.get("/akimats/{kato}", response=AkimatDetail, summary="One akimat with its departments", tags=["akimats"])
def get_akimat(request: HttpRequest, kato: str):
    return selectors.akimat_get(kato=kato)


@router.get(
    "/regions/{kato}/service-akimats",
    response=RolloutOut,
    summary="Service-akimat rollout across a region's districts and cities",
    tags=["akimats"],
)
def region_rollout(request: HttpRequest, kato: str):
    r = selectors.rollout_for_region(kato=kato)
    return {
        "region": r.region.kato,
        "name": names(r.region),
        "total": r.total,
        "open": r.open_count,
        "planned": r.planned_count,
        "percent": r.percent,
        "units": [
            {
                "territory": row.territory.kato,
                "level": row.territory.level,
                "name": names(row.territory),
                "akimat": names(row.akimat) if row.akimat else None,
                "service_status": row.status,
                "service_opened_on": row.opened_on,
                "open_space": bool(row.akimat and row.akimat.open_space),
            }
            for row in r.rows
        ],
    }


# One of the site's languages; any other value is a 422.
Language = Literal[tuple(code for code, _name in settings.LANGUAGES)]


@router.get(
    "/regions/{kato}/service-akimats.geojson",
    summary="The rollout as GeoJSON: district polygons where imported, otherwise centre points",
    tags=["akimats"],
    url_name="region_rollout_geojson",
)
def region_rollout_geojson(request: HttpRequest, kato: str, lang: Language | None = None) -> dict[str, Any]:
    """Names, status labels and page links in `lang` (the map on a site page passes the page's
    language); without it, in the language the request asks for (Accept-Language)."""
    with translation.override(lang) if lang else nullcontext():
        return _rollout_feature_collection(kato)


def _rollout_feature_collection(kato: str) -> dict[str, Any]:
    r = selectors.rollout_for_region(kato=kato, with_boundaries=True)
    labels = dict(ServiceStatus.choices)
    features = []
    for row in r.rows:
        t = row.territory
        if t.boundary:
            geometry = t.boundary
        elif t.centre_lat is not None and t.centre_lon is not None:
            geometry = {"type": "Point", "coordinates": [float(t.centre_lon), float(t.centre_lat)]}
        else:
            continue
        features.append(
            {
                "type": "Feature",
                "id": t.kato,
                "geometry": geometry,
                "properties": {
                    "kato": t.kato,
                    "name": t.name,
                    "akimat": row.akimat.name if row.akimat else None,
                    "status": row.status,
                    "status_label": str(labels[row.status]),
                    "opened_on": row.opened_on.isoformat() if row.opened_on else None,
                    # ISO for programs; the same date as the page's language writes it, for the popup
                    "opened_on_label": date_format(row.opened_on, "DATE_FORMAT") if row.opened_on else None,
                    "url": reverse("akimat-detail", kwargs={"kato": t.kato}) if row.akimat else None,
                },
            }
        )
    return {"type": "FeatureCollection", "name": _("Service akimats"), "features": features}
