"""The back office and the front-office desk: the inbox, the case page with its actions, document
downloads, desk intake with a printable receipt, and the consultation log.

Thin views: they read through `selectors`, write through `services`, and turn a service's
ValidationError into a 400 page with the messages next to the fields and a ConflictError into a 409
page that shows the case as it is now.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from openakimat.accounts.views import staff_required
from openakimat.common.downloads import attachment_response
from openakimat.common.errors import ConflictError, TemporarilyUnavailable
from openakimat.common.forms import add_service_errors
from openakimat.common.iin import iin_mask
from openakimat.integrity.services import audit_record

from . import permissions, selectors, services
from .forms_staff import (
    AddDocumentsForm,
    AssignForm,
    ExtendForm,
    InboxFilterForm,
    MoveForm,
    TransferForm,
)
from .models import Application
from .workflow import LIKELY_NEXT, TRANSITIONS, Transition, by_likelihood

PAGE_SIZE = 50
MAX_PAGE = 10_000  # a bound on the offset, whatever is typed into the address bar


# --- inbox -------------------------------------------------------------------------------------


@require_GET
@never_cache
@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Cases by due date, 50 a page. The pager fetches one row more than it shows instead of
    counting: a department with ten thousand open cases costs one index range read per page."""
    departments = list(selectors.inbox_departments(user=request.user))
    form = InboxFilterForm(request.GET or None, departments=departments)
    filters = {"status": "open", "department": None, "mine": False, "q": ""}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "status": data["status"] or "open",
            "department": data["department"],
            "mine": data["mine"],
            "q": data["q"].strip(),
        }
    try:
        number = min(max(1, int(request.GET.get("page", "1"))), MAX_PAGE)
    except ValueError:
        number = 1
    qs = selectors.inbox(
        user=request.user,
        status=filters["status"],
        department=filters["department"],
        assigned_to_me=filters["mine"],
        q=filters["q"],
    )
    offset = (number - 1) * PAGE_SIZE
    rows = list(qs[offset : offset + PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    now = timezone.now()
    for row in rows:
        row.deadline = row.deadline_state(now)  # type: ignore[attr-defined]
    keep = urlencode(
        {
            k: v
            for k, v in (
                ("status", filters["status"]),
                ("department", filters["department"] or ""),
                ("mine", "on" if filters["mine"] else ""),
                ("q", filters["q"]),
            )
            if v
        }
    )
    return render(
        request,
        "applications/staff/inbox.html",
        {
            "form": form,
            "rows": rows,
            "page_number": number,
            "has_next": has_next,
            "has_previous": number > 1,
            "keep": keep,
            "show_departments": len(departments) > 1,
            "filters": filters,
        },
    )


# --- the case page -----------------------------------------------------------------------------


@dataclass
class MovePanel:
    transition: Transition
    form: MoveForm
    primary: bool = False


def _case_context(request: HttpRequest, case: Application, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the case page shows; `bound` replaces the blank form of the action that failed."""
    user = request.user
    bound = bound or {}
    initial = {"version": case.version}
    likely = LIKELY_NEXT.get(case.status)
    moves = [
        MovePanel(t, bound.get(t.name) or MoveForm(transition=t, initial=initial), primary=t.name == likely)
        for t in by_likelihood(case.status, permissions.available_moves(user, case))
    ]
    actions = selectors.case_actions(user=user, case=case)
    context: dict[str, Any] = {
        "case": case,
        "deadline": case.deadline_state(timezone.now()),
        "events": selectors.case_history(case=case),
        "documents": selectors.case_documents(case=case),
        "show_applicant": permissions.can_see_applicant(user, case),
        "masked_iin": iin_mask(case.applicant_iin),
        "next_move": moves[0] if moves and moves[0].primary else None,
        "other_moves": moves[1:] if moves and moves[0].primary else moves,
        "desk": permissions.can_work_at_desk(user, case),
    }
    if "assign" in actions:
        context["assign_form"] = bound.get("assign") or AssignForm(
            staff=selectors.assignable_staff(case=case), initial={**initial, "assignee": case.assignee_id}
        )
    if "transfer" in actions:
        departments = selectors.transfer_departments(case=case)
        context["transfer_form"] = bound.get("transfer") or TransferForm(departments=departments, initial=initial)
    if "extend" in actions:
        context["extend_form"] = bound.get("extend") or ExtendForm(initial=initial)
    if "add_documents" in actions:
        documents = list(case.service.documents.all())
        if documents:
            context["documents_form"] = bound.get("documents") or AddDocumentsForm(documents=documents)
    return context


@require_GET
@never_cache
@staff_required
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    case = selectors.case_for(user=request.user, number=number)
    return render(request, "applications/staff/case_detail.html", _case_context(request, case))


@require_POST
@never_cache
@staff_required
def case_reveal_iin(request: HttpRequest, number: str) -> HttpResponse:
    """The case page once more, with the resident's full IIN in place of the masked one: a POST,
    so that reading it is a deliberate act; the service checks the permission and audits it."""
    case = selectors.case_for(user=request.user, number=number)
    iin = services.application_reveal_iin(actor=request.user, application=case)
    context = _case_context(request, case) | {"revealed_iin": iin}
    return render(request, "applications/staff/case_detail.html", context)


def _invalid(request: HttpRequest, number: str, name: str, form: Any, status: int = 400) -> HttpResponse:
    """The case page again with the failed form's messages next to its fields (400; 503 when a part
    the action needs is away for now)."""
    case = selectors.case_for(user=request.user, number=number)
    context = _case_context(request, case, {name: form}) | {"invalid_form": form}
    return render(request, "applications/staff/case_detail.html", context, status=status)


def _conflict(request: HttpRequest, number: str, exc: ConflictError) -> HttpResponse:
    """The case page as it is now, reread, with what happened meanwhile (409): the forms carry the
    new version, so the next try is a deliberate one."""
    case = selectors.case_for(user=request.user, number=number)
    context = _case_context(request, case) | {"conflict": str(exc)}
    return render(request, "applications/staff/case_detail.html", context, status=409)


def _done(request: HttpRequest, case: Application, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("cases:detail", number=case.number)


def _submit(
    request: HttpRequest, number: str, name: str, form: Any, call: Callable[[dict[str, Any]], object]
) -> HttpResponse | None:
    """Validate `form` and run the service `call` with its data. On failure, the case page with the
    form's messages (400) or with what changed meanwhile (409); None when the service succeeded."""
    if not form.is_valid():
        return _invalid(request, number, name, form)
    try:
        call(form.cleaned_data)
    except ConflictError as exc:
        return _conflict(request, number, exc)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _invalid(request, number, name, form)
    except TemporarilyUnavailable as exc:  # e.g. the document storage: nothing was saved
        form.add_error(None, str(exc))
        return _invalid(request, number, name, form, status=503)
    return None


def case_allowed(request: HttpRequest, number: str, allowed: Callable[[Any, Application], bool]) -> Application:
    """The case, if the policy function `allowed` lets the user act on it (403 otherwise)."""
    case = selectors.case_for(user=request.user, number=number)
    if not allowed(request.user, case):
        raise PermissionDenied
    return case


@require_GET
@never_cache
@staff_required
def case_statement(request: HttpRequest, number: str) -> HttpResponse:
    """The statement generated from the resident's answers, printable; its reading is audited
    (the answers may name a child or a relative)."""
    case = selectors.case_for(user=request.user, number=number)
    if not case.statement:
        raise Http404
    audit_record(
        actor=request.user,
        action="application.statement_view",
        obj=case,
        akimat=case.akimat,
        data={"number": case.number},
    )
    context = {
        "case": case,
        "statement": case.statement,
        "applicant": permissions.can_see_applicant(request.user, case),
    }
    return render(request, "applications/staff/statement.html", context)


@require_POST
@staff_required
def case_move(request: HttpRequest, number: str, move: str) -> HttpResponse:
    case = selectors.case_for(user=request.user, number=number)
    transition = TRANSITIONS.get(move)
    if transition is None:
        raise Http404
    # Refused before the form is read, as the other case actions are: a move the caller may not
    # make is a 403 whatever was sent, not a form to correct.
    if not permissions.can_make_move(request.user, case, transition):
        raise PermissionDenied
    form = MoveForm(request.POST, transition=transition)
    failed = _submit(
        request,
        number,
        move,
        form,
        lambda data: services.application_move(
            actor=request.user,
            application=case,
            move=move,
            note=data.get("note", ""),
            basis=data.get("basis", ""),
            expected_version=data["version"],
            identity=form.identity(),
        ),
    )
    return failed or _done(request, case, _("Done: %(action)s.") % {"action": transition.label})


@require_POST
@staff_required
def case_assign(request: HttpRequest, number: str) -> HttpResponse:
    case = case_allowed(request, number, permissions.can_manage_case)
    form = AssignForm(request.POST, staff=selectors.assignable_staff(case=case))
    failed = _submit(
        request,
        number,
        "assign",
        form,
        lambda data: services.application_assign(
            actor=request.user,
            application=case,
            assignee=data["assignee"],
            expected_version=data["version"],
        ),
    )
    return failed or _done(request, case, _("The case is assigned."))


@require_POST
@staff_required
def case_transfer(request: HttpRequest, number: str) -> HttpResponse:
    case = case_allowed(request, number, permissions.can_manage_case)
    form = TransferForm(request.POST, departments=selectors.transfer_departments(case=case))
    failed = _submit(
        request,
        number,
        "transfer",
        form,
        lambda data: services.application_transfer(
            actor=request.user,
            application=case,
            department=data["department"],
            reason=data["reason"],
            expected_version=data["version"],
        ),
    )
    if failed:
        return failed
    messages.success(request, _("The case is transferred to another department."))
    # The head may no longer see the case once it left the department.
    return redirect("cases:inbox")


@require_POST
@staff_required
def case_extend(request: HttpRequest, number: str) -> HttpResponse:
    case = case_allowed(request, number, permissions.can_manage_case)
    form = ExtendForm(request.POST)
    failed = _submit(
        request,
        number,
        "extend",
        form,
        lambda data: services.application_extend(
            actor=request.user,
            application=case,
            reason=data["reason"],
            expected_version=data["version"],
        ),
    )
    return failed or _done(request, case, _("The term is extended."))


def uploads(pairs: list[tuple[Any, Any]]) -> list[services.Upload]:
    return [services.Upload(file=f, name=f.name, required=doc) for doc, f in pairs]


@require_POST
@staff_required
def case_add_documents(request: HttpRequest, number: str) -> HttpResponse:
    case = case_allowed(request, number, permissions.can_work_at_desk)
    form = AddDocumentsForm(request.POST, request.FILES, documents=list(case.service.documents.all()))
    failed = _submit(
        request,
        number,
        "documents",
        form,
        lambda _data: services.application_add_documents(
            actor=request.user,
            application=case,
            documents=uploads(form.uploads()),
        ),
    )
    return failed or _done(request, case, _("The documents are added."))


@require_GET
@staff_required
def document_download(request: HttpRequest, number: str, document_id: int) -> FileResponse:
    case = selectors.case_for(user=request.user, number=number)
    document = selectors.case_document(case=case, document_id=document_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit_record(
        actor=request.user,
        action="application.document_download",
        obj=document,
        akimat=case.akimat,
        data={"number": case.number, "document": document.pk},
    )
    # Typed and named by the stored bytes, never by the name the resident gave (a PDF/HTML
    # polyglot named x.html is saved as x.pdf), as an attachment no browser renders as a page.
    response = attachment_response(handle, original_name=document.original_name)
    response["Cache-Control"] = "private, no-store"
    return response
