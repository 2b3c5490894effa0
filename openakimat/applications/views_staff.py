"""The back office and the front-office desk: the inbox, the case page with its actions, document
downloads, desk intake with a printable receipt, and the consultation log.

Thin views: they read through `selectors`, write through `services`, and turn a service's
ValidationError into a 400 page with the messages next to the fields and a ConflictError into a 409
page that shows the case as it is now.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from openakimat.accounts.permissions import Action, department_permission, has_case_permission
from openakimat.accounts.views import staff_required
from openakimat.common.calendar import ALMATY
from openakimat.common.errors import ConflictError
from openakimat.integrity.services import audit_record

from . import selectors, services
from .forms_staff import (
    AddDocumentsForm,
    AssignForm,
    ConsultationForm,
    ExtendForm,
    InboxFilterForm,
    IntakeForm,
    MoveForm,
    OfferingForm,
    TransferForm,
    add_service_errors,
)
from .models import OPEN_STATUSES, Application
from .workflow import ASSIGNABLE, EXTENDABLE, TRANSFERABLE, TRANSITIONS, Transition, moves_from

PAGE_SIZE = 50
MAX_PAGE = 10_000  # a bound on the offset, whatever is typed into the address bar


def deadline_state(case: Application, now: datetime) -> str:
    """ "overdue", "today" or "" for an open case. While the case waits for documents the clock is
    stopped, so it is overdue only if it already was when it paused."""
    if case.status not in OPEN_STATUSES:
        return ""
    moment = case.paused_at or now
    if case.due_at < moment:
        return "overdue"
    if (
        case.paused_at is None
        and timezone.localtime(case.due_at, ALMATY).date() == timezone.localtime(now, ALMATY).date()
    ):
        return "today"
    return ""


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
        row.deadline = deadline_state(row, now)  # type: ignore[attr-defined]
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
            "can_register": _can_register(request.user),
        },
    )


def _can_register(user: Any) -> bool:
    return selectors.intake_offerings(user=user).exists()


# --- the case page -----------------------------------------------------------------------------


@dataclass
class MovePanel:
    transition: Transition
    form: MoveForm


def _may_move(user: Any, case: Application, transition: Transition) -> bool:
    if not any(has_case_permission(user, a, case) for a in transition.actions):
        return False
    if transition.actions == (Action.WORK_CASE,) and case.assignee_id not in (None, user.pk):
        # Someone else's case: only the head may step in (the service says the same).
        return department_permission(user, Action.MANAGE_CASES, case.department)
    return True


def _case_context(request: HttpRequest, case: Application, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the case page shows; `bound` replaces the blank form of the action that failed."""
    user = request.user
    bound = bound or {}
    initial = {"version": case.version}
    moves = [
        MovePanel(t, bound.get(t.name) or MoveForm(transition=t, initial=initial))
        for t in moves_from(case.status)
        if _may_move(user, case, t)
    ]
    manage = has_case_permission(user, Action.MANAGE_CASES, case)
    desk = has_case_permission(user, Action.REGISTER_APPLICATION, case)
    context: dict[str, Any] = {
        "case": case,
        "deadline": deadline_state(case, timezone.now()),
        "events": selectors.case_events(case=case),
        "documents": selectors.case_documents(case=case),
        "show_applicant": has_case_permission(user, Action.VIEW_APPLICANT, case),
        "moves": moves,
        "desk": desk,
    }
    if manage and case.status in ASSIGNABLE:
        context["assign_form"] = bound.get("assign") or AssignForm(
            staff=selectors.assignable_staff(case=case), initial={**initial, "assignee": case.assignee_id}
        )
    if manage and case.status in TRANSFERABLE:
        departments = selectors.transfer_departments(case=case)
        if departments.exists():
            context["transfer_form"] = bound.get("transfer") or TransferForm(departments=departments, initial=initial)
    if manage and case.status in EXTENDABLE and case.service.extended_term_value and not case.term_extended:
        context["extend_form"] = bound.get("extend") or ExtendForm(initial=initial)
    if desk and case.is_open:
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


def _invalid(request: HttpRequest, number: str, name: str, form: Any) -> HttpResponse:
    """The case page again with the failed form's messages next to its fields (400)."""
    case = selectors.case_for(user=request.user, number=number)
    context = _case_context(request, case, {name: form}) | {"invalid_form": form}
    return render(request, "applications/staff/case_detail.html", context, status=400)


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
    return None


def _case_managed(request: HttpRequest, number: str, action: Action) -> Application:
    case = selectors.case_for(user=request.user, number=number)
    if not has_case_permission(request.user, action, case):
        raise PermissionDenied
    return case


