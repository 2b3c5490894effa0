"""The term of an appeal: 15 working days from the registration day, 30 once extended
(docs/domain.md; counted with `common.calendar`, holidays and moved days included)."""

from datetime import date, datetime

from openakimat.common import calendar

from .models import EXTENDED_TERM_DAYS, TERM_DAYS


def due_on(registered_at: datetime, *, extended: bool = False) -> date:
    """The last day of the answer's term for an appeal registered at `registered_at` (aware): an
    appeal sent after office hours or on a day off counts from the next working day."""
    days = EXTENDED_TERM_DAYS if extended else TERM_DAYS
    return calendar.add_working_days(calendar.registration_day(registered_at), days)


def working_days_taken(registered_at: datetime, answered_on: date) -> int:
    return calendar.working_days_between(calendar.registration_day(registered_at), answered_on)
