"""What the meetings give other apps: a decision is a source of instructions (execution control's
`sources`), and published meetings are events of the public calendar (agenda's `sources`)."""

from datetime import datetime, timedelta

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openakimat.agenda import sources as agenda
from openakimat.common.datageneration import bump_generation
from openakimat.control import sources as control

from .models import Decision, Kind, Meeting

SOURCE_KIND = "meetings.decision"
# The calendar's event kind of each kind of meeting.
EVENT_KINDS = {
    Kind.AKIMAT: "meeting",
    Kind.WORKING_GROUP: "meeting",
    Kind.HEARING: "hearing",
    Kind.SESSION: "session",
}
CONSULTATION = "consultation"
# A meeting without an end is shown as this long in the calendar.
DEFAULT_LENGTH = timedelta(hours=2)


def meeting_url(meeting: Meeting) -> str:
    try:
        return reverse("meetings:detail", kwargs={"pk": meeting.pk})
    except NoReverseMatch:  # pragma: no cover - the public pages are always installed
        return ""


def public_url(decision: Decision) -> str:
    """The decision on its meeting's public page; "" while the meeting is a draft."""
    if not decision.meeting.published:
        return ""
    url = meeting_url(decision.meeting)
    return f"{url}#{decision.anchor}" if url else ""


def on_instruction_event(instruction, event_kind: str) -> None:
    """An instruction made from a decision changed: the meeting's cached pages show its status."""
    bump_generation("register")


def register_control_source() -> None:
    control.register(
        control.SourceKind(
            name=SOURCE_KIND,
            model=Decision,
            label=gettext_lazy("Decision of a meeting"),
            public_url=public_url,
            on_event=on_instruction_event,
        )
    )


def _events(
    akimat_ids: list[int] | None, starts: datetime, ends: datetime, kinds: frozenset[str]
) -> list[agenda.Event]:
    from .selectors import public_meetings

    found: list[agenda.Event] = []
    # Meetings overlapping [starts, ends), of the kinds asked for (a feed of hearings reads no other).
    meeting_kinds = [kind for kind, event_kind in EVENT_KINDS.items() if event_kind in kinds]
    meetings = public_meetings(akimat_ids=akimat_ids, starts=starts - DEFAULT_LENGTH, ends=ends)
    for meeting in meetings.filter(kind__in=meeting_kinds) if meeting_kinds else []:
        meeting_ends = meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH
        if meeting_ends <= starts:
            continue
        url = meeting_url(meeting)
        description = meeting.cancel_reason if meeting.is_cancelled else ""
        if meeting.is_online and meeting.stream_url and not meeting.is_cancelled:
            description = _("Broadcast: %(url)s") % {"url": meeting.stream_url}
        found.append(
            agenda.Event(
                uid=meeting.uid,
                kind=EVENT_KINDS.get(meeting.kind, "meeting"),
                akimat_id=meeting.akimat_id,
                title=meeting.title,
                starts_at=meeting.starts_at,
                ends_at=meeting_ends,
                location=meeting.place or (_("Online") if meeting.is_online else ""),
                url=url,
                description=description,
                cancelled=meeting.is_cancelled,
                sequence=meeting.sequence,
                updated_at=meeting.updated_at,
            )
        )
    # The closing of a hearing's public consultation: a moment, a deadline.
    if CONSULTATION not in kinds:
        return found
    closing = public_meetings(akimat_ids=akimat_ids, kind=Kind.HEARING).filter(
        questions_open_until__gte=starts, questions_open_until__lt=ends
    )
    for meeting in closing:
        url = meeting_url(meeting)
        found.append(
            agenda.Event(
                uid=f"meeting-{meeting.pk}-consultation",
                kind=CONSULTATION,
                akimat_id=meeting.akimat_id,
                title=_("Questions close: %(title)s") % {"title": meeting.title},
                starts_at=meeting.questions_open_until,
                url=f"{url}#questions" if url else "",
                cancelled=meeting.is_cancelled,
                sequence=meeting.sequence,
                updated_at=meeting.updated_at,
            )
        )
    return found


def register_calendar_source() -> None:
    agenda.register(
        agenda.Source(
            name="meetings",
            kinds=(
                agenda.EventKind("meeting", gettext_lazy("Akimat meeting")),
                agenda.EventKind("hearing", gettext_lazy("Public hearing")),
                agenda.EventKind("session", gettext_lazy("Maslikhat session")),
                agenda.EventKind(CONSULTATION, gettext_lazy("Public consultation closes")),
            ),
            events=_events,
            realm="register",
        )
    )
