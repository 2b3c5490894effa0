"""The life of an appeal as one table: each move, the statuses it leaves, the status it reaches and
who may make it. Services, pages and tests read this table."""

from dataclasses import dataclass
from enum import StrEnum

from .models import Status


class Who(StrEnum):
    OFFICE = "office"  # the akimat's operators, akim and administrators: register and route
    CONTROL = "control"  # the akim and administrators: extend and answer


@dataclass(frozen=True)
class Move:
    name: str
    sources: tuple[str, ...]
    target: str
    by: Who


MOVES: dict[str, Move] = {
    m.name: m
    for m in (
        Move("route", (Status.REGISTERED, Status.ROUTED, Status.EXTENDED), "", Who.OFFICE),  # keeps EXTENDED
        Move("extend", (Status.REGISTERED, Status.ROUTED), Status.EXTENDED, Who.CONTROL),
        Move("answer", (Status.REGISTERED, Status.ROUTED, Status.EXTENDED), Status.ANSWERED, Who.CONTROL),
    )
}
