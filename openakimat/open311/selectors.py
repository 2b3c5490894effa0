"""Reads for Open311: public services and where an API key may submit, with their joins made.
Nothing here reads applications: they are not published (views.requests)."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from openakimat.catalogue.models import PublicService, RequiredDocument, ServiceOffering


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
