"""The territories' map layer and the freshness of what is loaded."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import (
    Subquery,
)

from openakimat.common.models import localized
from openakimat.territory.models import Territory

from ..models import (
    Budget,
    Project,
)
from ._base import PHASES
from .territory import subtree_totals


def territories_geojson(territory: Territory, year: int, *, today: date | None = None) -> dict[str, Any]:
    """The children of a territory with their totals (as in `territory_view`) as GeoJSON:
    the boundary polygon when one was imported, else a point at the centre (children with neither
    are left out). Properties: kato, name, level, the four phase amounts, execution, status,
    population. Two queries."""
    all_totals, sources = subtree_totals(territory, year)
    depth = territory.path.count("/") + 1
    child_paths = {p: t for p, t in all_totals.items() if p.count("/") == depth}
    features = []
    for child in Territory.objects.filter(path__in=list(child_paths)).defer("search_text").order_by("kato"):
        if child.boundary:
            geometry = child.boundary
        elif child.centre_lat is not None and child.centre_lon is not None:
            geometry = {"type": "Point", "coordinates": [float(child.centre_lon), float(child.centre_lat)]}
        else:
            continue
        t = child_paths[child.path].finish(year, today)
        features.append(
            {
                "type": "Feature",
                "id": child.kato,
                "geometry": geometry,
                "properties": {
                    "kato": child.kato,
                    "name": child.name,
                    "level": child.level,
                    "year": year,
                    **{p: float(getattr(t, p)) for p in PHASES},
                    "execution": t.execution,
                    "status": t.status,
                    "population": child.population,
                    "own_budget": sources[child.path] == {child.pk},
                },
            }
        )
    return {"type": "FeatureCollection", "name": localized(territory, "name"), "features": features}


def latest_update(territory: Territory) -> datetime | None:
    """When the budgets or projects in the territory's subtree last changed, for HTTP caching
    (Last-Modified, ETag). One query."""
    budgets = Budget.objects.filter(territory__path__startswith=territory.path).order_by("-updated_at")
    projects = Project.objects.filter(territory__path__startswith=territory.path).order_by("-updated_at")
    row = (
        Territory.objects.filter(pk=territory.pk)
        .annotate(
            b=Subquery(budgets.values("updated_at")[:1]),
            p=Subquery(projects.values("updated_at")[:1]),
        )
        .values_list("b", "p")
        .first()
    )
    stamps = [s for s in (row or ()) if s is not None]
    return max(stamps) if stamps else None
