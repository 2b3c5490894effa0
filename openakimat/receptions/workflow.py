"""The life of a sign-up, as one table: each move with the statuses it leaves, the status it
reaches and who makes it. The services, the pages and the tests read this table."""

from dataclasses import dataclass
from enum import StrEnum

from .models import SignUpStatus as S


class Who(StrEnum):
    RESIDENT = "resident"  # with the SMS code, or the link of their sign-up
    SYSTEM = "system"  # a place freed up
    STAFF = "staff"  # those who manage the sign-ups of the reception


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    by: Who


TRANSITIONS = {
    t.name: t
    for t in [
        # A confirmed phone gets a place if one is left, else the waiting list (`wait`).
        Transition("confirm", (S.PENDING,), S.CONFIRMED, Who.RESIDENT),
        Transition("wait", (S.PENDING,), S.WAITING, Who.RESIDENT),
        Transition("promote", (S.WAITING,), S.CONFIRMED, Who.SYSTEM),
        Transition("cancel", (S.PENDING, S.CONFIRMED, S.WAITING), S.CANCELLED, Who.RESIDENT),
        # Staff mark attendance, and may correct a mark; a resident on the waiting list who came
        # and was heard is marked attended too.
        Transition("attend", (S.CONFIRMED, S.WAITING, S.NO_SHOW), S.ATTENDED, Who.STAFF),
        Transition("no_show", (S.CONFIRMED, S.ATTENDED), S.NO_SHOW, Who.STAFF),
    ]
}
STAFF_MARKS = ("attend", "no_show")
