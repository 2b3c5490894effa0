"""Reads for Open311: jurisdictions (akimats taking problem reports), their services (active problem
categories), public reports and their updates, with their joins made. Nothing here reads a
reporter's name or contacts, and nothing reads applications: they are never published."""

from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from openakimat.common.calendar import ALMATY
from openakimat.control.models import Instruction
from openakimat.control.models import Status as InstructionStatus
from openakimat.problems.models import Category, Report, ReportPhoto, ReportUpdate
from openakimat.territory.models import Akimat, Territory

# Never read here: who reported it (encrypted) and the secrets of the report.
PRIVATE_FIELDS = ("reporter_name", "reporter_phone", "reporter_email", "reporter_token_hash", "idempotency_key")


def jurisdictions() -> QuerySet[Akimat]:
    """Akimats with at least one active problem category, by KATO code."""
    taking = Category.objects.filter(akimat=OuterRef("pk"), is_active=True)
    return Akimat.objects.filter(Exists(taking)).select_related("territory").order_by("territory__kato")


def jurisdiction(kato: str) -> Akimat | None:
    """The akimat whose territory has the KATO code `kato` (the Open311 jurisdiction_id)."""
    if not (kato.isdigit() and len(kato) == 9):
        return None
    return Akimat.objects.select_related("territory").filter(territory__kato=kato).first()


def services(akimat: Akimat) -> QuerySet[Category]:
    return Category.objects.filter(akimat=akimat, is_active=True).select_related("department").order_by("order", "code")


def service(akimat: Akimat, code: str) -> Category | None:
    return services(akimat).filter(code=(code or "").strip().lower()).first()


def villages(akimat: Akimat) -> list[Territory]:
    """The territories inside the akimat's own (its villages and okrugs), for the `village` attribute."""
    return list(
        Territory.objects.filter(path__startswith=akimat.territory.path)
        .exclude(pk=akimat.territory_id)
        .order_by("kato")
    )


def territory_by_kato(kato: str) -> Territory | None:
    if not (kato.isdigit() and len(kato) == 9):
        return None
    return Territory.objects.filter(kato=kato).first()


def reports() -> QuerySet[Report]:
    """Public reports with what an Open311 answer shows, in one query plus one for the photos."""
    public_photos = ReportPhoto.objects.filter(is_public=True).order_by("pk")
    return (
        Report.objects.defer(*PRIVATE_FIELDS)
        .select_related("category__department", "territory", "akimat__territory", "open311_media")
        .prefetch_related(Prefetch("photos", queryset=public_photos, to_attr="public_photos"))
        .order_by("-created_at", "-pk")
    )


def report(pk: int) -> Report | None:
    return reports().filter(pk=pk).first()


def updates() -> QuerySet[ReportUpdate]:
    """Public steps of reports, oldest first (the order a poller reads them in); the staff member
    who made one is never read."""
    return ReportUpdate.objects.only("pk", "report_id", "at", "status", "text").order_by("at", "pk")


def expected_by_report(report_ids: list[int]) -> dict[int, datetime]:
    """The deadline of each report's live instruction (assigned or in progress, or done), as the end
    of that day in Kazakhstan time: Open311's expected_datetime. One query for the whole page."""
    if not report_ids:
        return {}
    rows = (
        Instruction.objects.filter(
            source_type=ContentType.objects.get_for_model(Report),
            source_id__in=report_ids,
        )
        .exclude(status=InstructionStatus.CANCELLED)
        .order_by("source_id", "-created_at")
        .values_list("source_id", "deadline")
    )
    found: dict[int, date] = {}
    for source_id, deadline in rows:
        found.setdefault(source_id, deadline)
    return {pk: datetime.combine(day, time(23, 59, 59), tzinfo=ALMATY) for pk, day in found.items()}
