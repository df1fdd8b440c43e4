"""Zeebe conventions: ``=``-prefixed attributes are FEEL, values cross as JSON.

Temporal results are stored the way Zeebe stores them, as ISO strings: a date
``2026-09-25``, a local date-time ``2026-09-25T10:00:00``, a zoned one
``2026-09-25T10:00:00+08:00`` (a region zone adds ``[Asia/Shanghai]``, as Java's
``ISO_ZONED_DATE_TIME`` does), a time ``10:00:00``/``10:00:00+01:00``, durations in FEEL's ISO
form (``P1Y2M``, ``P1DT2H``, ``PT1H``). Each string converts back with the matching FEEL function.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from engine.feel.api import Clock, EvalResult, evaluate_with_warnings
from engine.feel.values.durations import YearsMonthsDuration, format_day_time, format_years_months
from engine.feel.values.functions import FeelFunction
from engine.feel.values.ranges import Range
from engine.feel.values.temporal import format_date, format_offset, format_time

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


def is_expression(attr: str | None) -> bool:
    """True when a BPMN attribute value is a FEEL expression (starts with ``=``)."""
    return attr is not None and attr.lstrip().startswith("=")


def evaluate_attribute(attr: str, variables: Mapping[str, Any], *, now: Clock = None) -> EvalResult:
    """Evaluate ``=expression`` attributes as FEEL; any other text is its own static string value.

    Raises:
        FeelSyntaxError: the expression after ``=`` does not parse.
    """
    if not is_expression(attr):
        return EvalResult(attr, [])
    return evaluate_with_warnings(attr.lstrip()[1:], variables, now=now)


def _date_time_json(value: dt.datetime) -> str:
    base = format_date(value.date()) + "T" + format_time(value.time())
    if value.tzinfo is None:
        return base
    offset = value.utcoffset() or dt.timedelta(0)
    suffix = f"[{value.tzinfo.key}]" if isinstance(value.tzinfo, zoneinfo.ZoneInfo) else ""
    return base + format_offset(offset) + suffix


def to_json(value: Any) -> JsonValue:
    """A FEEL value as a JSON-compatible Python value (what Zeebe writes into a variable)."""
    if value is None or isinstance(value, bool | str | int | float):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    return _scalar_json(value)


def _scalar_json(value: Any) -> JsonValue:
    if isinstance(value, dt.datetime):
        return _date_time_json(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, dt.time):
        return format_time(value)
    if isinstance(value, dt.timedelta):
        return format_day_time(value)
    if isinstance(value, YearsMonthsDuration):
        return format_years_months(value)
    if isinstance(value, Range | FeelFunction):
        return None
    return str(value)


def from_json(value: Any) -> Any:
    """A JSON value as a FEEL value: numbers become ``Decimal``, everything else stays."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, list):
        return [from_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): from_json(v) for k, v in value.items()}
    return value
