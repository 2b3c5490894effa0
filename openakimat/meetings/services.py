"""The meetings' writes. Each checks the policy first (`permissions`), validates its input with a
translated message, writes the change and its audit entry in one transaction and marks the public
pages stale (`bump_generation("register")`); nothing changes when it refuses.

Audit entries name what changed, never a resident's name or contact.
"""

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common import policy, richtext
from openakimat.common.actor import Actor, SystemActor
from openakimat.common.datageneration import bump_generation
from openakimat.common.errors import ConflictError, too_long
from openakimat.common.uploads import check_upload
from openakimat.control.models import Instruction
from openakimat.control.services import instruction_create
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat, Department

from . import permissions
from .models import (
    LANGUAGES,
    AgendaItem,
    Attendee,
    Decision,
    Document,
    DocumentKind,
    Format,
    Kind,
    Meeting,
    Minutes,
    Question,
    QuestionStatus,
    Status,
    Transcript,
    TranscriptKind,
)

if TYPE_CHECKING:
    from openakimat.accounts.models import User

REALM = "register"
DOCUMENT_TYPES = ["pdf", "docx", "pptx", "xlsx", "odt", "odp", "ods"]
TRANSCRIPT_FILE_TYPES = ["pdf", "docx", "odt"]
MINUTES_MAX = 200_000
TEXT_MAX = 5000
AGENDA_MAX = 60
ATTENDEES_MAX = 300
# Changes a calendar subscriber should notice: they bump the meeting's SEQUENCE.
SEQUENCE_FIELDS = ("starts_at", "ends_at", "place_kk", "place_ru", "place_en", "format", "status")


def _text(value: str, *, field: str, limit: int, message: str = "", required: bool = False) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ValidationError({field: message or _("Fill this in.")}, code="required")
    if len(value) > limit:
        error = too_long(limit, len(value))
        raise ValidationError({field: error}, code="too_long")
    return value


def _per_language(field: str, values: tuple[str, str, str], limit: int) -> dict[str, str]:
    """{"kk": …, "ru": …, "en": …} of the three texts of `field`, each checked."""
    return {c: _text(v, field=f"{field}_{c}", limit=limit) for c, v in zip(LANGUAGES, values, strict=True)}


def _one_language_at_least(values: dict[str, str], field: str, message: str) -> None:
    if not any(values.values()):
        raise ValidationError({f"{field}_kk": message}, code="required")


