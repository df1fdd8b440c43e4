"""``string(x)``: the FEEL text of any value, as feel-scala prints it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from engine.feel.values.durations import YearsMonthsDuration, format_day_time, format_years_months
from engine.feel.values.temporal import format_date, format_date_time, format_time


def format_number(n: Decimal) -> str:
    """The number as Java's ``BigDecimal.toString`` prints it (feel-scala's ``string()``): ``1.10``, ``2E+2``."""
    return str(n)


def to_feel_string(value: Any) -> str:
    """The text ``string(value)`` gives; ``"null"`` for null inside collections."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, int | float):
        return format_number(Decimal(str(value)))
    if isinstance(value, dt.datetime):
        return format_date_time(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, dt.time):
        return format_time(value)
    if isinstance(value, dt.timedelta):
        return format_day_time(value)
    if isinstance(value, YearsMonthsDuration):
        return format_years_months(value)
    if isinstance(value, list):
        return "[" + ", ".join(_quoted(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}:{_quoted(v)}" for k, v in value.items()) + "}"
    return str(value)


def _quoted(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value + '"'
    return to_feel_string(value)
