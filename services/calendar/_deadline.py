"""Statutory periods (民法典 第二百零一条–第二百零四条) counted on the working-day calendar.

* The day of the triggering event is not counted: counting starts the next day.
* ``N 个工作日`` counts official working days only (make-up working days count).
* A period in natural days whose last day is not a working day ends on the next working day.
* The last day ends at 24:00 Asia/Shanghai, i.e. at 00:00 of the following day: ``due_at`` is that
  instant, and an act is on time when it happens strictly before ``due_at``.
* Days in a year with no official data are counted on weekends only; the result is then
  ``provisional`` and a warning is logged. It never raises for missing data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from services.calendar._calendar import WorkingDayCalendar, default_calendar
from services.clock import SHANGHAI
from services.errors import ValidationFailed

log = logging.getLogger("services.calendar")

MAX_PERIOD_DAYS = 3660


class PeriodUnit(StrEnum):
    """How a period is counted."""

    WORKING_DAYS = "working_days"
    NATURAL_DAYS = "natural_days"


@dataclass(frozen=True)
class Deadline:
    """The end of a statutory period.

    Attributes:
        event_date: The day of the triggering event (not counted).
        days: The length of the period.
        unit: Working or natural days.
        due_date: The last day of the period.
        due_at: The instant the period ends: 24:00 of ``due_date`` in Asia/Shanghai, written as
            00:00 of the next day (timezone-aware). On time means strictly before ``due_at``.
        provisional: Some counted day lies in a year without official data (weekends only).
        rolled_from: For natural days, the non-working last day the period was moved off.
        uncovered_years: The years without data that the count went through.
    """

    event_date: date
    days: int
    unit: PeriodUnit
    due_date: date
    due_at: datetime
    provisional: bool
    rolled_from: date | None = None
    uncovered_years: tuple[int, ...] = ()

    @property
    def basis(self) -> str:
        """A one-line explanation of how the date was reached."""
        unit = "working days" if self.unit is PeriodUnit.WORKING_DAYS else "natural days"
        text = f"{self.days} {unit} after {self.event_date} (event day not counted)"
        if self.rolled_from is not None:
            text += f"; {self.rolled_from} is not a working day, moved to the next working day"
        if self.provisional:
            years = ", ".join(str(y) for y in self.uncovered_years)
            text += f"; no holiday data for {years}: weekends only, provisional"
        return text


def _check(event_date: object, n: object) -> None:
    if not isinstance(event_date, date) or isinstance(event_date, datetime):
        raise ValidationFailed(f"event_date must be a date, got {event_date!r}", field="event_date")
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_PERIOD_DAYS:
        raise ValidationFailed(
            f"the period must be a whole number of days from 1 to {MAX_PERIOD_DAYS}, got {n!r}", field="n"
        )


def _uncovered(calendar: WorkingDayCalendar, first: date, last: date) -> tuple[int, ...]:
    return tuple(y for y in range(first.year, last.year + 1) if not calendar.covers(y))


def _deadline(
    event_date: date,
    n: int,
    unit: PeriodUnit,
    due: date,
    calendar: WorkingDayCalendar,
    rolled_from: date | None = None,
) -> Deadline:
    uncovered = _uncovered(calendar, event_date + timedelta(days=1), due)
    if uncovered:
        log.warning(
            "deadline %s %s after %s reaches years without holiday data %s: "
            "counted on weekends only, provisional",
            n,
            unit.value,
            event_date,
            list(uncovered),
        )
    due_at = datetime.combine(due + timedelta(days=1), time(0), tzinfo=SHANGHAI)
    return Deadline(
        event_date=event_date,
        days=n,
        unit=unit,
        due_date=due,
        due_at=due_at,
        provisional=bool(uncovered),
        rolled_from=rolled_from,
        uncovered_years=uncovered,
    )


def next_working_day(day: date, *, calendar: WorkingDayCalendar | None = None) -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    cal = calendar or default_calendar()
    while not cal.is_working_day(day):
        day += timedelta(days=1)
    return day


def deadline_after_working_days(
    event_date: date, n: int, *, calendar: WorkingDayCalendar | None = None
) -> Deadline:
    """The last day of a period of ``n`` working days after ``event_date``.

    Raises:
        ValidationFailed: ``event_date`` is not a date or ``n`` is not an int in 1..3660.
    """
    _check(event_date, n)
    cal = calendar or default_calendar()
    day, counted = event_date, 0
    while counted < n:
        day += timedelta(days=1)
        counted += cal.is_working_day(day)
    return _deadline(event_date, n, PeriodUnit.WORKING_DAYS, day, cal)


def deadline_after_natural_days(
    event_date: date, n: int, *, calendar: WorkingDayCalendar | None = None
) -> Deadline:
    """The last day of a period of ``n`` natural days after ``event_date``, moved to a working day.

    Raises:
        ValidationFailed: ``event_date`` is not a date or ``n`` is not an int in 1..3660.
    """
    _check(event_date, n)
    cal = calendar or default_calendar()
    last = event_date + timedelta(days=n)
    due = next_working_day(last, calendar=cal)
    return _deadline(event_date, n, PeriodUnit.NATURAL_DAYS, due, cal, None if due == last else last)


def is_working_day(day: date, *, calendar: WorkingDayCalendar | None = None) -> bool:
    """Whether ``day`` is an official working day (weekday test for a year without data)."""
    return (calendar or default_calendar()).is_working_day(day)


def working_days_between(start: date, end: date, *, calendar: WorkingDayCalendar | None = None) -> int:
    """The number of working days ``d`` with ``start < d <= end`` (0 when ``end == start``).

    This is the inverse of :func:`deadline_after_working_days`:
    ``working_days_between(e, deadline_after_working_days(e, n).due_date) == n``.

    Raises:
        ValidationFailed: ``end`` is before ``start``.
    """
    if end < start:
        raise ValidationFailed(f"end {end} is before start {start}", field="end")
    cal = calendar or default_calendar()
    return sum(cal.is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))
