"""The staff pages of execution control: the inbox of instructions the person reaches (overdue
first) and an instruction's page with the moves they may make: take into work, report progress with
files, report done, extend, reassign, cancel, reopen.

Thin views: they read through `selectors`, write through `services`, and show a service's
ValidationError next to the field it is about (400) and a ConflictError — the instruction changed
since the page was opened — as a 409 page showing it as it is now.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from openakimat.accounts.views import staff_required
from openakimat.common.errors import ConflictError, TemporarilyUnavailable

from . import permissions, selectors, services
from .forms import ExtendForm, InboxFilterForm, MoveForm, ReassignForm, ReportForm, show_service_errors
from .models import Instruction
from .workflow import TRANSITIONS

PAGE_SIZE = 50


@require_GET
@never_cache
@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not permissions.can_open_instructions(request.user):
        raise PermissionDenied
    departments = list(selectors.inbox_departments(actor=request.user))
    form = InboxFilterForm(request.GET or None, departments=departments)
    data: dict[str, Any] = {"status": selectors.OPEN, "department": None, "source": "", "mine": False}
    if form.is_bound and form.is_valid():
        data = {**data, **{k: v for k, v in form.cleaned_data.items() if v not in ("", None)}}
    status = "" if data["status"] == "all" else data["status"]
    today = timezone.localdate()
    qs = selectors.inbox(
        actor=request.user,
        status=status,
        department=form.departments.get(data["department"] or 0),
        source=data["source"],
        mine=data["mine"],
        today=today,
    )
    page = selectors.page_of(qs, request.GET.get("page"), PAGE_SIZE)
    for row in page.rows:
        row.overdue = row.is_overdue(today)  # type: ignore[attr-defined]
    keep = urlencode({k: ("on" if v is True else v) for k, v in data.items() if v not in ("", None, False)})
    context = {"form": form, "page": page, "keep": keep, "filters": data, "show_departments": len(departments) > 1}
    return render(request, "control/staff/inbox.html", context)


def _context(request: HttpRequest, instruction: Instruction, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the page shows; `bound` replaces the blank form of the action that failed."""
    user = request.user
    bound = bound or {}
    initial = {"version": instruction.version}
    today = timezone.localdate()
    context: dict[str, Any] = {
        "instruction": instruction,
        "overdue": instruction.is_overdue(today),
        "events": list(instruction.events.all()),
        "source_url": selectors.source_url(instruction),
        "source_label": selectors.source_label(instruction),
        "staff": True,
        "moves": [
            (t, bound.get(t.name) or MoveForm(transition=t, initial=initial))
            for t in permissions.available_moves(user, instruction)
        ],
    }
    if instruction.is_open and permissions.can_work(user, instruction):
        context["report_form"] = bound.get("report") or ReportForm(initial=initial)
    if instruction.is_open and permissions.can_control(user, instruction):
        context["extend_form"] = bound.get("extend") or ExtendForm(initial=initial)
        context["reassign_form"] = bound.get("reassign") or _reassign_form(instruction, initial=initial)
    return context


def _reassign_form(instruction: Instruction, *args: Any, **kwargs: Any) -> ReassignForm:
    departments = selectors.assignable_departments(instruction=instruction)
    staff = selectors.department_staff(department_ids=list(departments.values_list("pk", flat=True)))
    return ReassignForm(*args, departments=departments, staff=staff, **kwargs)


@require_GET
@never_cache
@staff_required
def detail(request: HttpRequest, instruction: str) -> HttpResponse:
    found = selectors.staff_detail(actor=request.user, number=instruction)
    return render(request, "control/staff/detail.html", _context(request, found))


def _page(request: HttpRequest, number: str, status: int, extra: dict[str, Any], bound: dict[str, Any]) -> HttpResponse:
    instruction = selectors.staff_detail(actor=request.user, number=number)
    context = _context(request, instruction, bound) | extra
    return render(request, "control/staff/detail.html", context, status=status)


