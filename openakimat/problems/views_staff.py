"""Staff triage: the inbox of reports (new ones first) and the report page with its actions —
accept as an instruction, merge into the report it repeats, reject with a public reason, add a
public update, remove personal data from the description.

Thin views: they read through `selectors`, write through `services`, and turn a service's
ValidationError into the page again with the messages next to the fields (400) and a
ConflictError into the page as it is now with what happened (409)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from openakimat.accounts.views import staff_required
from openakimat.common.bounds import bounded_int
from openakimat.common.errors import ConflictError
from openakimat.common.forms import add_service_errors
from openakimat.territory.models import Department, Territory

from . import permissions, selectors, services
from .forms_staff import AcceptForm, InboxFilterForm, MergeForm, RedactForm, RejectForm, UpdateForm
from .models import Report

PAGE_SIZE = 50
MAX_PAGE = 1000


@require_GET
@never_cache
@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not permissions.can_open_triage(request.user):  # type: ignore[arg-type]
        raise PermissionDenied
    categories = selectors.staff_categories(request.user)  # type: ignore[arg-type]
    form = InboxFilterForm(request.GET or None, categories=categories)
    status, category, territory = "new", None, None
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"] or "new"
        category = form.categories.get(form.cleaned_data["category"]) if form.cleaned_data["category"] else None
        kato = form.cleaned_data["village"].strip()
        if kato:
            territory = Territory.objects.filter(kato=kato).first()
            if territory is None:
                form.add_error("village", _("No village has this KATO code."))
    if form.errors:
        return render(request, "problems/staff_inbox.html", {"form": form, "rows": [], "page_number": 1}, status=400)
    number = bounded_int(request.GET.get("page", "1"), maximum=MAX_PAGE) or 1
    qs = selectors.inbox(actor=request.user, status=status, category=category, territory=territory)  # type: ignore[arg-type]
    offset = (number - 1) * PAGE_SIZE
    rows = list(qs[offset : offset + PAGE_SIZE + 1])
    pairs = (
        ("status", status),
        ("category", category.pk if category else ""),
        ("village", getattr(territory, "kato", "")),
    )
    keep = urlencode({k: v for k, v in pairs if v})
    context = {
        "form": form,
        "rows": rows[:PAGE_SIZE],
        "page_number": number,
        "has_next": len(rows) > PAGE_SIZE,
        "has_previous": number > 1,
        "keep": keep,
        "status": status,
    }
    return render(request, "problems/staff_inbox.html", context)


def _report(request: HttpRequest, report_id: int) -> Report:
    report = selectors.staff_report(actor=request.user, pk=report_id)  # type: ignore[arg-type]
    if report is None:
        raise Http404
    return report


def _departments(report: Report) -> list[Department]:
    return list(Department.objects.filter(akimat_id=report.akimat_id).order_by("pk"))


def _context(request: HttpRequest, report: Report, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    user = request.user
    bound = bound or {}
    actions = permissions.available_actions(user, report)  # type: ignore[arg-type]
    initial = {"version": report.version}
    context: dict[str, Any] = {
        "report": report,
        "actions": actions,
        "show_reporter": permissions.can_see_reporter(user, report),  # type: ignore[arg-type]
        "photos": selectors.report_photos(report),
        "history": selectors.report_history(report),
    }
    if "accept" in actions:
        context["accept_form"] = bound.get("accept") or AcceptForm(report=report, departments=_departments(report))
    if "merge" in actions:
        candidates = selectors.merge_candidates(report)
        context["merge_form"] = bound.get("merge") or MergeForm(candidates=candidates, initial=initial)
        context["candidates"] = candidates
    if "reject" in actions:
        context["reject_form"] = bound.get("reject") or RejectForm(initial=initial)
    if "update" in actions:
        context["update_form"] = bound.get("update") or UpdateForm(initial=initial)
    if "redact" in actions:
        context["redact_form"] = bound.get("redact") or RedactForm(
            initial={**initial, "description": report.description}
        )
    return context


@require_GET
@never_cache
@staff_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    return render(request, "problems/staff_report.html", _context(request, _report(request, report_id)))


def _act(
    request: HttpRequest,
    report_id: int,
    name: str,
    allowed: Callable[[Any, Report], bool],
    make_form: Callable[[Report], Any],
    call: Callable[[Report, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One triage action: 403 before the form is read when the policy refuses; the page with the
    form's messages (400) or as it is now (409) when the service refuses."""
    report = _report(request, report_id)
    if not allowed(request.user, report):
        raise PermissionDenied
    form = make_form(report)
    status = 400
    if form.is_valid():
        try:
            call(report, form.cleaned_data)
        except ConflictError as exc:
            report = _report(request, report_id)
            context = _context(request, report) | {"conflict": str(exc)}
            return render(request, "problems/staff_report.html", context, status=409)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("problems_staff:report", report_id=report_id)
    context = _context(request, report, {name: form}) | {"invalid_form": form}
    return render(request, "problems/staff_report.html", context, status=status)


@require_POST
@staff_required
def report_accept(request: HttpRequest, report_id: int) -> HttpResponse:
    return _act(
        request,
        report_id,
        "accept",
        permissions.can_accept,
        lambda r: AcceptForm(request.POST, report=r, departments=_departments(r)),
        lambda r, d: services.report_accept(
            actor=request.user,  # type: ignore[arg-type]
            report=r,
            title=d["title"],
            deadline=d["deadline"],
            department=d["department"],
            description=d["description"],
            version=d["version"],
        ),
        _("The report is accepted and given to the department as an instruction."),
    )


@require_POST
@staff_required
def report_merge(request: HttpRequest, report_id: int) -> HttpResponse:
    return _act(
        request,
        report_id,
        "merge",
        permissions.can_triage,
        lambda r: MergeForm(request.POST, candidates=selectors.merge_candidates(r)),
        lambda r, d: services.report_merge(actor=request.user, report=r, into=d["into"], version=d["version"]),  # type: ignore[arg-type]
        _("The report is marked as a duplicate; its followers now follow the original."),
    )


@require_POST
@staff_required
def report_reject(request: HttpRequest, report_id: int) -> HttpResponse:
    return _act(
        request,
        report_id,
        "reject",
        permissions.can_triage,
        lambda r: RejectForm(request.POST),
        lambda r, d: services.report_reject(actor=request.user, report=r, reason=d["reason"], version=d["version"]),  # type: ignore[arg-type]
        _("The report is rejected; the reason is published."),
    )


@require_POST
@staff_required
def report_update(request: HttpRequest, report_id: int) -> HttpResponse:
    return _act(
        request,
        report_id,
        "update",
        permissions.can_triage,
        lambda r: UpdateForm(request.POST),
        lambda r, d: services.report_add_update(actor=request.user, report=r, text=d["text"], version=d["version"]),  # type: ignore[arg-type]
        _("The update is published."),
    )


@require_POST
@staff_required
def report_redact(request: HttpRequest, report_id: int) -> HttpResponse:
    return _act(
        request,
        report_id,
        "redact",
        permissions.can_redact,
        lambda r: RedactForm(request.POST),
        lambda r, d: services.report_redact(
            actor=request.user,  # type: ignore[arg-type]
            report=r,
            description=d["description"],
            reason=d["reason"],
            version=d["version"],
        ),
        _("The description is replaced."),
    )
