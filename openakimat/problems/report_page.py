"""What the public page of one report shows — and nothing of who reported it: the category, the
place, the description, the public photos, the updates, and the instruction it became (number,
deadline, status). A fixed number of queries whatever the length of its history."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.http import Http404

from openakimat.control.models import Instruction

from .models import Report, ReportPhoto, ReportUpdate, Status

STATUS_COLOURS: dict[str, str] = {
    Status.OPEN: "orange",
    Status.ACCEPTED: "blue",
    Status.IN_PROGRESS: "blue",
    Status.FIXED: "green",
    Status.CLOSED: "grey",
    Status.REJECTED: "red",
    Status.DUPLICATE: "grey",
}


def public_context(pk: int) -> dict[str, Any]:
    # Only the public columns: the reporter's encrypted fields are never read for this page.
    report = (
        Report.objects.select_related("category", "territory", "akimat", "duplicate_of")
        .defer("reporter_name", "reporter_phone", "reporter_email", "reporter_token_hash", "idempotency_key")
        .prefetch_related(
            Prefetch("photos", queryset=ReportPhoto.objects.filter(is_public=True), to_attr="public_photos"),
            Prefetch("updates", queryset=ReportUpdate.objects.only("report_id", "at", "status", "text")),
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    instruction = (
        Instruction.objects.filter(source_type=ContentType.objects.get_for_model(Report), source_id=report.pk)
        .only("number", "deadline", "status", "completed_at")
        .order_by("-pk")
        .first()
    )
    point = (
        {"lat": float(report.lat), "lon": float(report.lon)}
        if report.lat is not None and report.lon is not None
        else None
    )
    return {
        "report": report,
        "updates": list(report.updates.all()),
        "photos": report.public_photos,
        "instruction": instruction,
        "status_colour": STATUS_COLOURS.get(report.status, "grey"),
        "map_point": point,
    }