def _submit(
    request: HttpRequest, number: str, name: str, form: Any, call: Callable[[dict[str, Any]], object]
) -> HttpResponse | None:
    """Validate `form` and run the service `call`; on failure the page with the form's messages
    (400), or as it is now (409); None when the service succeeded."""
    if not form.is_valid():
        return _page(request, number, 400, {"invalid_form": form}, {name: form})
    try:
        call(form.cleaned_data)
    except ConflictError as exc:
        return _page(request, number, 409, {"conflict": str(exc)}, {})
    except ValidationError as exc:
        show_service_errors(form, exc)
        return _page(request, number, 400, {"invalid_form": form}, {name: form})
    except TemporarilyUnavailable as exc:
        form.add_error(None, str(exc))
        return _page(request, number, 503, {"invalid_form": form}, {name: form})
    return None


def _allowed(request: HttpRequest, number: str, allowed: Callable[[Any, Instruction], bool]) -> Instruction:
    instruction = selectors.staff_detail(actor=request.user, number=number)
    if not allowed(request.user, instruction):
        raise PermissionDenied
    return instruction


def _done(request: HttpRequest, instruction: Instruction, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("control-staff:detail", instruction=instruction.number)


@require_POST
@staff_required
def move(request: HttpRequest, instruction: str, move: str) -> HttpResponse:
    transition = TRANSITIONS.get(move)
    if transition is None:
        raise Http404
    found = _allowed(request, instruction, lambda user, i: permissions.can_make_move(user, i, transition))
    form = MoveForm(request.POST, transition=transition)
    call = {
        "start": lambda d: services.instruction_start(actor=request.user, instruction=found, version=d["version"]),
        "complete": lambda d: services.instruction_complete(
            actor=request.user, instruction=found, result=d["text"], version=d["version"]
        ),
        "cancel": lambda d: services.instruction_cancel(
            actor=request.user, instruction=found, reason=d["text"], version=d["version"]
        ),
        "reopen": lambda d: services.instruction_reopen(
            actor=request.user, instruction=found, reason=d["text"], version=d["version"]
        ),
    }[move]
    failed = _submit(request, instruction, move, form, call)
    return failed or _done(request, found, _("Done: %(action)s.") % {"action": transition.label})


@require_POST
@staff_required
def report(request: HttpRequest, instruction: str) -> HttpResponse:
    found = _allowed(request, instruction, permissions.can_work)
    form = ReportForm(request.POST, request.FILES)
    failed = _submit(
        request,
        instruction,
        "report",
        form,
        lambda d: services.instruction_report(
            actor=request.user,
            instruction=found,
            text=d["text"],
            files=[(f.name, f) for f in d["files"]],
            version=d["version"],
        ),
    )
    return failed or _done(request, found, _("The report is added."))


@require_POST
@staff_required
def extend(request: HttpRequest, instruction: str) -> HttpResponse:
    found = _allowed(request, instruction, permissions.can_control)
    form = ExtendForm(request.POST)
    failed = _submit(
        request,
        instruction,
        "extend",
        form,
        lambda d: services.instruction_extend(
            actor=request.user, instruction=found, deadline=d["deadline"], reason=d["reason"], version=d["version"]
        ),
    )
    return failed or _done(request, found, _("The deadline is extended."))


@require_POST
@staff_required
def reassign(request: HttpRequest, instruction: str) -> HttpResponse:
    found = _allowed(request, instruction, permissions.can_control)
    form = _reassign_form(found, request.POST)
    failed = _submit(
        request,
        instruction,
        "reassign",
        form,
        lambda d: services.instruction_reassign(
            actor=request.user,
            instruction=found,
            department=d["department"],
            responsible=d["responsible"],
            reason=d["reason"],
            version=d["version"],
        ),
    )
    return failed or _done(request, found, _("The instruction is reassigned."))
