"""Conversion built-ins: date, time, date and time, duration, number, string."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from engine.feel.builtins import args as a
from engine.feel.builtins.registry import builtin, fail
from engine.feel.values.durations import YearsMonthsDuration, day_time_seconds, parse_duration
from engine.feel.values.temporal import combine, parse_date, parse_date_time, parse_time, zone_from_id
from engine.feel.values.text import to_feel_string

_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@builtin("date", "from")
def date_from(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    result = parse_date(a.string(value, "from"))
    if result is None:
        raise fail(f"invalid date '{value}'")
    return result


@builtin("date", "year", "month", "day")
def date_of(year: Any, month: Any, day: Any) -> dt.date:
    try:
        return dt.date(a.integer(year, "year"), a.integer(month, "month"), a.integer(day, "day"))
    except (ValueError, OverflowError) as exc:
        raise fail(f"invalid date: {exc}") from exc


@builtin("time", "from")
def time_from(value: Any) -> dt.time:
    if isinstance(value, dt.datetime):
        return value.timetz() if not _is_region(value.tzinfo) else value.time().replace(tzinfo=value.tzinfo)
    if isinstance(value, dt.date):
        return dt.time(0, tzinfo=dt.UTC)
    if isinstance(value, dt.time):
        return value
    result = parse_time(a.string(value, "from"))
    if result is None:
        raise fail(f"invalid time '{value}'")
    return result


def _is_region(tz: dt.tzinfo | None) -> bool:
    return tz is not None and not isinstance(tz, dt.timezone)


@builtin("time", "hour", "minute", "second", "offset?")
def time_of(hour: Any, minute: Any, second: Any, offset: Any = None) -> dt.time:
    sec = a.number(second, "second")
    whole = int(sec.to_integral_value(rounding="ROUND_FLOOR"))
    micros = int(((sec - whole) * 1_000_000).to_integral_value())
    tz = None
    if offset is not None:
        if not isinstance(offset, dt.timedelta) or abs(offset) > dt.timedelta(hours=18):
            raise fail("offset must be a days and time duration within 18 hours")
        tz = dt.timezone(offset) if offset else dt.UTC
    try:
        return dt.time(a.integer(hour, "hour"), a.integer(minute, "minute"), whole, micros, tzinfo=tz)
    except ValueError as exc:
        raise fail(f"invalid time: {exc}") from exc


@builtin("date and time", "from")
def date_and_time_from(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    result = parse_date_time(a.string(value, "from"))
    if result is None:
        raise fail(f"invalid date and time '{value}'")
    return result


@builtin("date and time", "date", "time")
def date_and_time_of(date: Any, time: Any) -> dt.datetime:
    day = a.date_like(date, "date")
    if isinstance(day, dt.datetime):
        day = day.date()
    if isinstance(time, dt.time):
        return combine(day, time)
    if isinstance(time, str) and isinstance(date, dt.datetime):
        return date_and_time_in_zone(date, time)
    raise fail("time must be a time")


@builtin("date and time", "from", "timezone")
def date_and_time_in_zone(value: Any, timezone: Any) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise fail("from must be a date and time")
    zone = zone_from_id(a.string(timezone, "timezone"))
    if zone is None:
        raise fail(f"unknown time zone '{timezone}'")
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


@builtin("duration", "from")
def duration(value: Any) -> Any:
    result = parse_duration(a.string(value, "from"))
    if result is None:
        raise fail(f"invalid duration '{value}'")
    return result


@builtin("years and months duration", "from", "to")
def years_and_months_duration(start: Any, end: Any) -> YearsMonthsDuration:
    x, y = a.date_like(start, "from"), a.date_like(end, "to")
    # feel-scala compares the calendar dates only (java.time.Period.between)
    months = (y.year - x.year) * 12 + (y.month - x.month)
    if months > 0 and y.day < x.day:
        months -= 1
    elif months < 0 and y.day > x.day:
        months += 1
    return YearsMonthsDuration(months)


@builtin("number", "from", "grouping separator?", "decimal separator?", nulls=True)
def number(value: Any, grouping: Any = None, decimal_sep: Any = None) -> Decimal | None:
    text = a.string(value, "from")
    if grouping is not None:
        if grouping not in (" ", ",", "."):
            raise fail("invalid grouping separator")
        text = text.replace(grouping, "")
    if decimal_sep is not None:
        if decimal_sep not in (".", ",") or decimal_sep == grouping:
            raise fail("invalid decimal separator")
        text = text.replace(decimal_sep, ".")
    if not _NUMBER_RE.match(text):
        raise fail(f"can't convert '{value}' to a number")
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise fail(f"can't convert '{value}' to a number") from exc


@builtin("string", "from", nulls=True)
def string(value: Any) -> str | None:
    if value is None:
        return None
    return to_feel_string(value)


def duration_seconds(value: dt.timedelta) -> Decimal:
    return day_time_seconds(value)
