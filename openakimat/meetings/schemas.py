"""The public API's answers about meetings. Nothing personal: officials are named (they are
public), residents never — a hearing's questions come without their authors."""

from datetime import date, datetime

from ninja import Schema


class Texts(Schema):
    """A text in each language; null where there is no version in that language (never filled in
    by machine translation)."""

    kk: str | None
    ru: str | None
    en: str | None


class AkimatRef(Schema):
    kato: str
    name: Texts


class MeetingOut(Schema):
    id: int
    uid: str
    akimat: AkimatRef
    kind: str
    format: str
    status: str
    published: bool
    title: Texts
    starts_at: datetime
    ends_at: datetime | None
    place: Texts
    stream_url: str
    embed_url: str
    recording_url: str
    cancel_reason: str
    questions_open_until: datetime | None
    sequence: int
    updated_at: datetime
    url: str


class AgendaItemOut(Schema):
    order: int
    title: Texts
    presenter_name: str
    presenter_position: Texts
    duration_minutes: int | None


class DocumentOut(Schema):
    id: int
    title: Texts
    kind: str
    language: str
    type: str
    size: int


class InstructionOut(Schema):
    number: str
    status: str
    deadline: date
    overdue: bool
    department: str


class DecisionOut(Schema):
    number: int
    text: Texts
    status: str  # done, overdue, in_progress, no_instructions
    instructions: list[InstructionOut]


class AttendeeOut(Schema):
    name: str
    position: str
    present: bool


class AttendanceOut(Schema):
    officials: list[AttendeeOut]
    residents_in_person: int | None
    residents_online: int | None


class TranscriptOut(Schema):
    kind: str
    language: str
    text: str
    has_file: bool


class QuestionOut(Schema):
    text: str
    answer: Texts
    answered_at: datetime | None


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    documents: list[DocumentOut]
    minutes: Texts | None
    minutes_published_at: datetime | None
    attendance: AttendanceOut | None
    transcripts: list[TranscriptOut]
    decisions: list[DecisionOut]
    questions: list[QuestionOut]
