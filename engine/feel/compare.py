"""FEEL equality and ordering.

``equals`` returns True/False, or None when the two values are of different kinds (feel-scala
reports those as not comparable, which becomes null). ``null = null`` is true and
``x = null`` false for any non-null x.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from engine.feel.values.durations import YearsMonthsDuration
from engine.feel.values.functions import FeelFunction
from engine.feel.values.ranges import Range


def kind_of(value: Any) -> str:
    """The FEEL type name of a value."""
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dt.datetime):
        return "date and time"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, dt.time):
        return "time"
    if isinstance(value, dt.timedelta):
        return "days and time duration"
    if isinstance(value, YearsMonthsDuration):
        return "years and months duration"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "context"
    if isinstance(value, Range):
        return "range"
    if isinstance(value, FeelFunction):
        return "function"
    return type(value).__name__


def _time_key(t: dt.time) -> Any:
    if t.tzinfo is None:
        return (t.hour, t.minute, t.second, t.microsecond)
    off = t.tzinfo.utcoffset(None)
    if off is None:  # a named zone has no offset without a date: compare the wall clock
        return (t.hour, t.minute, t.second, t.microsecond)
    base = dt.datetime.combine(dt.date(2000, 1, 2), t.replace(tzinfo=None)) - off
    return (base.hour, base.minute, base.second, base.microsecond, base.day)


def equals(a: Any, b: Any) -> bool | None:
    """FEEL ``=``."""
    if a is None or b is None:
        return a is None and b is None
    ka, kb = kind_of(a), kind_of(b)
    if ka != kb:
        return None
    if ka == "list":
        return _list_equals(a, b)
    if ka == "context":
        if set(a) != set(b):
            return False
        return _all_equal((a[k], b[k]) for k in a)
    if ka in ("date and time", "time"):
        if (a.tzinfo is None) != (b.tzinfo is None):
            return None
        # like java.time equals: same wall clock, same offset and same zone id (not just the same instant)
        return a.replace(tzinfo=None) == b.replace(tzinfo=None) and _same_zone(a, b)
    if ka == "range":
        return bool(a.start_included == b.start_included and a.end_included == b.end_included) and _all_equal(
            [(a.start, b.start), (a.end, b.end)]
        )
    if ka == "function":
        return a is b
    return bool(a == b)


def _same_zone(a: dt.time | dt.datetime, b: dt.time | dt.datetime) -> bool:
    if a.tzinfo is None or b.tzinfo is None:
        return a.tzinfo is b.tzinfo
    if isinstance(a.tzinfo, dt.timezone) and isinstance(b.tzinfo, dt.timezone):
        return bool(a.utcoffset() == b.utcoffset())
    return str(a.tzinfo) == str(b.tzinfo) and a.utcoffset() == b.utcoffset()


def _list_equals(a: list[Any], b: list[Any]) -> bool | None:
    if len(a) != len(b):
        return False
    return _all_equal(zip(a, b, strict=True))


def _all_equal(pairs: Any) -> bool:
    # inside lists and contexts, items that can't be compared are simply unequal (feel-scala)
    return all(equals(x, y) is True for x, y in pairs)


def compare(a: Any, b: Any) -> int | None:
    """-1/0/1 ordering, or None when the values are not ordered (different kinds, null, ...)."""
    if a is None or b is None:
        return None
    ka, kb = kind_of(a), kind_of(b)
    if ka != kb:
        return None
    if ka in ("number", "string", "date", "days and time duration", "years and months duration"):
        return int((a > b) - (a < b))
    if ka == "date and time":
        if (a.tzinfo is None) != (b.tzinfo is None):
            return None
        return int((a > b) - (a < b))
    if ka == "time":
        if (a.tzinfo is None) != (b.tzinfo is None):
            return None
        x, y = _time_key(a), _time_key(b)
        return int((x > y) - (x < y))
    return None
