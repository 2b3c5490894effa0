"""The Kazakh working-day calendar and legal deadlines.

Holiday dates below are those of the `holidays` package (0.109) for KZ, observed days included:
2026 Nauryz is Sat 21 – Mon 23 March, with Sat 21 and Sun 22 observed on Tue 24 and Wed 25;
Independence Day is Wed 16 December 2026; Sat 4 May 2024 was a working day (for Wed 8 May).
"""

from datetime import UTC, date, datetime, time, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from openakimat.common.calendar import (
    ALMATY,
    add_calendar_days,
    add_office_minutes,
    add_working_days,
    due_at,
    is_working_day,
    next_working_day,
    registration_day,
    shift_due_after_pause,
    working_day_on_or_after,
    working_days_between,
    working_minutes_between,
)

KZ = holidays.country_holidays("KZ", years=range(2019, 2033))


def almaty(*args: int) -> datetime:
    return datetime(*args, tzinfo=ALMATY)


def is_day_off_per_package(d: date) -> bool:
    """The oracle: a public holiday or observed day, or a weekend day not declared working."""
    return d in KZ or (d.weekday() >= 5 and d not in KZ.weekend_workdays)


def in_office_hours(moment: datetime) -> bool:
    local = moment.astimezone(ALMATY)
    return is_working_day(local.date()) and time(9) <= local.time() <= time(18)


start_dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
terms = st.integers(min_value=1, max_value=60)
moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.sampled_from([ALMATY, UTC])
)


# --- working days ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 3, 20), True),  # Friday before Nauryz
        (date(2026, 3, 21), False),  # Nauryz, Saturday
        (date(2026, 3, 23), False),  # Nauryz, Monday
        (date(2026, 3, 24), False),  # observed for Saturday 21 March
        (date(2026, 3, 25), False),  # observed for Sunday 22 March
        (date(2026, 3, 26), True),
        (date(2026, 3, 9), False),  # Women's Day (Sunday 8 March) observed
        (date(2026, 12, 16), False),  # Independence Day
        (date(2026, 12, 17), True),
        (date(2026, 1, 1), False),
        (date(2026, 1, 7), False),  # Orthodox Christmas
        (date(2026, 4, 4), False),  # an ordinary Saturday
        (date(2026, 4, 6), True),  # an ordinary Monday
        (date(2024, 5, 4), True),  # Saturday declared a working day...
        (date(2024, 5, 8), False),  # ...in exchange for Wednesday 8 May
        (date(2025, 1, 5), True),  # Sunday declared a working day (for Friday 3 January 2025)
        (date(2025, 1, 3), False),
    ],
)
def test_working_days(day, working):
    assert is_working_day(day) is working


def test_next_working_day_and_on_or_after():
    assert next_working_day(date(2026, 3, 20)) == date(2026, 3, 26)
    assert next_working_day(date(2026, 3, 19)) == date(2026, 3, 20)
    assert working_day_on_or_after(date(2026, 3, 20)) == date(2026, 3, 20)
    assert working_day_on_or_after(date(2026, 3, 21)) == date(2026, 3, 26)


def test_nauryz_is_skipped():
    # A 1-working-day term from Friday 20 March 2026: 21–25 March are days off.
    assert add_working_days(date(2026, 3, 20), 1) == date(2026, 3, 26)
    assert due_at(almaty(2026, 3, 20, 10, 0), 1, "working_days") == almaty(2026, 3, 26, 18, 0)
    assert add_working_days(date(2026, 3, 19), 2) == date(2026, 3, 26)


def test_independence_day_is_skipped():
    assert add_working_days(date(2026, 12, 15), 1) == date(2026, 12, 17)
    assert add_working_days(date(2025, 12, 15), 1) == date(2025, 12, 17)
    assert add_calendar_days(date(2026, 12, 6), 10) == date(2026, 12, 17)


def test_a_saturday_declared_working_counts():
    assert add_working_days(date(2024, 5, 3), 1) == date(2024, 5, 4)
    # 7 May Defender of the Fatherland Day, 8 May the moved day off, 9 May Victory Day.
    assert add_working_days(date(2024, 5, 6), 1) == date(2024, 5, 10)


def test_terms_of_the_register():
    # 15 WD (targeted social assistance) from Monday 2 March 2026: 9 March and 23–25 March are off.
    assert add_working_days(date(2026, 3, 2), 15) == date(2026, 3, 27)
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 27)) == 15


@given(start_dates, terms)
def test_a_working_day_term_never_ends_on_a_day_off(start, days):
    due = add_working_days(start, days)
    assert not is_day_off_per_package(due)
    assert is_working_day(due)


@given(start_dates, terms)
def test_a_calendar_day_term_never_ends_on_a_day_off(start, days):
    due = add_calendar_days(start, days)
    assert not is_day_off_per_package(due)
    nominal = start + timedelta(days=days)
    assert due >= nominal
    assert all(is_day_off_per_package(nominal + timedelta(days=k)) for k in range((due - nominal).days))


