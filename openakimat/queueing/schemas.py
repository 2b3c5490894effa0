"""The queue's API shapes: halls with their current wait, a ticket taken at a hardware kiosk, the
staff's view of a ticket and a hall's figures. Numbers and letters only: nothing personal."""

from datetime import date, datetime

from ninja import Field, Schema


class CategoryWaitOut(Schema):
    letter: str
    name: str
    waiting: int = Field(..., description="People waiting now.")
    estimate_minutes: int = Field(..., description="Estimated wait of a ticket taken now, in minutes.")


class PriorityOut(Schema):
    code: str
    name: str


class HallOut(Schema):
    kato: str = Field(..., description="KATO code of the akimat's territory.")
    akimat: str
    is_open: bool = Field(..., description="Whether the queue takes tickets now.")
    categories: list[CategoryWaitOut] = Field(..., description="The active categories of an open hall.")


class HallDetailOut(HallOut):
    priorities: list[PriorityOut] = Field(..., description="The priority groups a kiosk offers.")


class TicketIn(Schema):
    category: str = Field(..., pattern=r"^[A-Z]$", description="The category's letter.")
    priority: str | None = Field(None, max_length=16, description="A priority group's code, if the resident has one.")


class TicketOut(Schema):
    code: str = Field(..., description="What the resident is called by, e.g. A007.")
    letter: str
    number: int
    day: date
    issued_at: datetime
    ahead: int = Field(..., description="People of the category waiting ahead of this ticket.")
    position: int = Field(..., description="The ticket's place in its category's line (ahead + 1).")
    token: str = Field(..., description="Opens the ticket's own page (the QR code); shown once, kept only hashed.")


class StaffTicketOut(Schema):
    id: int
    code: str
    category: str = Field(..., description="The category's letter.")
    status: str
    desk: int | None = Field(None, description="The desk's number.")
    recalls: int
    issued_at: datetime
    called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None


class CallOut(Schema):
    ticket: StaffTicketOut | None = Field(..., description="The ticket called; null when nobody waits.")


class DurationsOut(Schema):
    count: int
    mean_seconds: float | None
    median_seconds: float | None
    p90_seconds: float | None


class FiguresRowOut(Schema):
    key: str = Field(
        ..., description="The category's letter, the desk's number or the hour (local); empty for the hall."
    )
    issued: int
    done: int
    no_show: int
    cancelled: int
    no_show_rate: float | None = Field(..., description="No-shows ÷ (served + no-shows).")
    wait: DurationsOut = Field(..., description="From taking the ticket to its first call.")
    service: DurationsOut = Field(..., description="From the start of service to its end.")


class FiguresOut(Schema):
    hall_id: int
    kato: str
    start: date
    end: date
    complete: bool = Field(..., description="False: too many tickets for the medians and percentiles.")
    total: FiguresRowOut
    categories: list[FiguresRowOut]
    desks: list[FiguresRowOut]
    hours: list[FiguresRowOut]


class PeriodQuery(Schema):
    start: date | None = Field(None, alias="from", description="First day (Almaty); default 30 days before `to`.")
    end: date | None = Field(None, alias="to", description="Last day (Almaty); default today.")