@require_POST
@staff_required
def case_move(request: HttpRequest, number: str, move: str) -> HttpResponse:
    case = selectors.case_for(user=request.user, number=number)
    transition = TRANSITIONS.get(move)
    if transition is None:
        raise Http404
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
        ),
    )
    return failed or _done(request, case, _("Done: %(action)s.") % {"action": transition.label})


@require_POST
@staff_required
def case_assign(request: HttpRequest, number: str) -> HttpResponse:
    case = _case_managed(request, number, Action.MANAGE_CASES)
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
    case = _case_managed(request, number, Action.MANAGE_CASES)
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
    case = _case_managed(request, number, Action.MANAGE_CASES)
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


def _uploads(pairs: list[tuple[Any, Any]]) -> list[services.Upload]:
    return [services.Upload(file=f, name=f.name, required=doc) for doc, f in pairs]


@require_POST
@staff_required
def case_add_documents(request: HttpRequest, number: str) -> HttpResponse:
    case = _case_managed(request, number, Action.REGISTER_APPLICATION)
    form = AddDocumentsForm(request.POST, request.FILES, documents=list(case.service.documents.all()))
    failed = _submit(
        request,
        number,
        "documents",
        form,
        lambda _data: services.application_add_documents(
            actor=request.user,
            application=case,
            documents=_uploads(form.uploads()),
        ),
    )
    return failed or _done(request, case, _("The documents are added."))


@require_GET
@staff_required
def document_download(request: HttpRequest, number: str, document_id: int) -> FileResponse:
    case = selectors.case_for(user=request.user, number=number)
    if not has_case_permission(request.user, Action.VIEW_CASES, case):
        raise Http404
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
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- desk intake -------------------------------------------------------------------------------


@never_cache
@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    """Step 1 chooses the service offering (GET ?offering=), step 2 is the application form."""
    offerings = list(selectors.intake_offerings(user=request.user))
    if not offerings:
        raise PermissionDenied
    chosen = request.GET.get("offering")
    if not chosen:
        return render(request, "applications/staff/intake_choose.html", {"form": OfferingForm(offerings=offerings)})
    offering = selectors.intake_offering(user=request.user, offering_id=chosen)
    documents = list(offering.service.documents.all())
    if request.method != "POST":
        form = IntakeForm(documents=documents, language=get_language() or "kk")
        return render(request, "applications/staff/intake_form.html", {"form": form, "offering": offering})
    form = IntakeForm(request.POST, request.FILES, documents=documents)
    if form.is_valid():
        data = form.cleaned_data
        applicant = services.Applicant(
            iin=data["applicant_iin"],
            name=data["applicant_name"],
            phone=data["applicant_phone"],
            email=data["applicant_email"],
            language=data["language"],
        )
        try:
            case = services.application_register(
                actor=request.user,
                offering=offering,
                applicant=applicant,
                consent=data["consent"],
                documents=_uploads(form.uploads()),
                # Per operator, so that one desk's key can never lead to another desk's case.
                idempotency_key=f"desk-{request.user.pk}-{data['idempotency_key'].hex}",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("cases:receipt", number=case.number)
    return render(request, "applications/staff/intake_form.html", {"form": form, "offering": offering}, status=400)


@require_GET
@never_cache
@staff_required
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    case = selectors.case_for(user=request.user, number=number)
    # The tracking code lets its holder follow and withdraw the application: the desk only.
    if not has_case_permission(request.user, Action.REGISTER_APPLICATION, case):
        raise PermissionDenied
    return render(request, "applications/staff/receipt.html", {"case": case})


# --- consultations -----------------------------------------------------------------------------


@never_cache
@staff_required
def consultations(request: HttpRequest) -> HttpResponse:
    akimats = selectors.consultation_akimats(user=request.user)
    if not akimats:
        raise PermissionDenied
    form = ConsultationForm(request.POST or None, akimats=akimats)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            akimat = next((a for a in akimats if a.pk == data["akimat"]), None)
            try:
                if akimat is None:
                    raise ValidationError({"akimat": _("Choose your front office.")})
                services.consultation_log(
                    actor=request.user,
                    akimat=akimat,
                    minutes=data["minutes"],
                    outcome=data["outcome"],
                    service=data["service"],
                    department=data["department"],
                    topic=data["topic"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The consultation is logged."))
                return redirect("cases:consultations")
        status = 400
    return render(
        request,
        "applications/staff/consultations.html",
        {"form": form, "today": selectors.consultations_today(user=request.user)},
        status=status,
    )