@given(start_dates, terms)
def test_add_working_days_has_exactly_n_working_days(start, days):
    due = add_working_days(start, days)
    assert working_days_between(start, due) == days
    in_between = [start + timedelta(days=k) for k in range(1, (due - start).days + 1)]
    assert sum(not is_day_off_per_package(d) for d in in_between) == days


@given(moments, terms, st.sampled_from(["working_days", "calendar_days"]))
def test_day_terms_end_at_closing_time_of_a_working_day(registered_at, value, unit):
    due = due_at(registered_at, value, unit)
    assert due.tzinfo is ALMATY
    assert due.time() == time(18, 0)
    assert not is_day_off_per_package(due.date())
    assert due.date() > registered_at.astimezone(ALMATY).date()


@pytest.mark.parametrize("days", [0, -1])
def test_day_terms_are_at_least_one_day(days):
    with pytest.raises(ValueError):
        add_working_days(date(2026, 4, 6), days)
    with pytest.raises(ValueError):
        add_calendar_days(date(2026, 4, 6), days)


def test_working_days_between():
    assert working_days_between(date(2026, 3, 19), date(2026, 3, 26)) == 2  # Fri 20, Thu 26
    assert working_days_between(date(2026, 3, 26), date(2026, 3, 19)) == 0
    assert working_days_between(date(2026, 3, 20), date(2026, 3, 20)) == 0


# --- registration day ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("registered_at", "day"),
    [
        (almaty(2026, 4, 6, 8, 0), date(2026, 4, 6)),  # before opening: the same day
        (almaty(2026, 4, 6, 17, 59), date(2026, 4, 6)),
        (almaty(2026, 4, 6, 18, 0), date(2026, 4, 7)),  # after closing: the next working day
        (almaty(2026, 4, 3, 20, 0), date(2026, 4, 6)),  # Friday evening: Monday
        (almaty(2026, 4, 4, 12, 0), date(2026, 4, 6)),  # Saturday: Monday
        (almaty(2026, 3, 21, 12, 0), date(2026, 3, 26)),  # Nauryz: after the holidays
        (datetime(2026, 4, 6, 12, 30, tzinfo=UTC), date(2026, 4, 6)),  # 17:30 in Almaty
        (datetime(2026, 4, 6, 13, 0, tzinfo=UTC), date(2026, 4, 7)),  # 18:00 in Almaty
    ],
)
def test_registration_day(registered_at, day):
    assert registration_day(registered_at) == day


def test_day_terms_count_from_the_registration_day():
    # Registered online on Friday evening: received on Monday, 1 WD ends on Tuesday.
    assert due_at(almaty(2026, 4, 3, 20, 0), 1, "working_days") == almaty(2026, 4, 7, 18, 0)
    assert due_at(almaty(2026, 4, 3, 17, 0), 1, "working_days") == almaty(2026, 4, 6, 18, 0)
    # 30 calendar days from Monday 2 March 2026 is Wednesday 1 April.
    assert due_at(almaty(2026, 3, 2, 10, 0), 30, "calendar_days") == almaty(2026, 4, 1, 18, 0)
    # 5 calendar days from Monday 16 March lands on Nauryz (21 March): moved to 26 March.
    assert due_at(almaty(2026, 3, 16, 10, 0), 5, "calendar_days") == almaty(2026, 3, 26, 18, 0)


# --- office time -----------------------------------------------------------------------------------------


def test_thirty_minutes_from_17_50_end_at_09_20_the_next_working_day():
    assert add_office_minutes(almaty(2026, 3, 19, 17, 50), 30) == almaty(2026, 3, 20, 9, 20)
    assert add_office_minutes(almaty(2026, 3, 20, 17, 50), 30) == almaty(2026, 3, 26, 9, 20)  # over Nauryz
    assert due_at(almaty(2026, 3, 19, 17, 50), 30, "minutes") == almaty(2026, 3, 20, 9, 20)


@pytest.mark.parametrize(
    ("start", "minutes", "end"),
    [
        (almaty(2026, 4, 6, 10, 0), 30, almaty(2026, 4, 6, 10, 30)),
        (almaty(2026, 4, 6, 17, 30), 30, almaty(2026, 4, 6, 18, 0)),  # ends exactly at closing
        (almaty(2026, 4, 6, 7, 0), 30, almaty(2026, 4, 6, 9, 30)),  # before opening
        (almaty(2026, 4, 6, 18, 0), 30, almaty(2026, 4, 7, 9, 30)),  # at closing
        (almaty(2026, 4, 4, 12, 0), 30, almaty(2026, 4, 6, 9, 30)),  # Saturday
        (almaty(2026, 4, 6, 9, 0), 540, almaty(2026, 4, 6, 18, 0)),  # a whole office day
        (almaty(2026, 4, 6, 9, 0), 541, almaty(2026, 4, 7, 9, 1)),
        (almaty(2026, 4, 6, 16, 0), 180, almaty(2026, 4, 7, 10, 0)),  # 3 hours
        (datetime(2026, 3, 19, 12, 50, tzinfo=UTC), 30, almaty(2026, 3, 20, 9, 20)),  # 17:50 in Almaty
        (almaty(2026, 4, 4, 12, 0), 0, almaty(2026, 4, 4, 12, 0)),  # nothing to add: unchanged
    ],
)
def test_add_office_minutes(start, minutes, end):
    result = add_office_minutes(start, minutes)
    assert result == end
    assert result.tzinfo is ALMATY


