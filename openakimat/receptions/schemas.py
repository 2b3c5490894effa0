"""The public API's answers: the schedule and a reception's summary. Nothing personal: no names
or phones of residents, no problem in a resident's own words."""

from datetime import date, datetime

from django.urls import reverse
from ninja import Schema


class ReceptionOut(Schema):
    id: int
    akimat: str  # KATO code of the akimat's territory
    akimat_name: str
    host_name: str
    host_position: str
    kind: str
    status: str
    starts_at: datetime
    ends_at: datetime
    slot_minutes: int
    place: str
    online_url: str
    observer: str
    topics: list[str]
    capacity: int
    seats_left: int
    url: str

    @staticmethod
    def resolve_akimat(obj) -> str:
        return obj.akimat.territory.kato

    @staticmethod
    def resolve_akimat_name(obj) -> str:
        return obj.akimat.name

    @staticmethod
    def resolve_seats_left(obj) -> int:
        return obj.seats_left if obj.status == "scheduled" else 0

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("receptions:detail", kwargs={"pk": obj.pk})


class InstructionOut(Schema):
    number: str
    status: str
    deadline: date


class ProblemOut(Schema):
    id: int
    text: str
    topic: str
    department: str
    village: str | None
    resolved: bool
    instructions: list[InstructionOut]


class ReceptionSummaryOut(ReceptionOut):
    residents_heard: int
    problems: list[ProblemOut]

    @staticmethod
    def resolve_problems(obj) -> list:
        return obj.problems_out
