"""Parsing and printing dates, times and date-times the way feel-scala does.

A zone is either a fixed offset (``datetime.timezone``; zero prints as ``Z``) or a named
region (``zoneinfo.ZoneInfo``; prints as ``@Europe/Paris``). Years outside 1..9999 cannot be
held by Python and parse to ``None``.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from functools import lru_cache

_ZONE = r"(?P<tz>Z|z|[+-]\d{2}:\d{2}(?::\d{2})?|@[A-Za-z0-9_+\-/]+)?"
DATE_RE = re.compile(r"^(?P<y>-?(?:[1-9]\d{4,8}|\d{4}))-(?P<m>\d{2})-(?P<d>\d{2})$")
TIME_RE = re.compile(r"^(?P<H>\d{2}):(?P<M>\d{2}):(?P<S>\d{2})(?:\.(?P<f>\d+))?" + _ZONE + "$")


@lru_cache(maxsize=512)
def zone_from_id(zone_id: str) -> dt.tzinfo | None:
    """A tzinfo for ``Z``, ``+01:00`` or a region id like ``Europe/Paris``; None if unknown."""
    if zone_id in ("Z", "z"):
        return dt.UTC
    if zone_id[:1] in "+-" and re.fullmatch(r"[+-]\d{2}:\d{2}(?::\d{2})?", zone_id):
        sign = -1 if zone_id[0] == "-" else 1
        parts = [int(p) for p in zone_id[1:].split(":")]
        off = dt.timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2] if len(parts) > 2 else 0)
        if off > dt.timedelta(hours=18):
            return None
        return dt.timezone(sign * off) if off else dt.UTC
    if "/" in zone_id or zone_id in ("UTC", "GMT"):
        try:
            return zoneinfo.ZoneInfo(zone_id)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None
    return None


def parse_date(text: str) -> dt.date | None:
    """``YYYY-MM-DD`` → date, or None."""
    m = DATE_RE.match(text)
    if not m:
        return None
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def parse_time(text: str) -> dt.time | None:
    """``HH:MM:SS[.f][zone]`` → time, or None."""
    m = TIME_RE.match(text)
    if not m:
        return None
    tz = None
    if m["tz"]:
        tz = zone_from_id(m["tz"][1:] if m["tz"].startswith("@") else m["tz"])
        if tz is None:
            return None
    micro = int((m["f"] or "0")[:6].ljust(6, "0"))
    try:
        return dt.time(int(m["H"]), int(m["M"]), int(m["S"]), micro, tzinfo=tz)
    except ValueError:
        return None


def parse_date_time(text: str) -> dt.datetime | None:
    """``<date>T<time>`` (or a bare date, meaning midnight) → datetime, or None."""
    date_part, sep, time_part = text.partition("T")
    day = parse_date(date_part)
    if day is None:
        return None
    if not sep:
        return dt.datetime.combine(day, dt.time())
    if time_part.startswith("24:00:00") and TIME_RE.match("00" + time_part[2:]):
        t = parse_time("00" + time_part[2:])
        if t is None or t != dt.time(0, tzinfo=t.tzinfo):
            return None
        return combine(day + dt.timedelta(days=1), t)
    t = parse_time(time_part)
    return None if t is None else combine(day, t)


def combine(day: dt.date, t: dt.time) -> dt.datetime:
    """A datetime from a date and a time, keeping the time's zone."""
    return dt.datetime.combine(day, t.replace(tzinfo=None), tzinfo=t.tzinfo)


def parse_temporal(text: str) -> object | None:
    """The value of an ``@"..."`` literal: date, time, date-time or duration; None if invalid."""
    from engine.feel.values.durations import parse_duration

    if text.startswith(("P", "-P")):
        return parse_duration(text)
    if "T" in text:
        return parse_date_time(text)
    if DATE_RE.match(text):
        return parse_date(text)
    return parse_time(text)


def format_zone(tz: dt.tzinfo | None, ref: dt.datetime | None = None) -> str:
    """``Z``, ``+01:00`` or ``@Europe/Paris``; empty for no zone."""
    if tz is None:
        return ""
    if isinstance(tz, zoneinfo.ZoneInfo):
        return "@" + tz.key
    off = tz.utcoffset(ref)
    if off is None:
        return "@" + str(tz)
    return format_offset(off)


def format_offset(off: dt.timedelta) -> str:
    """``Z`` for zero, else ``+HH:MM`` (``+HH:MM:SS`` when seconds are set)."""
    if not off:
        return "Z"
    sign = "-" if off < dt.timedelta(0) else "+"
    secs = abs(int(off.total_seconds()))
    h, rest = divmod(secs, 3600)
    m, s = divmod(rest, 60)
    return f"{sign}{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


def format_time(t: dt.time, *, with_zone: bool = True) -> str:
    """``10:30:00``, ``10:30:00.5+01:00`` …"""
    frac = f".{t.microsecond:06d}".rstrip("0") if t.microsecond else ""
    zone = format_zone(t.tzinfo) if with_zone else ""
    return f"{t.hour:02d}:{t.minute:02d}:{t.second:02d}{frac}{zone}"


def format_date(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def format_date_time(d: dt.datetime) -> str:
    zone = format_zone(d.tzinfo, d)
    return f"{format_date(d.date())}T{format_time(d.timetz(), with_zone=False)}{zone}"


def is_zoned(value: dt.time | dt.datetime) -> bool:
    return value.tzinfo is not None


def time_offset(t: dt.time | dt.datetime) -> dt.timedelta | None:
    """The UTC offset of a time or date-time (a named zone's offset at that date for date-times)."""
    if t.tzinfo is None:
        return None
    if isinstance(t, dt.datetime):
        return t.utcoffset()
    if isinstance(t.tzinfo, zoneinfo.ZoneInfo):
        return None
    return t.tzinfo.utcoffset(None)
