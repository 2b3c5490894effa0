"""The published figures of the ratings (docs/ratings.md): per service, per department and per
akimat, the count, the mean and the distribution 1–5. Below `RATINGS_MIN_COUNT` ratings (5 unless
the settings say otherwise) the mean and the distribution are not shown: with two or three ratings
a figure could say what one resident gave. Comments are never published.

Registered with `common.publish` (FeedbackConfig.ready):
- "catalogue.service": {"ratings": Aggregate} on the register's service page;
- "territory.akimat": {"ratings": Aggregate, "ratings_by_department": [(name, Aggregate)]} on the
  akimat's page;
- "accountability.satisfaction": {"satisfaction": {...}} of an akimat, plain numbers for the
  accountability dashboard and open data.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count

from openakimat.common.models import localized
from openakimat.territory.models import Department

from .models import SCORES, Rating

DEFAULT_MIN_COUNT = 5


def min_count() -> int:
    return int(getattr(settings, "RATINGS_MIN_COUNT", DEFAULT_MIN_COUNT))


@dataclass
class Share:
    score: int
    count: int
    percent: int


@dataclass
class Aggregate:
    count: int
    mean: float | None  # None below the minimum count
    distribution: list[Share] = field(default_factory=list)  # empty below the minimum count
    minimum: int = DEFAULT_MIN_COUNT

    @property
    def shown(self) -> bool:
        return self.mean is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "mean": self.mean,
            "distribution": {str(s.score): s.count for s in self.distribution} if self.shown else None,
            "minimum_count": self.minimum,
        }


def aggregate(**filters: Any) -> Aggregate:
    """The ratings matching `filters` (e.g. service=…, akimat=…), in one query."""
    counts = dict(
        Rating.objects.filter(**filters)
        .order_by()
        .values_list("score")
        .annotate(n=Count("id"))
        .values_list("score", "n")
    )
    return _from_counts(counts)


def _from_counts(counts: dict[int, int]) -> Aggregate:
    total, least = sum(counts.values()), min_count()
    if total < least or total == 0:
        return Aggregate(count=total, mean=None, minimum=least)
    mean = round(sum(score * n for score, n in counts.items()) / total, 1)
    shares = [Share(s, counts.get(s, 0), round(100 * counts.get(s, 0) / total)) for s in reversed(SCORES)]
    return Aggregate(count=total, mean=mean, distribution=shares, minimum=least)


def by_department(akimat: Any) -> list[tuple[str, Aggregate]]:
    """Each department of the akimat that has ratings, with its aggregate (two queries)."""
    rows = (
        Rating.objects.filter(akimat=akimat, department__isnull=False)
        .order_by()
        .values_list("department", "score")
        .annotate(n=Count("id"))
    )
    counts: dict[int, dict[int, int]] = {}
    for department, score, n in rows:
        counts.setdefault(department, {})[score] = n
    departments = Department.objects.filter(pk__in=counts).order_by("pk")
    return [(localized(d, "name"), _from_counts(counts[d.pk])) for d in departments]


def service_rating_figures(service: Any) -> dict[str, Any]:
    return {"ratings": aggregate(service=service)}


def akimat_rating_figures(akimat: Any) -> dict[str, Any]:
    """Nothing for an akimat nobody has rated (one query), so its page shows no empty section."""
    overall = aggregate(akimat=akimat)
    if not overall.count:
        return {}
    return {"ratings": overall, "ratings_by_department": by_department(akimat)}


def akimat_satisfaction(akimat: Any) -> dict[str, Any]:
    """For the accountability dashboard: plain numbers, the mean only from the minimum count."""
    return {"satisfaction": aggregate(akimat=akimat).as_dict()}


def register() -> None:
    from openakimat.common import publish

    publish.register("catalogue.service", service_rating_figures)
    publish.register("territory.akimat", akimat_rating_figures)
    publish.register("accountability.satisfaction", akimat_satisfaction)
