"""Problem reports as a source of instructions: a report follows its instruction's status (taken
into work → in progress, done → fixed, reopened → in progress again, cancelled → closed with the
reason), with a public update for each step."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openakimat.control import sources
from openakimat.control.models import EventKind, Instruction

from .models import Report, ReportUpdate, Status

FOLLOWS = {
    EventKind.STARTED: Status.IN_PROGRESS,
    EventKind.REPORT: Status.IN_PROGRESS,
    EventKind.DONE: Status.FIXED,
    EventKind.REOPENED: Status.IN_PROGRESS,
    EventKind.CANCELLED: Status.CLOSED,
}


def _public_url(report: Report) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("problems:report", args=[report.pk])
    except NoReverseMatch:
        return ""


def follow_instruction(instruction: Instruction, event_kind: str) -> None:
    """Called by control inside the transaction of the instruction's change."""
    status = FOLLOWS.get(event_kind)  # type: ignore[call-overload]
    if status is None:
        return
    report = Report.objects.select_for_update().get(pk=instruction.source_id)
    if report.status == status:
        return
    now = timezone.now()
    report.status, report.status_changed_at = status, now
    fields = ["status", "status_changed_at", "updated_at"]
    text = ""
    if status == Status.FIXED:
        report.fixed_at, text = now, instruction.result
        fields.append("fixed_at")
    elif status == Status.CLOSED:
        text = instruction.cancel_reason
    if text:
        report.public_note = text
        fields.append("public_note")
    report.version += 1
    report.save(update_fields=[*fields, "version"])
    ReportUpdate.objects.create(report=report, at=now, status=status, text=text)
    from .notifications import notify_change

    notify_change(report)


def register_source() -> None:
    sources.register(
        sources.SourceKind(
            name="problems.report",
            model=Report,
            label=_("Problem report"),
            public_url=_public_url,
            on_event=follow_instruction,
        )
    )