def _url(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme != "https" or not parts.hostname or len(value) > 500:
        raise ValidationError({field: _("Give an https:// link.")}, code="bad_url")
    return value


def _after_change(meeting: Meeting) -> None:
    bump_generation(REALM)


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("akimat__territory").get(pk=meeting.pk)


# --- Meetings ---------------------------------------------------------------------------------


@dataclass
class MeetingData:
    kind: str
    format: str
    starts_at: datetime
    ends_at: datetime | None = None
    title_kk: str = ""
    title_ru: str = ""
    title_en: str = ""
    place_kk: str = ""
    place_ru: str = ""
    place_en: str = ""
    stream_url: str = ""
    recording_url: str = ""
    questions_open_until: datetime | None = None


@dataclass
class AgendaItemData:
    title_kk: str = ""
    title_ru: str = ""
    title_en: str = ""
    presenter_name: str = ""
    presenter_position_kk: str = ""
    presenter_position_ru: str = ""
    presenter_position_en: str = ""
    duration_minutes: int | None = None

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


def _check_meeting(data: MeetingData) -> MeetingData:
    for code in LANGUAGES:
        setattr(data, f"title_{code}", _text(getattr(data, f"title_{code}"), field=f"title_{code}", limit=300))
        setattr(data, f"place_{code}", _text(getattr(data, f"place_{code}"), field=f"place_{code}", limit=300))
    _one_language_at_least(
        {c: data.__dict__[f"title_{c}"] for c in LANGUAGES}, "title", _("Give the title in at least one language.")
    )
    if data.kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of meeting.")})
    if data.format not in Format.values:
        raise ValidationError({"format": _("Choose how the meeting is held.")})
    if not isinstance(data.starts_at, datetime) or timezone.is_naive(data.starts_at):
        raise ValidationError({"starts_at": _("Give the date and time the meeting starts.")})
    if data.ends_at is not None and data.ends_at <= data.starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if data.ends_at is not None and data.ends_at - data.starts_at > timedelta(days=3):
        raise ValidationError({"ends_at": _("A meeting lasts three days at most.")})
    if data.format != Format.ONLINE and not any(data.__dict__[f"place_{c}"] for c in LANGUAGES):
        raise ValidationError({"place_kk": _("Give the place of a meeting held in person.")})
    data.stream_url = _url(data.stream_url, "stream_url")
    data.recording_url = _url(data.recording_url, "recording_url")
    if data.questions_open_until is not None:
        if data.kind != Kind.HEARING:
            raise ValidationError(
                {"questions_open_until": _("Only a public hearing takes residents' questions.")}, code="not_hearing"
            )
        if data.ends_at is not None and data.questions_open_until > data.ends_at:
            raise ValidationError(
                {"questions_open_until": _("Questions must close by the end of the hearing.")}, code="too_late"
            )
    return data


def _check_item(item: AgendaItemData) -> AgendaItemData:
    for code in LANGUAGES:
        name = f"title_{code}"
        setattr(item, name, _text(getattr(item, name), field=name, limit=500))
        name = f"presenter_position_{code}"
        setattr(item, name, _text(getattr(item, name), field=name, limit=300))
    item.presenter_name = _text(item.presenter_name, field="presenter_name", limit=200)
    _one_language_at_least(
        {c: getattr(item, f"title_{c}") for c in LANGUAGES}, "title", _("Give the item in at least one language.")
    )
    if item.duration_minutes is not None and not 1 <= item.duration_minutes <= 600:
        raise ValidationError({"duration_minutes": _("Give between 1 and 600 minutes.")})
    return item


@transaction.atomic
def meeting_schedule(
    *,
    actor: Actor | None,
    akimat: Akimat,
    data: MeetingData,
    agenda: list[AgendaItemData] | None = None,
    publish: bool = False,
) -> Meeting:
    """Schedule a meeting of `akimat`, as a draft unless `publish`; with its agenda."""
    policy.require(permissions.can_schedule(actor, akimat))
    data = _check_meeting(data)
    items = [_check_item(i) for i in (agenda or []) if not i.is_empty()]
    if len(items) > AGENDA_MAX:
        raise ValidationError(_("An agenda holds %(max)d items at most.") % {"max": AGENDA_MAX})
    now = timezone.now()
    meeting = Meeting.objects.create(
        akimat=akimat,
        published=publish,
        published_at=now if publish else None,
        created_by_id=getattr(actor, "pk", None),
        **data.__dict__,
    )
    for order, item in enumerate(items, start=1):
        AgendaItem.objects.create(meeting=meeting, order=order, **item.__dict__)
    audit_record(
        actor=actor,
        action="meeting.schedule",
        obj=meeting,
        akimat=akimat,
        data={"kind": meeting.kind, "format": meeting.format, "starts_at": meeting.starts_at, "agenda": len(items)},
    )
    _after_change(meeting)
    return meeting


@transaction.atomic
def meeting_update(*, actor: Actor | None, meeting: Meeting, data: MeetingData) -> Meeting:
    """Change a meeting; a change of its time, place or format bumps its calendar SEQUENCE."""
    meeting = _locked(meeting)
    policy.require(permissions.can_edit(actor, meeting))
    if meeting.is_cancelled:
        raise ConflictError(_("A cancelled meeting can't be changed."))
    data = _check_meeting(data)
    changed = [name for name, value in data.__dict__.items() if getattr(meeting, name) != value]
    if not changed:
        return meeting
    for name in changed:
        setattr(meeting, name, getattr(data, name))
    update = [*changed, "updated_at"]
    if set(changed) & set(SEQUENCE_FIELDS):
        meeting.sequence += 1
        update.append("sequence")
    meeting.save(update_fields=update)
    audit_record(
        actor=actor, action="meeting.update", obj=meeting, akimat=meeting.akimat, data={"changed": sorted(changed)}
    )
    _after_change(meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Actor | None, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a scheduled meeting, with the reason shown to the public."""
    meeting = _locked(meeting)
    policy.require(permissions.can_edit(actor, meeting))
    if meeting.status != Status.SCHEDULED:
        raise ConflictError(_("Only a scheduled meeting can be cancelled."))
    reason = _text(reason, field="reason", limit=2000, required=True, message=_("Give the reason for cancelling."))
    meeting.status, meeting.cancel_reason = Status.CANCELLED, reason
    meeting.sequence += 1
    meeting.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    audit_record(actor=actor, action="meeting.cancel", obj=meeting, akimat=meeting.akimat)
    _after_change(meeting)
    return meeting


@transaction.atomic
def meeting_publish(*, actor: Actor | None, meeting: Meeting, published: bool = True) -> Meeting:
    """Show the meeting to the public (or take a draft back: `published=False`)."""
    meeting = _locked(meeting)
    policy.require(permissions.can_edit(actor, meeting))
    if meeting.published == published:
        return meeting
    meeting.published = published
    if published and meeting.published_at is None:
        meeting.published_at = timezone.now()
    meeting.sequence += 1  # a subscriber's calendar gains or loses the event
    meeting.save(update_fields=["published", "published_at", "sequence", "updated_at"])
    audit_record(
        actor=actor, action="meeting.publish" if published else "meeting.unpublish", obj=meeting, akimat=meeting.akimat
    )
    _after_change(meeting)
    return meeting


# --- Agenda -----------------------------------------------------------------------------------


def _editable(actor: Actor | None, meeting: Meeting) -> Meeting:
    meeting = _locked(meeting)
    policy.require(permissions.can_edit(actor, meeting))
    return meeting


@transaction.atomic
def agenda_item_add(*, actor: Actor | None, meeting: Meeting, item: AgendaItemData) -> AgendaItem:
    meeting = _editable(actor, meeting)
    item = _check_item(item)
    if meeting.agenda_items.count() >= AGENDA_MAX:
        raise ValidationError(_("An agenda holds %(max)d items at most.") % {"max": AGENDA_MAX})
    order = (meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1
    created = AgendaItem.objects.create(meeting=meeting, order=order, **item.__dict__)
    audit_record(actor=actor, action="meeting.agenda_add", obj=created, akimat=meeting.akimat)
    _after_change(meeting)
    return created


@transaction.atomic
def agenda_item_edit(*, actor: Actor | None, agenda_item: AgendaItem, item: AgendaItemData) -> AgendaItem:
    meeting = _editable(actor, agenda_item.meeting)
    found = AgendaItem.objects.select_for_update().get(pk=agenda_item.pk, meeting=meeting)
    item = _check_item(item)
    for name, value in item.__dict__.items():
        setattr(found, name, value)
    found.save()
    audit_record(actor=actor, action="meeting.agenda_edit", obj=found, akimat=meeting.akimat)
    _after_change(meeting)
    return found


@transaction.atomic
def agenda_item_remove(*, actor: Actor | None, agenda_item: AgendaItem) -> None:
    meeting = _editable(actor, agenda_item.meeting)
    found = AgendaItem.objects.select_for_update().get(pk=agenda_item.pk, meeting=meeting)
    audit_record(actor=actor, action="meeting.agenda_remove", obj=found, akimat=meeting.akimat)
    found.delete()
    _renumber(meeting, list(meeting.agenda_items.values_list("pk", flat=True)))
    _after_change(meeting)


def _renumber(meeting: Meeting, ordered_ids: list[int]) -> None:
    for order, pk in enumerate(ordered_ids, start=1):
        AgendaItem.objects.filter(pk=pk, meeting=meeting).update(order=order)


@transaction.atomic
def agenda_item_move(*, actor: Actor | None, agenda_item: AgendaItem, step: int) -> None:
    """Move an item one place up (`step=-1`) or down (`step=1`)."""
    meeting = _editable(actor, agenda_item.meeting)
    ids = list(meeting.agenda_items.values_list("pk", flat=True))
    if agenda_item.pk not in ids or step not in (-1, 1):
        raise ValidationError(_("Choose an item of this agenda."))
    at = ids.index(agenda_item.pk)
    to = at + step
    if 0 <= to < len(ids):
        ids[at], ids[to] = ids[to], ids[at]
    agenda_reorder(actor=actor, meeting=meeting, ordered_ids=ids)


@transaction.atomic
def agenda_reorder(*, actor: Actor | None, meeting: Meeting, ordered_ids: list[int]) -> None:
    """Put the agenda in the order of `ordered_ids` (every item of the meeting, once)."""
    meeting = _editable(actor, meeting)
    current = set(meeting.agenda_items.values_list("pk", flat=True))
    if len(ordered_ids) != len(current) or set(ordered_ids) != current:
        raise ValidationError(_("Give every item of this agenda once."))
    _renumber(meeting, ordered_ids)
    audit_record(actor=actor, action="meeting.agenda_reorder", obj=meeting, akimat=meeting.akimat)
    _after_change(meeting)


# --- Documents --------------------------------------------------------------------------------


@transaction.atomic
def document_add(
    *,
    actor: Actor | None,
    meeting: Meeting,
    file: IO[bytes],
    name: str,
    kind: str = DocumentKind.OTHER,
    language: str = "",
    title_kk: str = "",
    title_ru: str = "",
    title_en: str = "",
) -> Document:
    """Attach a document (PDF, Word, PowerPoint, OpenDocument…): its type is read from its content,
    never from its name, and a file that is not built as its type is refused."""
    meeting = _editable(actor, meeting)
    titles = _per_language("title", (title_kk, title_ru, title_en), 300)
    _one_language_at_least(titles, "title", _("Give the document's title in at least one language."))
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")})
    if language and language not in LANGUAGES:
        raise ValidationError({"language": _("Choose the document's language.")})
    try:
        checked = check_upload(file, name, DOCUMENT_TYPES)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    document = Document(
        meeting=meeting,
        kind=kind,
        language=language,
        original_name=checked.original_name,
        content_type=checked.content_type,
        extension=checked.extension,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by_id=getattr(actor, "pk", None),
        **{f"title_{c}": v for c, v in titles.items()},
    )
    file.seek(0)
    document.file.save(f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(file.read()), save=False)
    document.save()
    audit_record(
        actor=actor,
        action="meeting.document_add",
        obj=document,
        akimat=meeting.akimat,
        data={"meeting": meeting.pk, "kind": kind, "type": checked.content_type, "sha256": checked.sha256},
    )
    _after_change(meeting)
    return document


@transaction.atomic
def document_remove(*, actor: Actor | None, document: Document) -> None:
    meeting = _editable(actor, document.meeting)
    found = Document.objects.select_for_update().get(pk=document.pk, meeting=meeting)
    audit_record(
        actor=actor,
        action="meeting.document_remove",
        obj=found,
        akimat=meeting.akimat,
        data={"meeting": meeting.pk, "sha256": found.sha256},
    )
    stored = found.file.name
    found.delete()
    transaction.on_commit(lambda: found.file.storage.delete(stored))
    _after_change(meeting)


# --- Minutes, attendance, transcripts ---------------------------------------------------------


@transaction.atomic
def minutes_save(
    *, actor: Actor | None, meeting: Meeting, body_kk: str = "", body_ru: str = "", body_en: str = ""
) -> Minutes:
    """Keep the minutes (HTML or plain text, cleaned by `common.richtext`); published ones stay
    published with the new text."""
    meeting = _editable(actor, meeting)
    bodies = {}
    for code, value in zip(LANGUAGES, (body_kk, body_ru, body_en), strict=True):
        if len(value or "") > MINUTES_MAX:
            raise ValidationError({f"body_{code}": _("The minutes are too long.")}, code="too_long")
        bodies[f"body_{code}"] = richtext.to_html(value)
    minutes, _created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    for name, value in bodies.items():
        setattr(minutes, name, value)
    minutes.updated_by_id = getattr(actor, "pk", None)
    if minutes.is_published and not any(bodies.values()):
        raise ValidationError({"body_kk": _("Published minutes can't be emptied.")}, code="required")
    minutes.save()
    audit_record(
        actor=actor,
        action="meeting.minutes_save",
        obj=minutes,
        akimat=meeting.akimat,
        data={"meeting": meeting.pk, "languages": [c for c in LANGUAGES if bodies[f"body_{c}"]]},
    )
    _after_change(meeting)
    return minutes


@transaction.atomic
def minutes_publish(*, actor: Actor | None, meeting: Meeting) -> Minutes:
    meeting = _editable(actor, meeting)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None or not any(minutes.body_in(c) for c in LANGUAGES):
        raise ValidationError({"body_kk": _("Write the minutes before publishing them.")}, code="required")
    if minutes.is_published:
        return minutes
    minutes.published_at = timezone.now()
    minutes.save(update_fields=["published_at", "updated_at"])
    audit_record(actor=actor, action="meeting.minutes_publish", obj=minutes, akimat=meeting.akimat)
    _after_change(meeting)
    return minutes


@dataclass
class AttendeeData:
    name: str
    position: str = ""
    present: bool = True


@transaction.atomic
def attendance_record(
    *,
    actor: Actor | None,
    meeting: Meeting,
    attendees: list[AttendeeData],
    residents_in_person: int | None = None,
    residents_online: int | None = None,
) -> Meeting:
    """Record who attended: the officials (their rows replace the earlier ones) and the counts of
    residents in the hall and online."""
    meeting = _editable(actor, meeting)
    if meeting.is_cancelled:
        raise ConflictError(_("A cancelled meeting has no attendance."))
    rows = []
    for row in attendees:
        name = _text(row.name, field="attendees", limit=200)
        position = _text(row.position, field="attendees", limit=300)
        if name:
            rows.append(AttendeeData(name, position, bool(row.present)))
        elif position:
            raise ValidationError({"attendees": _("Give the name of each official listed.")})
    if len(rows) > ATTENDEES_MAX:
        raise ValidationError({"attendees": _("List %(max)d officials at most.") % {"max": ATTENDEES_MAX}})
    for name, value in (("residents_in_person", residents_in_person), ("residents_online", residents_online)):
        if value is not None and not 0 <= value <= 1_000_000:
            raise ValidationError({name: _("Give a number of people, 0 or more.")})
    meeting.attendees.all().delete()
    Attendee.objects.bulk_create(
        Attendee(meeting=meeting, order=i, name=r.name, position=r.position, present=r.present)
        for i, r in enumerate(rows, start=1)
    )
    meeting.residents_in_person, meeting.residents_online = residents_in_person, residents_online
    meeting.attendance_recorded_at = timezone.now()
    meeting.save(update_fields=["residents_in_person", "residents_online", "attendance_recorded_at", "updated_at"])
    audit_record(
        actor=actor,
        action="meeting.attendance",
        obj=meeting,
        akimat=meeting.akimat,
        data={"officials": len(rows), "in_person": residents_in_person, "online": residents_online},
    )
    _after_change(meeting)
    return meeting


@transaction.atomic
def transcript_set(
    *,
    actor: Actor | None,
    meeting: Meeting,
    kind: str,
    language: str,
    text: str = "",
    file: IO[bytes] | None = None,
    name: str = "",
    remove_file: bool = False,
) -> Transcript | None:
    """Set the transcript or summary of `meeting` in `language`: a text, a file (PDF, Word,
    OpenDocument), or both. With neither left, the version in that language is removed."""
    meeting = _editable(actor, meeting)
    if kind not in TranscriptKind.values:
        raise ValidationError({"kind": _("Choose a transcript or a summary.")})
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Choose the language.")})
    text = _text(text, field="text", limit=MINUTES_MAX)
    checked = None
    if file is not None:
        try:
            checked = check_upload(file, name, TRANSCRIPT_FILE_TYPES)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
    found = Transcript.objects.select_for_update().filter(meeting=meeting, kind=kind, language=language).first()
    old_file = found.file.name if found is not None and found.file and (remove_file or checked) else ""
    if not text and checked is None and (found is None or remove_file or not found.file):
        if found is not None:
            found.delete()
        audit_record(
            actor=actor,
            action="meeting.transcript_remove",
            obj=meeting,
            akimat=meeting.akimat,
            data={"kind": kind, "language": language},
        )
        result = None
    else:
        transcript = found or Transcript(meeting=meeting, kind=kind, language=language)
        transcript.text = text
        if remove_file and checked is None:
            transcript.file, transcript.original_name, transcript.content_type, transcript.size = "", "", "", None
        if checked is not None and file is not None:
            file.seek(0)
            transcript.file.save(f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(file.read()), save=False)
            transcript.original_name, transcript.content_type = checked.original_name, checked.content_type
            transcript.size = checked.size
        transcript.save()
        audit_record(
            actor=actor,
            action="meeting.transcript_set",
            obj=transcript,
            akimat=meeting.akimat,
            data={"kind": kind, "language": language, "file": bool(transcript.file)},
        )
        result = transcript
    if old_file:
        from openakimat.common.storage import private_storage

        transaction.on_commit(lambda: private_storage.delete(old_file))
    _after_change(meeting)
    return result


# --- Decisions --------------------------------------------------------------------------------


@dataclass
class InstructionData:
    department: Department
    deadline: date
    title: str = ""  # what must be done, for the public; the decision's text when empty
    responsible: "User | None" = None


def _instruct(actor: Actor | None, decision: Decision, meeting: Meeting, spec: InstructionData) -> Instruction:
    if not spec.department.akimat.territory.path.startswith(meeting.akimat.territory.path):
        raise ValidationError({"department": _("Choose a department of this akimat.")}, code="bad_department")
    title = (spec.title or "").strip() or decision.text
    if len(title) > 300:
        title = title[:297].rstrip() + "…"
    number = _("Decision %(number)d of the meeting of %(date)s") % {
        "number": decision.number,
        "date": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y"),
    }
    return instruction_create(
        actor=actor,
        source=decision,
        akimat=meeting.akimat,
        department=spec.department,
        title=title,
        deadline=spec.deadline,
        description=number,
        responsible=spec.responsible,
    )


@transaction.atomic
def decision_add(
    *,
    actor: Actor | None,
    meeting: Meeting,
    text_kk: str = "",
    text_ru: str = "",
    text_en: str = "",
    instructions: list[InstructionData] | None = None,
) -> Decision:
    """Record a decision of the meeting (numbered in order) and make it into instructions of
    execution control, one per responsible department."""
    meeting = _editable(actor, meeting)
    if meeting.is_cancelled:
        raise ConflictError(_("A cancelled meeting takes no decisions."))
    texts = _per_language("text", (text_kk, text_ru, text_en), TEXT_MAX)
    _one_language_at_least(texts, "text", _("Give the decision in at least one language."))
    number = (meeting.decisions.aggregate(m=Max("number"))["m"] or 0) + 1
    decision = Decision.objects.create(meeting=meeting, number=number, **{f"text_{c}": v for c, v in texts.items()})
    made = [_instruct(actor, decision, meeting, spec) for spec in instructions or []]
    audit_record(
        actor=actor,
        action="meeting.decision_add",
        obj=decision,
        akimat=meeting.akimat,
        data={"meeting": meeting.pk, "number": number, "instructions": [i.number for i in made]},
    )
    _after_change(meeting)
    return decision


@transaction.atomic
def decision_edit(
    *, actor: Actor | None, decision: Decision, text_kk: str = "", text_ru: str = "", text_en: str = ""
) -> Decision:
    meeting = _editable(actor, decision.meeting)
    found = Decision.objects.select_for_update().get(pk=decision.pk, meeting=meeting)
    texts = _per_language("text", (text_kk, text_ru, text_en), TEXT_MAX)
    _one_language_at_least(texts, "text", _("Give the decision in at least one language."))
    for code, value in texts.items():
        setattr(found, f"text_{code}", value)
    found.save()
    audit_record(actor=actor, action="meeting.decision_edit", obj=found, akimat=meeting.akimat)
    _after_change(meeting)
    return found


@transaction.atomic
def decision_instruct(*, actor: Actor | None, decision: Decision, spec: InstructionData) -> Instruction:
    """Make one more instruction of a recorded decision."""
    meeting = _editable(actor, decision.meeting)
    found = Decision.objects.select_for_update().get(pk=decision.pk, meeting=meeting)
    instruction = _instruct(actor, found, meeting, spec)
    audit_record(
        actor=actor,
        action="meeting.decision_instruct",
        obj=found,
        akimat=meeting.akimat,
        data={"instruction": instruction.number},
    )
    _after_change(meeting)
    return instruction


# --- Residents' questions to a public hearing -------------------------------------------------


@transaction.atomic
def question_submit(
    *, meeting: Meeting, text: str, author_name: str, author_contact: str = "", language: str = "kk"
) -> Question:
    """A resident's question to an open public hearing, waiting for moderation. The caller (the
    public form) limits how often one address may ask; the name and contact are never logged."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.questions_open():
        raise ConflictError(_("This hearing takes no questions now."))
    text = _text(text, field="text", limit=2000, required=True, message=_("Write your question."))
    author_name = _text(author_name, field="author_name", limit=200, required=True, message=_("Give your name."))
    author_contact = _text(author_contact, field="author_contact", limit=200)
    question = Question.objects.create(
        meeting=meeting,
        text=text,
        author_name=author_name,
        author_contact=author_contact,
        language=language if language in LANGUAGES else "kk",
    )
    audit_record(actor="resident", action="meeting.question_submit", obj=question, akimat=meeting.akimat)
    return question


@transaction.atomic
def question_moderate(
    *, actor: Actor | None, question: Question, publish: bool, text: str | None = None, reason: str = ""
) -> Question:
    """Publish a question (its text as given, or as the moderator edited it to take personal data
    out) or reject it with a reason."""
    question = Question.objects.select_for_update().select_related("meeting__akimat__territory").get(pk=question.pk)
    meeting = question.meeting
    policy.require(permissions.can_moderate(actor, meeting))
    fields_changed = ["status", "moderated_at", "moderated_by", "updated_at"]
    if publish:
        if text is not None:
            question.text = _text(text, field="text", limit=2000, required=True, message=_("Write the question."))
            fields_changed.append("text")
        question.status, question.reject_reason = QuestionStatus.PUBLISHED, ""
    else:
        question.reject_reason = _text(
            reason, field="reason", limit=300, required=True, message=_("Give the reason for rejecting.")
        )
        question.status = QuestionStatus.REJECTED
    fields_changed.append("reject_reason")
    question.moderated_at = timezone.now()
    question.moderated_by_id = getattr(actor, "pk", None)
    question.save(update_fields=fields_changed)
    audit_record(
        actor=actor,
        action="meeting.question_publish" if publish else "meeting.question_reject",
        obj=question,
        akimat=meeting.akimat,
        data={"meeting": meeting.pk},
    )
    _after_change(meeting)
    return question


@transaction.atomic
def question_answer(
    *, actor: Actor | None, question: Question, answer_kk: str = "", answer_ru: str = "", answer_en: str = ""
) -> Question:
    """Answer a published question, in one language or several."""
    question = Question.objects.select_for_update().select_related("meeting__akimat__territory").get(pk=question.pk)
    meeting = question.meeting
    policy.require(permissions.can_moderate(actor, meeting))
    if question.status != QuestionStatus.PUBLISHED:
        raise ConflictError(_("Publish the question before answering it."))
    answers = _per_language("answer", (answer_kk, answer_ru, answer_en), TEXT_MAX)
    _one_language_at_least(answers, "answer", _("Give the answer in at least one language."))
    for code, value in answers.items():
        setattr(question, f"answer_{code}", value)
    question.answered_at = question.answered_at or timezone.now()
    question.save()
    audit_record(
        actor=actor, action="meeting.question_answer", obj=question, akimat=meeting.akimat, data={"meeting": meeting.pk}
    )
    _after_change(meeting)
    return question


def forget_question_contacts(now: datetime | None = None) -> int:
    """Clear the author's contact of questions moderated MEETING_QUESTION_CONTACT_DAYS ago or more
    (a question never moderated, that long after its hearing started); returns how many. One audit
    entry per akimat, with the count only."""
    from collections import Counter

    from django.db.models import Q

    now = now or timezone.now()
    before = now - timedelta(days=settings.MEETING_QUESTION_CONTACT_DAYS)
    stale = Question.objects.filter(contact_forgotten_at__isnull=True).filter(
        Q(moderated_at__lt=before) | Q(moderated_at__isnull=True, meeting__starts_at__lt=before)
    )
    per_akimat: Counter[int] = Counter()
    for pk, akimat_id in stale.values_list("pk", "meeting__akimat_id")[:1000]:
        with transaction.atomic():
            if Question.objects.filter(pk=pk, contact_forgotten_at__isnull=True).update(
                author_contact="", contact_forgotten_at=now
            ):
                per_akimat[akimat_id] += 1
    akimats = Akimat.objects.in_bulk(list(per_akimat))
    for akimat_id, count in per_akimat.items():
        audit_record(
            actor=SystemActor("forget_question_contacts"),
            action="meeting.question_contacts_forgotten",
            akimat=akimats[akimat_id],
            data={"count": count},
        )
    return sum(per_akimat.values())
