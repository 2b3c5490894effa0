"""The term's arithmetic, proved over many registration moments: a working day, exactly 15 (or 30)
working days after the registration day, never sooner than 15 calendar days."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from openakimat.appeals.terms import due_on, working_days_taken
from openakimat.common import calendar

moments = st.datetimes(min_value=datetime(2024, 3, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC))


@given(moments)
def test_the_term_ends_on_a_working_day_15_working_days_after_registration(registered_at):
    start = calendar.registration_day(registered_at)
    due = due_on(registered_at)
    assert calendar.is_working_day(due)
    assert calendar.working_days_between(start, due) == 15
    assert working_days_taken(registered_at, due) == 15
    assert due >= start + timedelta(days=15)


@given(moments)
def test_the_extended_term_is_30_working_days_and_later_than_the_first(registered_at):
    first, extended = due_on(registered_at), due_on(registered_at, extended=True)
    assert extended > first
    assert calendar.working_days_between(calendar.registration_day(registered_at), extended) == 30
    assert calendar.working_days_between(first, extended) == 15
