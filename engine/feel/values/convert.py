"""Python values in: ints and floats become Decimal, tuples lists, mappings dicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from engine.feel.values.durations import YearsMonthsDuration
from engine.feel.values.functions import FeelFunction
from engine.feel.values.ranges import Range

_PLAIN = (str, Decimal, bool, dt.date, dt.time, dt.timedelta, YearsMonthsDuration, FeelFunction, Range)


def from_python(value: Any) -> Any:
    """The FEEL value of a Python value (Decimal for numbers, lists, dicts, durations)."""
    if value is None or isinstance(value, _PLAIN):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else None
    if isinstance(value, list | tuple):
        return [from_python(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): from_python(v) for k, v in value.items()}
    return _foreign_duration(value)


def _foreign_duration(value: Any) -> Any:
    """isodate.Duration / dateutil relativedelta, as the TCK runner hands them over."""
    years = getattr(value, "years", None)
    months = getattr(value, "months", None)
    if isinstance(years, int | Decimal | float) and isinstance(months, int | Decimal | float):
        rest = getattr(value, "tdelta", None)
        if isinstance(rest, dt.timedelta) and rest and not (years or months):
            return rest
        return YearsMonthsDuration(int(years) * 12 + int(months))
    return value
