"""The public API's answers about instructions: what the register shows, never the responsible
official or who wrote an event."""

from datetime import date, datetime

from ninja import Field, Schema

from openakimat.territory.schemas import Names


class PlaceOut(Schema):
    kato: str
    name: Names


class DepartmentOut(Schema):
    id: int
    name: Names


class InstructionOut(Schema):
    number: str
    title: str
    status: str = Field(..., description="assigned, in_progress, done or cancelled.")
    overdue: bool = Field(..., description="Open and past its deadline (Asia/Almaty), derived, never stored.")
    deadline: date
    original_deadline: date
    extension_count: int
    source: str = Field(..., description="The kind of source, e.g. problems.report.")
    akimat: PlaceOut = Field(..., description="The akimat that gave the instruction, by its territory's KATO code.")
    department: DepartmentOut
    territory: PlaceOut | None = Field(..., description="The village or okrug where the work is.")
    created_at: datetime
    completed_at: datetime | None
    done_on_time: bool | None
    url: str = Field(..., description="The instruction's public page.")


class InstructionPage(Schema):
    items: list[InstructionOut]
    page: int
    page_size: int
    next_page: int | None = Field(..., description="The next page's number, or null on the last page.")


class AttachmentOut(Schema):
    kind: str = Field(..., description="photo or document")
    name: str
    size: int
    url: str


class EventOut(Schema):
    kind: str
    at: datetime
    text: str
    old_deadline: date | None
    new_deadline: date | None
    attachments: list[AttachmentOut]


class InstructionDetail(InstructionOut):
    description: str
    result: str
    cancel_reason: str
    source_url: str = Field(..., description="The source's public page, or an empty string.")
    events: list[EventOut]
