"""Reads for Open311: public services and service requests, with their joins made. A request is
read without the resident's columns, so nothing personal can leak into an answer."""

from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from openakimat.applications.models import CLOSED_STATUSES, Application
from openakimat.catalogue.models import PublicService, RequiredDocument, ServiceOffering

MAX_REQUESTS = 1000
_REQUEST_COLUMNS = (
    "number",
    "status",
    "public_note",
    "registered_at",
    "updated_at",
    "due_at",
    "service",
    "department",
    "akimat",
    "service__code",
    *(f"service__name_{lang}" for lang in ("kk", "ru", "en")),
    *(f"department__name_{lang}" for lang in ("kk", "ru", "en")),
    *(f"akimat__address_{lang}" for lang in ("kk", "ru", "en")),
    "akimat__territory",
    "akimat__territory__centre_lat",
    "akimat__territory__centre_lon",
)


def offered_services() -> QuerySet[PublicService]:
    """Active services that at least one active department renders."""
    offered = ServiceOffering.objects.filter(service=OuterRef("pk"), department__is_active=True)
    return (
        PublicService.objects.filter(is_active=True)
        .filter(Exists(offered))
        .annotate(has_documents=Exists(RequiredDocument.objects.filter(service=OuterRef("pk"))))
        .order_by("department_kind", "code")
    )


def offered_service(code: str) -> PublicService | None:
    return offered_services().prefetch_related("documents").filter(code=(code or "").upper()).first()


def service_requests(
    *,
    numbers: list[str] | None = None,
    service_codes: list[str] | None = None,
    open_: bool | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> QuerySet[Application]:
    """Requests newest first, at most `MAX_REQUESTS`. `open_` True keeps those not yet closed
    (issued or withdrawn), False the closed ones."""
    qs = Application.objects.all()
    if numbers is not None:
        qs = qs.filter(number__in=numbers)
    if service_codes:
        qs = qs.filter(service__code__in=service_codes)
    if open_ is True:
        qs = qs.exclude(status__in=CLOSED_STATUSES)
    elif open_ is False:
        qs = qs.filter(status__in=CLOSED_STATUSES)
    if start is not None:
        qs = qs.filter(registered_at__gte=start)
    if end is not None:
        qs = qs.filter(registered_at__lte=end)
    return (
        qs.select_related("service", "department", "akimat__territory")
        .only(*_REQUEST_COLUMNS)
        .order_by("-registered_at", "-pk")[:MAX_REQUESTS]
    )


def offerings_for_key(*, code: str, territory_path: str) -> list[ServiceOffering]:
    """Where a key of the akimat with `territory_path` may submit requests for the service `code`."""
    return list(
        ServiceOffering.objects.filter(
            Q(department__akimat__territory__path__startswith=territory_path),
            service__code=(code or "").upper(),
            service__is_active=True,
            department__is_active=True,
        )
        .select_related("service", "department")
        .order_by("department_id")
    )


def renders_service(*, code: str, department_id: str) -> bool:
    """Whether the department with the id `department_id` (as a client sent it) renders the
    service `code`, wherever it is."""
    if not (department_id.isdigit() and len(department_id) <= 18):
        return False
    return ServiceOffering.objects.filter(
        service__code=(code or "").upper(),
        service__is_active=True,
        department_id=int(department_id),
        department__is_active=True,
    ).exists()
