"""Every 2019–2026 holiday period crossed by 3/5/30-working-day and 7/10-natural-day periods.

Expected dates come from the official schedules in ``official_schedules.py`` (an independent
oracle), plus a table counted by hand against the notices.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from services import calendar
from services.errors import ValidationFailed
from tests.services.calendar.official_schedules import (
    PERIODS,
    Period,
    oracle_natural_deadline,
    oracle_working_deadline,
)


# Events the day before a holiday period starts, four days before, and on its last day.
def _events(period: Period) -> list[date]:
    return [period.first - timedelta(days=1), period.first - timedelta(days=4), period.last]


@pytest.mark.parametrize("n", [3, 5, 30])
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.year}-{p.name}")
def test_working_day_periods_across_every_holiday(period: Period, n: int) -> None:
    for event in _events(period):
        result = calendar.deadline_after_working_days(event, n)
        assert (event, result.due_date) == (event, oracle_working_deadline(event, n))
        assert not result.provisional


@pytest.mark.parametrize("n", [7, 10])
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.year}-{p.name}")
def test_natural_day_periods_across_every_holiday(period: Period, n: int) -> None:
    for event in _events(period):
        result = calendar.deadline_after_natural_days(event, n)
        assert (event, result.due_date) == (event, oracle_natural_deadline(event, n))
        last = event + timedelta(days=n)
        assert result.rolled_from == (None if result.due_date == last else last)
        assert not result.provisional


# (event, rule, n, expected due date), each counted by hand on the official notices.
HAND_CHECKED = [
    # Mid-Autumn 2026 (9/25–27), National Day (10/1–7), make-up Saturday 10/10 counted.
    (date(2026, 9, 25), "working", 30, date(2026, 11, 12)),
    (date(2026, 9, 25), "natural", 7, date(2026, 10, 8)),
    # Spring Festival 2019: make-up Saturday and Sunday 2/2–3 count, holiday 2/4–10.
    (date(2019, 2, 1), "working", 3, date(2019, 2, 11)),
    # Year boundary: 2026-01-01..03 off, Sunday 2026-01-04 is a make-up working day.
    (date(2025, 12, 31), "working", 3, date(2026, 1, 6)),
    (date(2025, 12, 31), "working", 1, date(2026, 1, 4)),
    # Year boundary: New Year 2022-12-31..2023-01-02, last day moves to Tuesday 2023-01-03.
    (date(2022, 12, 30), "natural", 1, date(2023, 1, 3)),
    # 2020 Spring Festival as extended to 2/2: 1/30 moves to Monday 2/3.
    (date(2020, 1, 23), "natural", 7, date(2020, 2, 3)),
    # A natural period ending on a make-up Saturday (2024-09-14) stays there.
    (date(2024, 9, 7), "natural", 7, date(2024, 9, 14)),
    (date(2024, 9, 13), "working", 1, date(2024, 9, 14)),
    # Labour Day 2019 (5/1–4): Sunday 5/5 is a make-up working day.
    (date(2019, 4, 30), "working", 1, date(2019, 5, 5)),
]


@pytest.mark.parametrize(("event", "rule", "n", "expected"), HAND_CHECKED)
def test_hand_checked_deadlines(event: date, rule: str, n: int, expected: date) -> None:
    fn = calendar.deadline_after_working_days if rule == "working" else calendar.deadline_after_natural_days
    assert fn(event, n).due_date == expected


def test_due_at_is_24_00_shanghai_of_the_due_date() -> None:
    result = calendar.deadline_after_working_days(date(2026, 9, 25), 30)
    assert result.due_at.isoformat() == "2026-11-13T00:00:00+08:00"
    assert result.due_at.utcoffset() == timedelta(hours=8)


def test_the_event_day_is_not_counted() -> None:
    monday = date(2026, 11, 23)
    assert calendar.deadline_after_working_days(monday, 1).due_date == monday + timedelta(days=1)
    assert calendar.deadline_after_natural_days(monday, 1).due_date == monday + timedelta(days=1)


def test_deadline_is_frozen() -> None:
    result = calendar.deadline_after_natural_days(date(2026, 9, 25), 7)
    with pytest.raises(AttributeError):
        result.due_date = date(2026, 1, 1)  # type: ignore[misc]
    assert "2026-10-02 is not a working day" in result.basis


@pytest.mark.parametrize("bad_n", [0, -3, True, 2.0, "5", 3661])
def test_a_bad_period_length_is_refused(bad_n: object) -> None:
    with pytest.raises(ValidationFailed) as exc:
        calendar.deadline_after_working_days(date(2026, 1, 5), bad_n)  # type: ignore[arg-type]
    assert "period" in str(exc.value)


def test_a_datetime_is_not_an_event_date() -> None:
    with pytest.raises(ValidationFailed, match="event_date"):
        calendar.deadline_after_natural_days(datetime(2026, 1, 5, 10), 3)  # type: ignore[arg-type]
