"""Temporal built-ins: calendar queries, the injected clock (now/today), ``is``."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from engine.feel.builtins import args as a
from engine.feel.builtins.registry import builtin, fail
from engine.feel.compare import equals, kind_of
from engine.feel.errors import WarningKind
from engine.feel.values.durations import YearsMonthsDuration
from engine.feel.values.text import to_feel_string

if TYPE_CHECKING:
    from engine.feel.interpreter import Interpreter


@builtin("day of week", "date")
def day_of_week(date: Any) -> str:
    return calendar.day_name[a.date_like(date).weekday()]


@builtin("day of year", "date")
def day_of_year(date: Any) -> Decimal:
    return Decimal(a.date_like(date).timetuple().tm_yday)


@builtin("week of year", "date")
def week_of_year(date: Any) -> Decimal:
    return Decimal(a.date_like(date).isocalendar()[1])


@builtin("month of year", "date")
def month_of_year(date: Any) -> str:
    return calendar.month_name[a.date_like(date).month]


@builtin("last day of month", "date")
def last_day_of_month(date: Any) -> dt.date:
    d = a.date_like(date)
    return dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def _clock(interp: Interpreter) -> dt.datetime | None:
    if interp.state.now is None:
        interp.warn(WarningKind.NO_CLOCK, "now() and today() need an injected clock (the 'now' argument)")
        return None
    return interp.state.now()


@builtin("now", state=True)
def now(interp: Interpreter) -> dt.datetime | None:
    return _clock(interp)


@builtin("today", state=True)
def today(interp: Interpreter) -> dt.date | None:
    current = _clock(interp)
    return None if current is None else current.date()


@builtin("is", "value1", "value2", nulls=True)
def is_(value1: Any, value2: Any) -> bool:
    if kind_of(value1) != kind_of(value2):
        return False
    if isinstance(value1, dt.datetime | dt.time) and str(value1.tzinfo) != str(value2.tzinfo):
        return False
    return equals(value1, value2) is True


def _cycle_text(repetitions: Any, interval: Any) -> str:
    if not isinstance(interval, dt.timedelta | YearsMonthsDuration):
        raise fail("interval must be a duration")
    count = "" if repetitions is None else str(a.integer(repetitions, "repetitions"))
    return f"R{count}/{to_feel_string(interval)}"


@builtin("cycle", "interval")
def cycle(interval: Any) -> str:
    """Zeebe's timer-cycle helper: ``cycle(duration("PT1H"))`` is ``"R/PT1H"`` (repeat forever)."""
    return _cycle_text(None, interval)


@builtin("cycle", "repetitions", "interval", nulls=True)
def cycle_repeated(repetitions: Any, interval: Any) -> str:
    """``cycle(3, duration("PT10M"))`` is ``"R3/PT10M"``; null repetitions repeat forever."""
    return _cycle_text(repetitions, interval)
