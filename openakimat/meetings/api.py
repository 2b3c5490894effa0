"""Meetings as JSON, read-only: the list with its filters and one meeting with its agenda,
documents, minutes, attendance, transcripts, decisions (with the live status of their instructions)
and a hearing's published questions. Anonymous callers read published meetings only; signed-in
staff also their own akimats' drafts."""

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from openakimat.common.pagination import PagePagination
from openakimat.territory.models import heavy_fields

from . import permissions, selectors
from .models import LANGUAGES, Kind, Meeting, Minutes, QuestionStatus
from .schemas import MeetingDetailOut, MeetingOut
from .sources import meeting_url

router = Router(tags=["meetings"])
DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


class MeetingFilters(Schema):
    akimat: str | None = Field(None, pattern=r"^[0-9]{9}$", description="KATO code of the akimat's territory.")
    kind: str | None = Field(None, pattern="^(" + "|".join(Kind.values) + ")$", description="Kind of meeting.")
    date_from: str | None = Field(
        None, alias="from", pattern=DAY, description="Meetings starting on or after this day (YYYY-MM-DD)."
    )
    date_to: str | None = Field(
        None, alias="to", pattern=DAY, description="Meetings starting on or before this day (YYYY-MM-DD)."
    )

    model_config = {"populate_by_name": True}


def _texts(obj: Any, field: str) -> dict[str, str | None]:
    return {code: getattr(obj, f"{field}_{code}") or None for code in LANGUAGES}


def _meeting(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "uid": meeting.uid,
        "akimat": {"kato": meeting.akimat.territory.kato, "name": _texts(meeting.akimat, "name")},
        "kind": meeting.kind,
        "format": meeting.format,
        "status": meeting.status,
        "published": meeting.published,
        "title": _texts(meeting, "title"),
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": _texts(meeting, "place"),
        "stream_url": meeting.stream_url,
        "embed_url": meeting.embed_url(),
        "recording_url": meeting.recording_url,
        "cancel_reason": meeting.cancel_reason,
        "questions_open_until": meeting.questions_open_until,
        "sequence": meeting.sequence,
        "updated_at": meeting.updated_at,
        "url": meeting_url(meeting),
    }


def _visible(request: HttpRequest):
    return (
        Meeting.objects.filter(permissions.visible_q(getattr(request, "user", None)))
        .select_related("akimat__territory")
        .defer(*heavy_fields("akimat__territory"))
    )


def _day(value: str, name: str, end: bool = False) -> datetime:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: _("Enter a date as YYYY-MM-DD (with a time: YYYY-MM-DDTHH:MM).")}) from None
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


@router.get("/meetings", response=list[MeetingOut], summary="Meetings of the akimats")
@paginate(PagePagination)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilters]):
    """Published meetings, soonest first (cancelled ones too, with the reason). `akimat` (KATO
    code), `kind`, `from` and `to` (days, Asia/Almaty) filter."""
    qs = _visible(request)
    if filters.akimat:
        qs = qs.filter(akimat__territory__kato=filters.akimat)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.date_from:
        qs = qs.filter(starts_at__gte=_day(filters.date_from, "from"))
    if filters.date_to:
        qs = qs.filter(starts_at__lte=_day(filters.date_to, "to", end=True))
    return [_meeting(m) for m in qs.order_by("starts_at", "pk")[:5000]]


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut, summary="One meeting with its decisions")
def get_meeting(request: HttpRequest, meeting_id: int):
    """A meeting with its agenda, documents, minutes once published, attendance, transcripts,
    decisions (each with the live status of its instructions) and a hearing's published questions
    with their answers."""
    if not 0 < meeting_id < 2**62:
        raise Http404
    meeting = _visible(request).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    out = _meeting(meeting)
    statuses = selectors.decision_statuses(meeting)
    minutes = Minutes.objects.filter(meeting=meeting, published_at__isnull=False).first()
    out |= {
        "agenda": [
            {
                "order": item.order,
                "title": _texts(item, "title"),
                "presenter_name": item.presenter_name,
                "presenter_position": _texts(item, "presenter_position"),
                "duration_minutes": item.duration_minutes,
            }
            for item in meeting.agenda_items.all()
        ],
        "documents": [
            {
                "id": d.pk,
                "title": _texts(d, "title"),
                "kind": d.kind,
                "language": d.language,
                "type": d.extension,
                "size": d.size,
            }
            for d in meeting.documents.all()
        ],
        "minutes": _texts(minutes, "body") if minutes else None,
        "minutes_published_at": minutes.published_at if minutes else None,
        "attendance": {
            "officials": [
                {"name": a.name, "position": a.position, "present": a.present} for a in meeting.attendees.all()
            ],
            "residents_in_person": meeting.residents_in_person,
            "residents_online": meeting.residents_online,
        }
        if meeting.attendance_recorded_at
        else None,
        "transcripts": [
            {"kind": t.kind, "language": t.language, "text": t.text, "has_file": bool(t.file)}
            for t in meeting.transcripts.all()
        ],
        "decisions": [
            {
                "number": d.number,
                "text": _texts(d, "text"),
                "status": statuses[d.pk].status,
                "instructions": [
                    {
                        "number": i.number,
                        "status": i.status,
                        "deadline": i.deadline,
                        "overdue": i.overdue,
                        "department": i.department,
                    }
                    for i in statuses[d.pk].instructions
                ],
            }
            for d in meeting.decisions.all()
        ],
        "questions": [
            {"text": q.text, "answer": _texts(q, "answer"), "answered_at": q.answered_at}
            for q in meeting.questions.filter(status=QuestionStatus.PUBLISHED).only(
                "text", "answer_kk", "answer_ru", "answer_en", "answered_at", "meeting_id"
            )
        ],
    }
    return out
