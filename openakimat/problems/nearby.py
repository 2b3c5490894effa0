"""Open reports near a new one, offered before it is sent ("is it one of these?"): the same category,
within NEARBY_METRES of its point, or in the same village when it has no point."""

import math
from decimal import Decimal

from openakimat.territory.models import Territory

from .models import OPEN_STATUSES, Category, Report

NEARBY_METRES = 150
MAX_OFFERED = 5
_METRES_PER_DEGREE = 111_320


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def nearby_open(
    category: Category, lat: Decimal | None, lon: Decimal | None, territory: Territory | None
) -> list[Report]:
    """The open reports of `category` close to the point (nearest first), or in `territory`."""
    base = Report.objects.filter(category=category, status__in=OPEN_STATUSES).select_related("territory")
    if lat is not None and lon is not None:
        la, lo = float(lat), float(lon)
        dlat = NEARBY_METRES / _METRES_PER_DEGREE
        dlon = dlat / max(math.cos(math.radians(la)), 0.01)
        box = base.filter(
            lat__gte=Decimal(str(round(la - dlat, 6))),
            lat__lte=Decimal(str(round(la + dlat, 6))),
            lon__gte=Decimal(str(round(lo - dlon, 6))),
            lon__lte=Decimal(str(round(lo + dlon, 6))),
        )
        found = [
            (distance_m(la, lo, float(r.lat), float(r.lon)), r)
            for r in box[:50]
            if r.lat is not None and r.lon is not None
        ]
        near = [r for d, r in sorted(found, key=lambda pair: pair[0]) if d <= NEARBY_METRES]
        return near[:MAX_OFFERED]
    if territory is not None:
        return list(base.filter(territory=territory)[:MAX_OFFERED])
    return []
