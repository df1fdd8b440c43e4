"""FEEL ``+ - * / **`` over numbers, strings, temporal values and durations.

Each operation returns the result or raises :class:`FeelEvalError` (INVALID_TYPE) for operand
kinds FEEL does not combine; null operands are handled by the caller (null propagates).
Temporal rules follow feel-scala: a date plus a days-and-time duration is computed from the
start of that day; a date minus a date-time treats the date as midnight (UTC when the other side
has a zone); a time plus a duration wraps around midnight.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from engine.feel.compare import kind_of
from engine.feel.errors import FeelEvalError, WarningKind
from engine.feel.numbers import ARITH_ERRORS, DEC
from engine.feel.values.durations import YearsMonthsDuration, day_time_seconds, seconds_to_day_time

MAX_STRING = 1_000_000
_DAY = dt.timedelta(days=1)


def _bad(op: str, a: Any, b: Any) -> FeelEvalError:
    return FeelEvalError(f"can't apply '{op}' to {kind_of(a)} and {kind_of(b)}", WarningKind.INVALID_TYPE)


def add_months(value: Any, months: int) -> Any:
    """Shift a date or date-time by whole months, clamping the day to the month's end."""
    total = value.year * 12 + value.month - 1 + months
    year, month = divmod(total, 12)
    if not 1 <= year <= 9999:
        raise FeelEvalError("date out of range")
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return value.replace(year=year, month=month + 1, day=day)


def add_day_time(value: Any, delta: dt.timedelta) -> Any:
    """Add an exact duration; zoned date-times move on the timeline, then back to their zone."""
    try:
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                return value + delta
            utc = value.astimezone(dt.UTC) + delta
            return utc.astimezone(value.tzinfo)
    except OverflowError as exc:
        raise FeelEvalError("date out of range") from exc
    raise FeelEvalError("not a date-time")


def _date_plus(value: dt.date, delta: dt.timedelta) -> dt.date:
    try:
        return (dt.datetime.combine(value, dt.time()) + delta).date()
    except OverflowError as exc:
        raise FeelEvalError("date out of range") from exc


def _time_plus(t: dt.time, delta: dt.timedelta) -> dt.time:
    base = dt.datetime.combine(dt.date(2000, 1, 1), t.replace(tzinfo=None))
    secs = (delta.days * 86400 + delta.seconds) % 86400
    moved = base + dt.timedelta(seconds=secs, microseconds=delta.microseconds)
    return moved.time().replace(tzinfo=t.tzinfo)


def _shift(value: Any, duration: Any) -> Any:
    """A temporal value moved by a duration, or NotImplemented."""
    kv = kind_of(value)
    if isinstance(duration, YearsMonthsDuration):
        if kv in ("date", "date and time"):
            return add_months(value, duration.total_months)
        return NotImplemented
    if isinstance(duration, dt.timedelta):
        if kv == "date and time":
            return add_day_time(value, duration)
        if kv == "date":
            return _date_plus(value, duration)
        if kv == "time":
            return _time_plus(value, duration)
    return NotImplemented


def add(a: Any, b: Any) -> Any:
    ka, kb = kind_of(a), kind_of(b)
    if ka == kb == "number":
        return DEC.add(a, b)
    if ka == kb == "string":
        if len(a) + len(b) > MAX_STRING:
            raise FeelEvalError("string result too long", WarningKind.LIMIT_EXCEEDED)
        return a + b
    if ka == kb == "days and time duration":
        return a + b
    if ka == kb == "years and months duration":
        return YearsMonthsDuration(a.total_months + b.total_months)
    shifted = _shift(a, b)
    if shifted is NotImplemented:
        shifted = _shift(b, a)
    if shifted is NotImplemented:
        raise _bad("+", a, b)
    return shifted


def _as_instant_pair(a: Any, b: Any) -> tuple[dt.datetime, dt.datetime]:
    """Two date-times for subtraction; a bare date becomes midnight (UTC next to a zoned value)."""

    def widen(x: Any, other: Any) -> dt.datetime:
        if isinstance(x, dt.datetime):
            return x
        zone = dt.UTC if isinstance(other, dt.datetime) and other.tzinfo is not None else None
        return dt.datetime.combine(x, dt.time(), tzinfo=zone)

    return widen(a, b), widen(b, a)


