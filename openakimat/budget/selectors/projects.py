"""Projects paid from the budgets: lists, one project, and their map layer."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    DecimalField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.http import Http404
from django.utils.translation import gettext as _

from openakimat.territory.models import Territory, heavy_fields

from ..models import (
    Project,
    ProjectFile,
    ProjectFunding,
    ProjectStatus,
)


def project_list(
    *,
    territory: Territory,
    year: int | None = None,
    located_in: Territory | None = None,
    status: str = "",
    group: str = "",
    with_payers: bool = False,
) -> QuerySet[Project]:
    """Projects located in the territory's subtree, with funding in `year` when given, each with
    its territory and `year_amount` (the funding of that year; of all years without `year`); with
    `with_payers`, also `payers`: that funding, each with the territory whose budget pays it and its
    classification, largest first (a second query).

    Narrowed, when given, to the projects located in `located_in` (within the territory), in
    `status`, or funded under the functional `group` (two digits). One query."""
    funding = ProjectFunding.objects.filter(project=OuterRef("pk"))
    payers = ProjectFunding.objects.select_related("territory", "classification").only(
        "project_id",
        "classification__code",
        "amount",
        "year",
        "territory__kato",
        "territory__name_kk",
        "territory__name_ru",
        "territory__name_en",
        "territory__level",
        "territory__path",
    )
    if year is not None:
        funding = funding.filter(year=year)
        payers = payers.filter(year=year)
    amount = funding.order_by().values("project").annotate(s=Sum("amount")).values("s")
    qs = (
        Project.objects.filter(territory__path__startswith=(located_in or territory).path)
        .select_related("territory")
        .defer(*heavy_fields("territory"))
        .annotate(year_amount=Subquery(amount, output_field=DecimalField(max_digits=18, decimal_places=2)))
    )
    if with_payers:
        qs = qs.prefetch_related(Prefetch("funding", queryset=payers.order_by("-amount", "pk"), to_attr="payers"))
    if located_in is not None and not located_in.path.startswith(territory.path):
        qs = qs.none()
    if year is not None:
        qs = qs.filter(pk__in=ProjectFunding.objects.filter(year=year).values("project"))
    if status:
        qs = qs.filter(status=status)
    if group:
        in_group = ProjectFunding.objects.filter(
            Q(classification__code=group) | Q(classification__code__startswith=f"{group}.")
        )
        if year is not None:
            in_group = in_group.filter(year=year)
        qs = qs.filter(pk__in=in_group.values("project"))
    return qs.order_by("territory__kato", "slug")


def project_years(territory: Territory) -> list[int]:
    """Years in which projects located in the territory's subtree are funded, newest first. One
    query."""
    qs = ProjectFunding.objects.filter(project__territory__path__startswith=territory.path)
    return list(qs.order_by("-year").values_list("year", flat=True).distinct())


def project_detail(slug: str) -> Project:
    """A project with its territory (and parent), funding (with classification and territory),
    progress reports and files prefetched. Http404 when there is no such project."""
    try:
        return (
            Project.objects.select_related("territory", "territory__parent")
            .defer("territory__boundary", "territory__parent__boundary")
            .prefetch_related(
                Prefetch(
                    "funding",
                    queryset=ProjectFunding.objects.select_related("classification", "territory").defer(
                        "territory__boundary"
                    ),
                ),
                "reports",
                Prefetch("files", queryset=ProjectFile.objects.order_by("taken_on", "pk")),
            )
            .get(slug=slug)
        )
    except Project.DoesNotExist:
        raise Http404 from None


def project_properties(project: Project) -> dict[str, Any]:
    """The public properties of a project on a map: no contractor, no personal data."""
    status_labels = dict(ProjectStatus.choices)
    return {
        "slug": project.slug,
        "name": project.name,
        "names": {lang: getattr(project, f"name_{lang}") for lang in ("kk", "ru", "en")},
        "territory": project.territory.kato,
        "territory_name": project.territory.name,
        "status": project.status,
        "status_label": str(status_labels.get(project.status, project.status)),
        "progress": project.progress,
        "contract_amount": float(project.contract_amount) if project.contract_amount is not None else None,
        "year_amount": float(year_amount)
        if (year_amount := getattr(project, "year_amount", None)) is not None
        else None,
    }


def projects_geojson(territory: Territory, year: int | None = None) -> dict[str, Any]:
    """Projects with coordinates in the territory's subtree funded in `year`, as a GeoJSON
    FeatureCollection of points (lon, lat). Properties: see `project_properties`. One query."""
    features = [
        {
            "type": "Feature",
            "id": p.slug,
            "geometry": {"type": "Point", "coordinates": [float(p.lon), float(p.lat)]},
            "properties": project_properties(p),
        }
        for p in project_list(territory=territory, year=year)
        if p.lat is not None and p.lon is not None
    ]
    return {"type": "FeatureCollection", "name": _("Budget projects"), "features": features}
