"""The staff's pages: the inbox by due date (overdue first to see), and one appeal with the forms of
the actions the policy offers this person — route, extend, draft, answer, prepare and publish.
A service's ValidationError comes back on the page with status 400, a ConflictError with 409."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from openakimat.accounts.views import staff_required
from openakimat.common.downloads import attachment_response
from openakimat.common.errors import ConflictError
from openakimat.common.forms import add_service_errors
from openakimat.control.models import Instruction

from . import permissions, selectors, services
from .forms import ExtendForm, PublicationForm, RouteForm, TextForm, VersionForm
from .models import Appeal

PAGE_SIZE = 50
STATUS_FILTERS = ("open", "answered", "all")


@require_GET
@never_cache
@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not permissions.can_open_appeals(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "open")
    if status not in STATUS_FILTERS:
        status = "open"
    page = Paginator(selectors.inbox(actor=request.user, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "appeals/staff/inbox.html",
        {"page": page, "status": status, "today": timezone.localdate()},
    )


def _instructions(appeal: Appeal) -> list[Instruction]:
    from django.contrib.contenttypes.models import ContentType

    return list(
        Instruction.objects.filter(source_type=ContentType.objects.get_for_model(appeal), source_id=appeal.pk)
        .select_related("department")
        .order_by("pk")
    )


def _forms(request: HttpRequest, appeal: Appeal, bound: dict[str, Any]) -> dict[str, Any]:
    user = request.user
    version = {"version": appeal.version}
    forms: dict[str, Any] = {}
    if permissions.can_route(user, appeal):
        departments = selectors.route_departments(appeal)
        forms["route"] = bound.get("route") or RouteForm(
            initial={**version, "department": appeal.department_id}, departments=departments
        )
    if permissions.can_extend(user, appeal):
        forms["extend"] = bound.get("extend") or ExtendForm(initial=version)
    if permissions.can_draft(user, appeal):
        forms["draft"] = bound.get("draft") or TextForm(
            initial={**version, "text": appeal.answer_draft}, prefix="draft"
        )
    if permissions.can_answer(user, appeal):
        forms["answer"] = bound.get("answer") or TextForm(initial={**version, "text": appeal.answer_draft})
    if permissions.can_publish(user, appeal):
        forms["publication"] = bound.get("publication") or PublicationForm(
            initial={**version, "question": appeal.public_question, "answer": appeal.public_answer}
        )
        forms["publish"] = VersionForm(initial=version)
    for form in forms.values():
        if hasattr(form, "annotate"):
            form.annotate()
    return forms


def _page(request: HttpRequest, appeal: Appeal, status: int = 200, problem: str = "", **bound: Any) -> HttpResponse:
    return render(
        request,
        "appeals/staff/detail.html",
        {
            "appeal": appeal,
            "forms": _forms(request, appeal, bound),
            "instructions": _instructions(appeal),
            "overdue": appeal.is_overdue(),
            "show_author": permissions.can_see_author(request.user, appeal),
            "problem": problem,
        },
        status=status,
    )


@require_GET
@never_cache
@staff_required
def detail(request: HttpRequest, appeal_number: str) -> HttpResponse:
    appeal = selectors.staff_appeal(actor=request.user, number=appeal_number)
    return _page(request, appeal)


def _act(
    request: HttpRequest,
    appeal_number: str,
    name: str,
    allowed: Callable[[Any, Appeal], bool],
    form_class: Callable[..., Any],
    call: Callable[[Appeal, dict[str, Any]], object],
    done: str,
    **form_kwargs: Any,
) -> HttpResponse:
    """Check who asks before anything else (403), then the form (400), then call the service."""
    appeal = selectors.staff_appeal(actor=request.user, number=appeal_number)
    if not allowed(request.user, appeal):
        raise PermissionDenied
    if callable(form_kwargs.get("departments")):
        form_kwargs["departments"] = form_kwargs["departments"](appeal)
    form = form_class(request.POST, **form_kwargs)
    if not form.is_valid():
        return _page(request, appeal, status=400, **{name: form})
    try:
        call(appeal, form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _page(request, appeal, status=400, **{name: form})
    except ConflictError as exc:
        fresh = selectors.staff_appeal(actor=request.user, number=appeal_number)
        return _page(request, fresh, status=409, problem=str(exc))
    messages.success(request, done)
    return redirect("appeals-staff:detail", appeal_number=appeal.number)


@require_POST
@staff_required
def route(request: HttpRequest, appeal_number: str) -> HttpResponse:
    def call(appeal: Appeal, data: dict[str, Any]) -> object:
        department = next(d for d in selectors.route_departments(appeal) if d.pk == data["department"])
        return services.appeal_route(
            actor=request.user,
            appeal=appeal,
            department=department,
            instruction_title=data["instruction_title"],
            instruction_deadline=data["instruction_deadline"],
            version=data["version"],
        )

    done = _("The appeal is passed to the department.")
    return _act(
        request,
        appeal_number,
        "route",
        permissions.is_office,
        RouteForm,
        call,
        done,
        departments=selectors.route_departments,
    )


@require_POST
@staff_required
def extend(request: HttpRequest, appeal_number: str) -> HttpResponse:
    def call(appeal: Appeal, data: dict[str, Any]) -> object:
        return services.appeal_extend(actor=request.user, appeal=appeal, reason=data["reason"], version=data["version"])

    return _act(
        request,
        appeal_number,
        "extend",
        permissions.is_control,
        ExtendForm,
        call,
        _("The term is extended and the resident told."),
    )


@require_POST
@staff_required
def draft(request: HttpRequest, appeal_number: str) -> HttpResponse:
    def call(appeal: Appeal, data: dict[str, Any]) -> object:
        return services.appeal_draft(actor=request.user, appeal=appeal, text=data["text"], version=data["version"])

    return _act(
        request,
        appeal_number,
        "draft",
        permissions.is_drafter,
        TextForm,
        call,
        _("The draft answer is saved."),
        prefix="draft",
    )


@require_POST
@staff_required
def answer(request: HttpRequest, appeal_number: str) -> HttpResponse:
    def call(appeal: Appeal, data: dict[str, Any]) -> object:
        return services.appeal_answer(actor=request.user, appeal=appeal, text=data["text"], version=data["version"])

    return _act(
        request,
        appeal_number,
        "answer",
        permissions.is_control,
        TextForm,
        call,
        _("The answer is sent to the resident."),
    )


@require_POST
@staff_required
def publication(request: HttpRequest, appeal_number: str) -> HttpResponse:
    def call(appeal: Appeal, data: dict[str, Any]) -> object:
        return services.appeal_prepare_publication(
            actor=request.user, appeal=appeal, question=data["question"], answer=data["answer"], version=data["version"]
        )

    return _act(
        request,
        appeal_number,
        "publication",
        permissions.is_control,
        PublicationForm,
        call,
        _("The anonymised version is saved."),
    )


@require_POST
@staff_required
def publish(request: HttpRequest, appeal_number: str) -> HttpResponse:
    unpublish = request.POST.get("action") == "unpublish"

    def call(appeal: Appeal, data: dict[str, Any]) -> object:
        service = services.appeal_unpublish if unpublish else services.appeal_publish
        return service(actor=request.user, appeal=appeal, version=data["version"])

    done = _("The appeal is taken off the public list.") if unpublish else _("The appeal is published.")
    return _act(request, appeal_number, "publish", permissions.is_control, VersionForm, call, done)


@require_GET
@never_cache
@staff_required
def attachment(request: HttpRequest, appeal_number: str, file_id: int) -> FileResponse:
    appeal = selectors.staff_appeal(actor=request.user, number=appeal_number)
    found = next((a for a in appeal.attachments.all() if a.pk == file_id), None)
    if found is None or not permissions.can_read_attachments(request.user, appeal):
        raise Http404
    found.file.open("rb")
    response = attachment_response(found.file, original_name=found.name, fallback="appeal-file")
    response["Cache-Control"] = "private, no-store"
    return response
