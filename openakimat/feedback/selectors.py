"""The reads of the feedback app: the corruption reports an observer may see."""

from django.db.models import QuerySet
from django.http import Http404

from openakimat.common.actor import Actor

from . import permissions
from .models import CorruptionReport


def staff_reports(*, actor: Actor | None, status: str = "") -> QuerySet[CorruptionReport]:
    reports = CorruptionReport.objects.filter(permissions.reports_q(actor)).select_related("akimat__territory")
    return reports.filter(status=status) if status else reports


def staff_report(*, actor: Actor | None, pk: int) -> CorruptionReport:
    """A report the actor may see; 404 for any other (its existence is not confirmed)."""
    report = staff_reports(actor=actor).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report
