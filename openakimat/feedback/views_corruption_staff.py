"""The observers' pages of the corruption reports: the list, a report (each opening logged), its
status and answer, internal notes, and the files (each download logged). Only observers whose
grant covers the report's akimat reach them (permissions.py); anyone else gets a 403 on the list
and a 404 on a report."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from openakimat.accounts.views import staff_required
from openakimat.common.downloads import attachment_response
from openakimat.common.errors import ConflictError
from openakimat.common.forms import add_service_errors

from . import permissions, selectors
from .forms_corruption import NoteForm, StatusForm
from .models import AccessKind, CorruptionReport, ReportStatus
from .services import corruption as services


def _allowed(request: HttpRequest) -> None:
    if not permissions.can_open_corruption_reports(request.user):
        raise PermissionDenied


@never_cache
@staff_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    status = request.GET.get("status", "")
    if status not in ReportStatus.values:
        status = ""
    reports = selectors.staff_reports(actor=request.user, status=status)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    context = {"page": page, "reports": page.object_list, "status": status, "statuses": ReportStatus.choices}
    return render(request, "feedback/corruption/staff/list.html", context)


def _detail(request: HttpRequest, report: CorruptionReport, status_form=None, note_form=None, status=200):
    moves = services.MOVES.get(report.status, frozenset())
    status_form = status_form or StatusForm(initial={"version": report.version, "answer": report.answer})
    status_form.fields["status"].choices = [(v, label) for v, label in ReportStatus.choices if v in moves]
    context = {
        "report": report,
        "files": list(report.files.all()),
        "additions": list(report.additions.prefetch_related("files")),
        "notes": list(report.notes.select_related("author")),
        "accesses": list(report.accesses.select_related("user")[:20]),
        "status_form": status_form,
        "note_form": note_form or NoteForm(),
    }
    return render(request, "feedback/corruption/staff/detail.html", context, status=status)


def _report(request: HttpRequest, pk: int) -> CorruptionReport:
    _allowed(request)
    report = selectors.staff_report(actor=request.user, pk=pk)
    services.report_access_record(actor=request.user, report=report, kind=AccessKind.VIEW)
    return report


@never_cache
@staff_required
@require_GET
def report_detail(request: HttpRequest, report: int) -> HttpResponse:
    return _detail(request, _report(request, report))


@never_cache
@staff_required
@require_POST
def report_status(request: HttpRequest, report: int) -> HttpResponse:
    found = _report(request, report)
    form = StatusForm(request.POST)
    form.fields["status"].choices = ReportStatus.choices
    if form.is_valid():
        try:
            services.report_status_change(
                actor=request.user,
                report=found,
                status=form.cleaned_data["status"],
                answer=form.cleaned_data["answer"],
                version=form.cleaned_data["version"],
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
            return _detail(request, found, status_form=form, status=409)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("corruption-staff:detail", report=found.pk)
    return _detail(request, found, status_form=form, status=400)


@never_cache
@staff_required
@require_POST
def report_note(request: HttpRequest, report: int) -> HttpResponse:
    found = _report(request, report)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.report_note_add(actor=request.user, report=found, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("corruption-staff:detail", report=found.pk)
    return _detail(request, found, note_form=form, status=400)


@never_cache
@staff_required
@require_GET
def report_file(request: HttpRequest, report: int, file: int) -> HttpResponse:
    _allowed(request)
    found = selectors.staff_report(actor=request.user, pk=report)
    stored = get_object_or_404(found.files, pk=file)
    services.report_access_record(actor=request.user, report=found, kind=AccessKind.DOWNLOAD, file=stored)
    return attachment_response(stored.file.open("rb"), original_name=f"report-{found.pk}-file-{stored.pk}")
