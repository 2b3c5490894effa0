"""The meetings' reads: the public ones (published meetings only, nothing personal) and the staff's,
narrowed by `permissions.meetings_q`; and each decision's live status from its instructions."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openakimat.common.actor import Actor
from openakimat.control.models import Instruction
from openakimat.control.models import Status as InstructionStatus
from openakimat.territory.models import heavy_fields

from . import permissions
from .models import LANGUAGES, Decision, Document, Meeting, Question, QuestionStatus, Transcript


def instruction_url(number: str) -> str:
    """The public register's page of an instruction."""
    try:
        return reverse("control:detail", kwargs={"number": number})
    except NoReverseMatch:
        return ""


# A decision's status, rolled up from its instructions.
DONE, OVERDUE, IN_PROGRESS, NO_INSTRUCTIONS = "done", "overdue", "in_progress", "no_instructions"
DECISION_STATUS_LABELS = {
    DONE: _("Done"),
    OVERDUE: _("Overdue"),
    IN_PROGRESS: _("In progress"),
    NO_INSTRUCTIONS: _("No instructions yet"),
}


@dataclass
class InstructionState:
    number: str
    status: str
    status_label: str
    deadline: date
    overdue: bool
    department: str
    url: str


@dataclass
class DecisionStatus:
    status: str  # DONE, OVERDUE, IN_PROGRESS or NO_INSTRUCTIONS
    label: str
    instructions: list[InstructionState] = field(default_factory=list)


def _roll_up(states: list[InstructionState]) -> str:
    live = [s for s in states if s.status != InstructionStatus.CANCELLED]
    if not live:
        return NO_INSTRUCTIONS
    if any(s.overdue for s in live):
        return OVERDUE
    if all(s.status == InstructionStatus.DONE for s in live):
        return DONE
    return IN_PROGRESS


def decision_statuses(meeting: Meeting, today: date | None = None) -> dict[int, DecisionStatus]:
    """{decision id: its status} for every decision of `meeting`, read fresh from execution control
    (two queries): all its instructions done → done; any overdue → overdue; otherwise in progress.
    Cancelled instructions do not count; a decision without any is "no_instructions"."""
    today = today or timezone.localdate()
    decisions = list(meeting.decisions.values_list("pk", flat=True))
    found: dict[int, list[InstructionState]] = defaultdict(list)
    if decisions:
        kind = ContentType.objects.get_for_model(Decision)
        labels = dict(InstructionStatus.choices)
        for ins in (
            Instruction.objects.filter(source_type=kind, source_id__in=decisions)
            .select_related("department")
            .order_by("pk")
        ):
            found[ins.source_id].append(
                InstructionState(
                    number=ins.number,
                    status=ins.status,
                    status_label=str(labels.get(ins.status, ins.status)),
                    deadline=ins.deadline,
                    overdue=ins.is_overdue(today),
                    department=ins.department.name,
                    url=instruction_url(ins.number),
                )
            )
    result = {}
    for pk in decisions:
        status = _roll_up(found[pk])
        result[pk] = DecisionStatus(status, str(DECISION_STATUS_LABELS[status]), found[pk])
    return result


def public_meetings(
    *,
    akimat_ids: list[int] | None = None,
    kind: str | None = None,
    starts: datetime | None = None,
    ends: datetime | None = None,
) -> QuerySet[Meeting]:
    """Published meetings (cancelled ones too: the public sees they were cancelled)."""
    qs = (
        Meeting.objects.filter(permissions.public_q())
        .select_related("akimat__territory")
        .defer(*heavy_fields("akimat__territory"))
    )
    if akimat_ids is not None:
        qs = qs.filter(akimat_id__in=akimat_ids)
    if kind:
        qs = qs.filter(kind=kind)
    if starts is not None:
        qs = qs.filter(Q(ends_at__gt=starts) | Q(ends_at__isnull=True, starts_at__gte=starts - timedelta(hours=12)))
    if ends is not None:
        qs = qs.filter(starts_at__lt=ends)
    return qs.order_by("starts_at", "pk")


def public_meeting(pk: int) -> Meeting:
    found = (
        Meeting.objects.filter(permissions.public_q(), pk=pk)
        .select_related("akimat__territory")
        .defer(*heavy_fields("akimat__territory"))
        .first()
    )
    if found is None:
        raise Http404
    return found


def public_document(meeting_pk: int, document_pk: int) -> Document:
    """A document of a published meeting, for the public download view (which should answer with
    `common.downloads.attachment_response(document.file.open("rb"), original_name=...)`), or 404."""
    found = (
        Document.objects.filter(pk=document_pk, meeting_id=meeting_pk, meeting__published=True)
        .select_related("meeting")
        .first()
    )
    if found is None:
        raise Http404
    return found


def published_questions(meeting: Meeting) -> list[Question]:
    """The questions a hearing's public page shows: the text and the answer, never the author."""
    return list(meeting.questions.filter(status=QuestionStatus.PUBLISHED).defer("author_name", "author_contact"))


def missing_languages(meeting: Meeting) -> dict[str, list[str]]:
    """For each text of a meeting, the languages it is missing in: the page says so rather than
    show another language as if it were a translation."""
    minutes = getattr(meeting, "minutes", None) if hasattr(meeting, "minutes") else None
    transcripts = {(t.kind, t.language) for t in Transcript.objects.filter(meeting=meeting)}
    missing = {"title": meeting.missing_title_languages()}
    if minutes is not None:
        missing["minutes"] = [c for c in LANGUAGES if not minutes.body_in(c)]
    for kind in {k for k, _l in transcripts}:
        missing[kind] = [c for c in LANGUAGES if (kind, c) not in transcripts]
    return missing


def staff_meetings(*, actor: Actor | None, upcoming: bool = True, now: datetime | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(permissions.meetings_q(actor)).select_related("akimat")
    now = now or timezone.now()
    qs = qs.annotate(
        pending_questions=Count("questions", filter=Q(questions__status=QuestionStatus.PENDING), distinct=True)
    )
    if upcoming:
        return qs.filter(starts_at__gte=now - timedelta(days=1)).order_by("starts_at", "pk")
    return qs.filter(starts_at__lt=now - timedelta(days=1)).order_by("-starts_at", "-pk")


def staff_meeting(*, actor: Actor | None, pk: int) -> Meeting:
    """A meeting the actor may open, or 404 (out of scope reads as not found)."""
    found = (
        Meeting.objects.filter(permissions.meetings_q(actor), pk=pk)
        .select_related("akimat__territory")
        .defer(*heavy_fields("akimat__territory"))
        .first()
    )
    if found is None:
        raise Http404
    return found
