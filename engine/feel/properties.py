"""Properties of temporal values, durations and ranges (``x.year``, ``d.days``, ``r.start``)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal
from typing import Any

from engine.feel.values.durations import YearsMonthsDuration
from engine.feel.values.ranges import Range
from engine.feel.values.temporal import format_offset, time_offset


def _zone_name(value: dt.time | dt.datetime) -> Any:
    tz = value.tzinfo
    if isinstance(tz, zoneinfo.ZoneInfo):
        return tz.key
    if tz is None:
        return None
    off = tz.utcoffset(None)
    return None if off is None else format_offset(off)


def _date_props(value: dt.date) -> dict[str, Any]:
    return {
        "year": Decimal(value.year),
        "month": Decimal(value.month),
        "day": Decimal(value.day),
        "weekday": Decimal(value.isoweekday()),
    }


def _time_props(value: dt.time | dt.datetime) -> dict[str, Any]:
    return {
        "hour": Decimal(value.hour),
        "minute": Decimal(value.minute),
        "second": Decimal(value.second),
        "time offset": time_offset(value),
        "timezone": _zone_name(value),
    }


def _day_time_props(td: dt.timedelta) -> dict[str, Any]:
    sign = -1 if td < dt.timedelta(0) else 1
    a = abs(td)
    hours, rest = divmod(a.seconds, 3600)
    return {
        "days": Decimal(sign * a.days),
        "hours": Decimal(sign * hours),
        "minutes": Decimal(sign * (rest // 60)),
        "seconds": Decimal(sign * (rest % 60)),
    }


def properties_of(value: Any) -> dict[str, Any] | None:
    """All properties of a value, or None if the value has none."""
    if isinstance(value, dt.datetime):
        return {**_date_props(value), **_time_props(value)}
    if isinstance(value, dt.date):
        return _date_props(value)
    if isinstance(value, dt.time):
        return _time_props(value)
    if isinstance(value, dt.timedelta):
        return _day_time_props(value)
    if isinstance(value, YearsMonthsDuration):
        return {"years": Decimal(value.years), "months": Decimal(value.months)}
    if isinstance(value, Range):
        return {
            "start": value.start,
            "start included": value.start_included,
            "end": value.end,
            "end included": value.end_included,
        }
    return None


def get_property(value: Any, name: str) -> tuple[bool, Any]:
    """(found, value) for ``value.name``."""
    props = properties_of(value)
    if props is None or name not in props:
        return False, None
    return True, props[name]
