"""is_working_day / working_days_between against the official lists, with hypothesis."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services import calendar
from services.errors import ValidationFailed
from tests.services.calendar.official_schedules import oracle_is_working_day

OFFICIAL_DAYS = st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 11, 30))


@settings(max_examples=300, deadline=None)
@given(day=OFFICIAL_DAYS)
def test_is_working_day_matches_the_official_lists(day: date) -> None:
    assert calendar.is_working_day(day) == oracle_is_working_day(day)


@settings(max_examples=200, deadline=None)
@given(event=OFFICIAL_DAYS, n=st.integers(min_value=1, max_value=25))
def test_working_days_between_inverts_the_deadline(event: date, n: int) -> None:
    due = calendar.deadline_after_working_days(event, n).due_date
    assert calendar.working_days_between(event, due) == n
    assert calendar.working_days_between(event, due - timedelta(days=1)) == n - 1
    assert oracle_is_working_day(due)


def test_make_up_saturdays_count_between_dates() -> None:
    # 2026-10-08 (Thu) .. 2026-10-12 (Mon): Fri 10/9, make-up Sat 10/10, Mon 10/12.
    assert calendar.working_days_between(date(2026, 10, 8), date(2026, 10, 12)) == 3
    assert calendar.working_days_between(date(2026, 10, 8), date(2026, 10, 8)) == 0


def test_working_days_between_refuses_a_reversed_range() -> None:
    with pytest.raises(ValidationFailed, match="before start"):
        calendar.working_days_between(date(2026, 10, 8), date(2026, 10, 1))


def test_next_working_day_skips_the_holiday() -> None:
    assert calendar.next_working_day(date(2026, 10, 1)) == date(2026, 10, 8)
    assert calendar.next_working_day(date(2026, 10, 10)) == date(2026, 10, 10)