def test_hour_terms():
    assert due_at(almaty(2026, 4, 6, 16, 0), 3, "hours") == almaty(2026, 4, 7, 10, 0)


@given(moments, st.integers(min_value=1, max_value=30 * 540))
def test_office_minutes_round_trip(start, minutes):
    end = add_office_minutes(start, minutes)
    assert in_office_hours(end)
    assert end > start
    assert working_minutes_between(start, end) == minutes


def test_working_minutes_between():
    # Friday 3 April 17:00 to Monday 6 April 10:00: 60 + 60 minutes.
    assert working_minutes_between(almaty(2026, 4, 3, 17, 0), almaty(2026, 4, 6, 10, 0)) == 120
    # Nauryz: Friday 20 March 17:00 to Thursday 26 March 09:30.
    assert working_minutes_between(almaty(2026, 3, 20, 17, 0), almaty(2026, 3, 26, 9, 30)) == 90
    assert working_minutes_between(almaty(2026, 4, 4, 10, 0), almaty(2026, 4, 5, 17, 0)) == 0  # weekend
    assert working_minutes_between(almaty(2026, 4, 6, 10, 0), almaty(2026, 4, 6, 9, 0)) == 0  # b before a
    assert working_minutes_between(almaty(2026, 4, 6, 10, 0), almaty(2026, 4, 6, 10, 0, 59)) == 0  # seconds drop


# --- pauses ----------------------------------------------------------------------------------------------


@given(
    moments,
    st.sampled_from([(1, "working_days"), (15, "working_days"), (30, "calendar_days"), (30, "minutes"), (4, "hours")]),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)),
)
def test_a_pause_shifts_the_due_date_by_exactly_the_paused_working_time(registered_at, term, after, length):
    due = due_at(registered_at, *term)
    paused_from = registered_at + after
    resumed_at = paused_from + length
    paused = working_minutes_between(paused_from, resumed_at)
    new_due = shift_due_after_pause(due, paused_from, resumed_at)
    assert working_minutes_between(due, new_due) == paused
    assert new_due >= due
    assert new_due == due or in_office_hours(new_due)


def test_a_pause_example():
    # Due Tuesday 7 April 18:00; paused Monday 6 April 17:00, resumed Wednesday 8 April 10:00:
    # 60 + 540 + 60 = 660 office minutes = all of Wednesday 8 April and 2 hours of Thursday 9 April.
    due = almaty(2026, 4, 7, 18, 0)
    paused = working_minutes_between(almaty(2026, 4, 6, 17, 0), almaty(2026, 4, 8, 10, 0))
    assert paused == 660
    assert shift_due_after_pause(due, almaty(2026, 4, 6, 17, 0), almaty(2026, 4, 8, 10, 0)) == almaty(2026, 4, 9, 11, 0)


def test_an_empty_pause_changes_nothing():
    due = almaty(2026, 4, 7, 18, 0)
    assert shift_due_after_pause(due, almaty(2026, 4, 4, 10, 0), almaty(2026, 4, 5, 10, 0)) == due


# --- bad input -----------------------------------------------------------------------------------------


def test_naive_datetimes_are_rejected():
    naive = datetime(2026, 4, 6, 10, 0)
    aware = almaty(2026, 4, 6, 10, 0)
    with pytest.raises(ValueError, match="aware"):
        add_office_minutes(naive, 30)
    with pytest.raises(ValueError, match="aware"):
        working_minutes_between(naive, aware)
    with pytest.raises(ValueError, match="aware"):
        working_minutes_between(aware, naive)
    with pytest.raises(ValueError, match="aware"):
        shift_due_after_pause(naive, aware, aware)
    with pytest.raises(ValueError, match="aware"):
        registration_day(naive)
    for unit in ("minutes", "hours", "working_days", "calendar_days"):
        with pytest.raises(ValueError, match="aware"):
            due_at(naive, 1, unit)


def test_bad_terms_are_rejected():
    aware = almaty(2026, 4, 6, 10, 0)
    with pytest.raises(ValueError, match="unit"):
        due_at(aware, 1, "weeks")
    with pytest.raises(ValueError):
        due_at(aware, 0, "working_days")
    with pytest.raises(ValueError):
        add_office_minutes(aware, -1)
