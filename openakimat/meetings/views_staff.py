"""The back office's pages of meetings: the list, scheduling one with its agenda, its page (agenda,
documents, decisions and their instructions, attendance, transcripts), the minutes editor, the
attendance sheet and the moderation of hearing questions. Every write goes through a service, which
checks the policy again; a form with errors comes back with translated messages and a 400, having
changed nothing."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openakimat.accounts.views import staff_required
from openakimat.common import richtext
from openakimat.common.downloads import attachment_response
from openakimat.common.errors import ConflictError
from openakimat.common.forms import add_service_errors
from openakimat.common.roles import Role
from openakimat.territory.models import Akimat, Department, heavy_fields

from . import permissions, selectors, services
from .forms import (
    AgendaFormSet,
    AgendaItemForm,
    AttendeeFormSet,
    CancelForm,
    CountsForm,
    DecisionForm,
    DocumentForm,
    InstructForm,
    MeetingForm,
    MinutesForm,
    MoveForm,
    NewMeetingForm,
    QuestionForm,
    TranscriptForm,
)
from .models import LANGUAGES, AgendaItem, Decision, Document, Meeting, Minutes, Question, QuestionStatus

MEETING_FIELDS = list(services.MeetingData.__dataclass_fields__)
ITEM_FIELDS = list(services.AgendaItemData.__dataclass_fields__)


def _departments(meeting: Meeting):
    return Department.objects.filter(
        akimat__territory__path__startswith=meeting.akimat.territory.path, is_active=True
    ).select_related("akimat")


def _officials(meeting: Meeting):
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            grants__role__in=(Role.SPECIALIST, Role.HEAD),
            grants__department__akimat__territory__path__startswith=meeting.akimat.territory.path,
        )
        .distinct()
        .order_by("username")
    )


def _meeting(request: HttpRequest, pk: int, allowed=permissions.can_view) -> Meeting:
    meeting = selectors.staff_meeting(actor=request.user, pk=pk)
    if not allowed(request.user, meeting):
        raise PermissionDenied
    return meeting


def _after(meeting: Meeting, anchor: str = "") -> HttpResponse:
    response = redirect("meetings-staff:detail", meeting=meeting.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _meeting_data(cleaned: dict) -> services.MeetingData:
    values = {name: cleaned.get(name) for name in MEETING_FIELDS}
    for name in ("ends_at", "questions_open_until", "starts_at"):
        values[name] = values[name] or None
    return services.MeetingData(
        **{k: "" if v is None and k.endswith(("_kk", "_ru", "_en", "_url")) else v for k, v in values.items()}
    )


def _item_data(cleaned: dict) -> services.AgendaItemData:
    return services.AgendaItemData(
        **{name: cleaned.get(name) or (None if name == "duration_minutes" else "") for name in ITEM_FIELDS}
    )


@require_GET
@never_cache
@staff_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_open_meetings(request.user):
        raise PermissionDenied
    context = {
        "upcoming": list(selectors.staff_meetings(actor=request.user)[:100]),
        "past": list(selectors.staff_meetings(actor=request.user, upcoming=False)[:50]),
        "can_schedule": permissions.can_schedule_any(request.user),
    }
    return render(request, "meetings/staff/list.html", context)


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_schedule_any(request.user):
        raise PermissionDenied
    akimats = (
        Akimat.objects.filter(permissions.schedulable_akimats_q(request.user))
        .select_related("territory")
        .defer(*heavy_fields("territory"))
    )
    form = NewMeetingForm(request.POST or None, akimats=akimats)
    agenda = AgendaFormSet(request.POST or None, prefix="agenda")
    status = 200
    if request.method == "POST":
        if form.is_valid() and agenda.is_valid():
            items = [_item_data(f.cleaned_data) for f in agenda.forms if f.cleaned_data]
            try:
                meeting = services.meeting_schedule(
                    actor=request.user,
                    akimat=form.cleaned_data["akimat"],
                    data=_meeting_data(form.cleaned_data),
                    agenda=items,
                    publish=form.cleaned_data["publish"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _after(meeting)
        status = 400
    return render(request, "meetings/staff/new.html", {"form": form, "agenda": agenda}, status=status)


def _instruct_form(meeting: Meeting, decision: Decision, forms: dict, data=None) -> InstructForm:
    if forms.get("instruct_decision") == decision.pk:
        return forms["instruct_form"]
    return InstructForm(
        data, prefix=f"instruct{decision.pk}", departments=_departments(meeting), officials=_officials(meeting)
    )


def _detail_page(request: HttpRequest, meeting: Meeting, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    can_edit = permissions.can_edit(user, meeting)
    decisions = list(meeting.decisions.all())
    statuses = selectors.decision_statuses(meeting)
    departments = _departments(meeting)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    context = {
        "meeting": meeting,
        "agenda_items": list(meeting.agenda_items.all()),
        "documents": list(meeting.documents.all()),
        "attendees": list(meeting.attendees.all()),
        "transcripts": list(meeting.transcripts.all()),
        "minutes": minutes,
        # Cleaned when saved (common.richtext): shown as it is, in the reader's language only.
        "minutes_body": minutes.body_in(get_language() or "kk") if minutes else "",
        "decisions": [(d, statuses.get(d.pk), _instruct_form(meeting, d, forms)) for d in decisions],
        "missing": selectors.missing_languages(meeting),
        "embed_url": meeting.embed_url(),
        "pending_questions": meeting.questions.filter(status=QuestionStatus.PENDING).count(),
        "can_edit": can_edit and not meeting.is_cancelled,
        "can_cancel": permissions.can_cancel(user, meeting),
        "can_publish": can_edit,
        "can_moderate": permissions.can_moderate(user, meeting),
        "item_form": forms.get("item_form") or AgendaItemForm(prefix="item"),
        "document_form": forms.get("document_form") or DocumentForm(prefix="document"),
        "decision_form": forms.get("decision_form") or DecisionForm(prefix="decision", departments=departments),
        "instruct_decision": forms.get("instruct_decision"),
        "cancel_form": forms.get("cancel_form") or CancelForm(prefix="cancel"),
        "problem": forms.get("problem", ""),
    }
    return render(request, "meetings/staff/detail.html", context, status=status)


@require_GET
@never_cache
@staff_required
def meeting_detail(request: HttpRequest, meeting: int) -> HttpResponse:
    return _detail_page(request, _meeting(request, meeting))


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, meeting: int) -> HttpResponse:
    found = _meeting(request, meeting, permissions.can_edit)
    initial = {name: getattr(found, name) for name in MEETING_FIELDS}
    form = MeetingForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.meeting_update(actor=request.user, meeting=found, data=_meeting_data(form.cleaned_data))
            except ValidationError as exc:
                add_service_errors(form, exc)
            except ConflictError as exc:
                form.add_error(None, str(exc))
            else:
                return _after(found)
        status = 400
    return render(request, "meetings/staff/edit.html", {"form": form, "meeting": found}, status=status)


@require_POST
@staff_required
def meeting_publish(request: HttpRequest, meeting: int) -> HttpResponse:
    found = _meeting(request, meeting, permissions.can_edit)
    services.meeting_publish(actor=request.user, meeting=found, published=request.POST.get("publish") != "0")
    return _after(found)


@require_POST
@staff_required
def meeting_cancel(request: HttpRequest, meeting: int) -> HttpResponse:
    found = _meeting(request, meeting, permissions.can_edit)
    form = CancelForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            services.meeting_cancel(actor=request.user, meeting=found, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ConflictError as exc:
            return _detail_page(request, found, status=409, problem=str(exc))
        else:
            return _after(found)
    return _detail_page(request, found, status=400, cancel_form=form)


# --- Agenda -----------------------------------------------------------------------------------


@require_POST
@staff_required
def agenda_add(request: HttpRequest, meeting: int) -> HttpResponse:
    found = _meeting(request, meeting, permissions.can_edit)
    form = AgendaItemForm(request.POST, prefix="item")
    if form.is_valid():
        try:
            services.agenda_item_add(actor=request.user, meeting=found, item=_item_data(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _after(found, "agenda")
    return _detail_page(request, found, status=400, item_form=form)


@require_POST
@staff_required
def agenda_move(request: HttpRequest, meeting: int, item: int) -> HttpResponse:
    found = _meeting(request, meeting, permissions.can_edit)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=found)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, found, status=400, problem=_("Choose what to do with the item."))
    action = form.cleaned_data["action"]
    if action == "remove":
        services.agenda_item_remove(actor=request.user, agenda_item=agenda_item)
    else:
        services.agenda_item_move(actor=request.user, agenda_item=agenda_item, step=-1 if action == "up" else 1)
    return _after(found, "agenda")


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def agenda_edit(request: HttpRequest, meeting: int, item: int) -> HttpResponse:
    found = _meeting(request, meeting, permissions.can_edit)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=found)
    initial = {name: getattr(agenda_item, name) for name in ITEM_FIELDS}
    form = AgendaItemForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.agenda_item_edit(
                    actor=request.user, agenda_item=agenda_item, item=_item_data(form.cleaned_data)
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _after(found, "agenda")
        status = 400
    context = {"form": form, "meeting": found, "item": agenda_item}
    return render(request, "meetings/staff/agenda_edit.html", context, status=status)


# --- Documents --------------------------------------------------------------------------------


@require_POST
@staff_required
def document_add(request: HttpRequest, meeting: int) -> HttpResponse:
    found = _meeting(request, meeting, permissions.can_edit)
    form = DocumentForm(request.POST, request.FILES, prefix="document")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_add(
                actor=request.user,
                meeting=found,
                file=upload.file,
                name=upload.name,
                kind=form.cleaned_data["kind"],
                language=form.cleaned_data["language"],
                **{f"title_{c}": form.cleaned_data[f"title_{c}"] for c in LANGUAGES},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _after(found, "documents")
    return _detail_page(request, found, status=400, document_form=form)


@require_GET
@never_cache
@staff_required
def document_download(request: HttpRequest, meeting: int, document: int) -> HttpResponse:
    found = _meeting(request, meeting)
    stored = get_object_or_404(Document, pk=document, meeting=found)
    return attachment_response(stored.file.open("rb"), original_name=stored.original_name)


@require_POST
@staff_required
def document_remove(request: HttpRequest, meeting: int, document: int) -> HttpResponse:
    found = _meeting(request, meeting, permissions.can_edit)
    stored = get_object_or_404(Document, pk=document, meeting=found)
    services.document_remove(actor=request.user, document=stored)
    return _after(found, "documents")


# --- Minutes, attendance, transcripts ---------------------------------------------------------


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, meeting: int) -> HttpResponse:
    """The minutes editor: "Preview" shows the cleaned text without saving; "Save" keeps it."""
    found = _meeting(request, meeting, permissions.can_edit)
    minutes = Minutes.objects.filter(meeting=found).first()
    initial = {f"body_{c}": minutes.body_in(c) for c in LANGUAGES} if minutes else {}
    form = MinutesForm(request.POST or None, initial=initial)
    preview: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if "preview" in request.POST:
                preview = {c: richtext.to_html(form.cleaned_data[f"body_{c}"]) for c in LANGUAGES}
            else:
                try:
                    services.minutes_save(
                        actor=request.user,
                        meeting=found,
                        **{f"body_{c}": form.cleaned_data[f"body_{c}"] for c in LANGUAGES},
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    return _after(found, "minutes")
        if form.errors:
            status = 400
    context = {"form": form, "meeting": found, "minutes": minutes, "preview": preview}
    return render(request, "meetings/staff/minutes.html", context, status=status)


@require_POST
@staff_required
def minutes_publish(request: HttpRequest, meeting: int) -> HttpResponse:
    found = _meeting(request, meeting, permissions.can_edit)
    try:
        services.minutes_publish(actor=request.user, meeting=found)
    except ValidationError:
        return _detail_page(request, found, status=400, problem=_("Write the minutes before publishing them."))
    return _after(found, "minutes")


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, meeting: int) -> HttpResponse:
    found = _meeting(request, meeting, permissions.can_edit)
    rows = [{"name": a.name, "position": a.position, "present": a.present} for a in found.attendees.all()]
    sheet = AttendeeFormSet(request.POST or None, initial=rows, prefix="attendees")
    counts = CountsForm(
        request.POST or None,
        initial={"residents_in_person": found.residents_in_person, "residents_online": found.residents_online},
    )
    problem = ""
    status = 200
    if request.method == "POST":
        if sheet.is_valid() and counts.is_valid():
            attendees = [
                services.AttendeeData(
                    f.cleaned_data.get("name", ""),
                    f.cleaned_data.get("position", ""),
                    f.cleaned_data.get("present", False),
                )
                for f in sheet.forms
                if f.cleaned_data
            ]
            try:
                services.attendance_record(
                    actor=request.user, meeting=found, attendees=attendees, **counts.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(counts, exc)
                problem = " ".join(exc.messages)
            except ConflictError as exc:
                problem = str(exc)
            else:
                return _after(found, "attendance")
        status = 400
    context = {"sheet": sheet, "counts": counts, "meeting": found, "problem": problem}
    return render(request, "meetings/staff/attendance.html", context, status=status)


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def transcripts(request: HttpRequest, meeting: int) -> HttpResponse:
    found = _meeting(request, meeting, permissions.can_edit)
    form = TranscriptForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.transcript_set(
                    actor=request.user,
                    meeting=found,
                    kind=form.cleaned_data["kind"],
                    language=form.cleaned_data["language"],
                    text=form.cleaned_data["text"],
                    file=upload.file if upload else None,
                    name=upload.name if upload else "",
                    remove_file=form.cleaned_data["remove_file"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("meetings-staff:transcripts", meeting=found.pk)
        status = 400
    context = {"form": form, "meeting": found, "transcripts": list(found.transcripts.all())}
    return render(request, "meetings/staff/transcripts.html", context, status=status)


# --- Decisions --------------------------------------------------------------------------------


@require_POST
@staff_required
def decision_add(request: HttpRequest, meeting: int) -> HttpResponse:
    found = _meeting(request, meeting, permissions.can_edit)
    form = DecisionForm(request.POST, prefix="decision", departments=_departments(found))
    if form.is_valid():
        data = form.cleaned_data
        specs = []
        if data["department"] and data["deadline"]:
            specs.append(services.InstructionData(department=data["department"], deadline=data["deadline"]))
        try:
            services.decision_add(
                actor=request.user,
                meeting=found,
                instructions=specs,
                **{f"text_{c}": data[f"text_{c}"] for c in LANGUAGES},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, _("You may not assign instructions to this department."))
        except ConflictError as exc:
            form.add_error(None, str(exc))
        else:
            return _after(found, "decisions")
    return _detail_page(request, found, status=400, decision_form=form)


@require_POST
@staff_required
def decision_instruct(request: HttpRequest, meeting: int, decision: int) -> HttpResponse:
    found = _meeting(request, meeting, permissions.can_edit)
    target = get_object_or_404(Decision, pk=decision, meeting=found)
    form = _instruct_form(found, target, {}, request.POST)
    if form.is_valid():
        spec = services.InstructionData(**form.cleaned_data)
        try:
            services.decision_instruct(actor=request.user, decision=target, spec=spec)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, _("You may not assign instructions to this department."))
        else:
            return _after(found, target.anchor)
    return _detail_page(request, found, status=400, instruct_form=form, instruct_decision=target.pk)


# --- Questions to a public hearing ------------------------------------------------------------


@never_cache
@staff_required
@require_GET
def questions(request: HttpRequest, meeting: int) -> HttpResponse:
    found = _meeting(request, meeting, permissions.can_moderate)
    return _questions_page(request, found)


def _questions_page(request, meeting: Meeting, status: int = 200, failed: Question | None = None, form=None):
    rows = []
    for question in meeting.questions.order_by("status", "created_at", "pk"):
        if failed is not None and question.pk == failed.pk:
            rows.append((question, form))
        else:
            initial = {"text": question.text, **{f"answer_{c}": getattr(question, f"answer_{c}") for c in LANGUAGES}}
            rows.append((question, QuestionForm(initial=initial, prefix=f"q{question.pk}")))
    context = {"meeting": meeting, "rows": rows, "failed": failed}
    return render(request, "meetings/staff/questions.html", context, status=status)


@require_POST
@staff_required
def question_moderate(request: HttpRequest, meeting: int, question: int) -> HttpResponse:
    found = _meeting(request, meeting, permissions.can_moderate)
    target = get_object_or_404(Question, pk=question, meeting=found)
    form = QuestionForm(request.POST, prefix=f"q{target.pk}")
    if "action" in form.errors:  # a hidden field: its error would not be shown on it
        form.add_error(None, _("Choose to publish, reject or answer the question."))
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "answer":
                services.question_answer(
                    actor=request.user, question=target, **{f"answer_{c}": data[f"answer_{c}"] for c in LANGUAGES}
                )
            else:
                services.question_moderate(
                    actor=request.user,
                    question=target,
                    publish=data["action"] == "publish",
                    text=data["text"] or None,
                    reason=data["reason"],
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("meetings-staff:questions", meeting=found.pk)
    return _questions_page(request, found, status=400, failed=target, form=form)