def subtract(a: Any, b: Any) -> Any:
    ka, kb = kind_of(a), kind_of(b)
    if ka == kb == "number":
        return DEC.subtract(a, b)
    if ka == kb == "days and time duration":
        return a - b
    if ka == kb == "years and months duration":
        return YearsMonthsDuration(a.total_months - b.total_months)
    if ka in ("date", "date and time") and kb in ("date", "date and time"):
        x, y = _as_instant_pair(a, b)
        if (x.tzinfo is None) != (y.tzinfo is None):
            raise _bad("-", a, b)
        return x - y
    if ka == kb == "time":
        return _time_difference(a, b)
    if kb == "years and months duration" and ka in ("date", "date and time"):
        return add_months(a, -b.total_months)
    if kb == "days and time duration" and ka in ("date", "date and time", "time"):
        return _shift(a, -b)
    raise _bad("-", a, b)


def _time_difference(a: dt.time, b: dt.time) -> dt.timedelta:
    if (a.tzinfo is None) != (b.tzinfo is None):
        raise _bad("-", a, b)
    day = dt.date(2000, 1, 1)
    x = dt.datetime.combine(day, a.replace(tzinfo=None)) - (a.utcoffset() or dt.timedelta(0))
    y = dt.datetime.combine(day, b.replace(tzinfo=None)) - (b.utcoffset() or dt.timedelta(0))
    return x - y


def multiply(a: Any, b: Any) -> Any:
    ka, kb = kind_of(a), kind_of(b)
    if ka == kb == "number":
        return DEC.multiply(a, b)
    if ka == "number" and kb != "number":
        a, b, ka, kb = b, a, kb, ka
    if kb != "number":
        raise _bad("*", a, b)
    if ka == "days and time duration":
        return _dt_result(DEC.multiply(day_time_seconds(a), b))
    if ka == "years and months duration":
        return YearsMonthsDuration(int(DEC.multiply(Decimal(a.total_months), b)))
    raise _bad("*", a, b)


def _dt_result(seconds: Decimal) -> dt.timedelta:
    result = seconds_to_day_time(seconds)
    if result is None:
        raise FeelEvalError("duration out of range")
    return result


def divide(a: Any, b: Any) -> Any:
    ka, kb = kind_of(a), kind_of(b)
    if ka == kb == "number":
        return DEC.divide(a, b) if b else _division_by_zero()
    if ka == kb == "days and time duration":
        return DEC.divide(day_time_seconds(a), day_time_seconds(b)) if b else _division_by_zero()
    if ka == kb == "years and months duration":
        return (
            DEC.divide(Decimal(a.total_months), Decimal(b.total_months))
            if b.total_months
            else _division_by_zero()
        )
    if kb == "number" and ka == "days and time duration":
        return _dt_result(DEC.divide(day_time_seconds(a), b)) if b else _division_by_zero()
    if kb == "number" and ka == "years and months duration":
        return YearsMonthsDuration(int(DEC.divide(Decimal(a.total_months), b))) if b else _division_by_zero()
    raise _bad("/", a, b)


def _division_by_zero() -> Any:
    raise FeelEvalError("division by zero", WarningKind.INVALID_TYPE)


def power(a: Any, b: Any) -> Any:
    if kind_of(a) != "number" or kind_of(b) != "number":
        raise _bad("**", a, b)
    if b == b.to_integral_value() and abs(b) <= 999_999_999:
        return DEC.power(a, int(b)) if (a or b >= 0) else _division_by_zero()
    return DEC.power(a, b)


def negate(a: Any) -> Any:
    kind = kind_of(a)
    if kind == "number":
        return DEC.minus(a)
    if kind == "days and time duration":
        return -a
    if kind == "years and months duration":
        return YearsMonthsDuration(-a.total_months)
    raise FeelEvalError(f"can't negate {kind}", WarningKind.INVALID_TYPE)


_OPS = {"+": add, "-": subtract, "*": multiply, "/": divide, "**": power}


def apply(op: str, a: Any, b: Any) -> Any:
    """Apply a binary arithmetic operator; decimal faults become FeelEvalError."""
    try:
        return _OPS[op](a, b)
    except ARITH_ERRORS as exc:
        raise FeelEvalError(
            f"arithmetic failure in '{op}': {type(exc).__name__}", WarningKind.INVALID_TYPE
        ) from exc
    except (OverflowError, ValueError) as exc:
        raise FeelEvalError(f"result of '{op}' out of range", WarningKind.INVALID_TYPE) from exc
