"""Durations: years-and-months (our own type) and days-and-time (``timedelta``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

_DURATION_RE = re.compile(
    r"^(?P<neg>-)?P(?:(?P<Y>\d+)Y)?(?:(?P<Mo>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
    r"(?:T(?:(?P<H>\d+)H)?(?:(?P<Mi>\d+)M)?(?:(?P<S>\d+(?:\.\d+)?)S)?)?$"
)
MAX_DAYS = 999_999_999


@dataclass(frozen=True, slots=True, order=True)
class YearsMonthsDuration:
    """A years-and-months duration, held as a signed total of months.

    ``years`` and ``months`` carry the sign of the total (``-P1Y2M`` has years -1, months -2),
    the shape ``isodate.Duration`` and the TCK runner expect.
    """

    total_months: int

    @property
    def years(self) -> int:
        sign = -1 if self.total_months < 0 else 1
        return sign * (abs(self.total_months) // 12)

    @property
    def months(self) -> int:
        sign = -1 if self.total_months < 0 else 1
        return sign * (abs(self.total_months) % 12)

    def __str__(self) -> str:
        return format_years_months(self)

    def __repr__(self) -> str:
        return f"YearsMonthsDuration({format_years_months(self)!r})"


def parse_duration(text: str) -> YearsMonthsDuration | dt.timedelta | None:
    """Parse an ISO-8601 duration as FEEL does; ``None`` if the text is not one.

    Years/months only give a years-and-months duration; days/hours/minutes/seconds only give a
    days-and-time duration; mixing both is not a FEEL duration.
    """
    m = _DURATION_RE.match(text)
    if not m or text.endswith("T") or text in ("P", "-P"):
        return None
    has_ym = m["Y"] is not None or m["Mo"] is not None
    has_dt = any(m[k] is not None for k in ("W", "D", "H", "Mi", "S"))
    sign = -1 if m["neg"] else 1
    if has_ym and has_dt:
        return None
    if has_ym:
        return YearsMonthsDuration(sign * (int(m["Y"] or 0) * 12 + int(m["Mo"] or 0)))
    seconds = Decimal(m["S"] or 0)
    days = int(m["W"] or 0) * 7 + int(m["D"] or 0)
    total_days = days + int(m["H"] or 0) / 24 + int(m["Mi"] or 0) / 1440 + float(seconds) / 86400
    if total_days > MAX_DAYS:
        return None
    micros = int((seconds % 1 * 1_000_000).to_integral_value())
    td = dt.timedelta(
        days=days,
        hours=int(m["H"] or 0),
        minutes=int(m["Mi"] or 0),
        seconds=int(seconds),
        microseconds=micros,
    )
    return -td if sign < 0 else td


def format_years_months(d: YearsMonthsDuration) -> str:
    """``P1Y2M``, ``-P3M``, ``P0M`` (as feel-scala prints it)."""
    total = abs(d.total_months)
    sign = "-" if d.total_months < 0 else ""
    years, months = divmod(total, 12)
    if total == 0:
        return "P0M"
    return sign + "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")


def format_day_time(td: dt.timedelta) -> str:
    """``P1DT2H3M4.5S``, ``-PT1H``, ``PT0S`` (as feel-scala prints it)."""
    sign = "-" if td < dt.timedelta(0) else ""
    td = abs(td)
    days = td.days
    hours, rest = divmod(td.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if not (days or hours or minutes or seconds or td.microseconds):
        return "PT0S"
    out = sign + "P" + (f"{days}D" if days else "")
    time = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if seconds or td.microseconds:
        frac = f".{td.microseconds:06d}".rstrip("0") if td.microseconds else ""
        time += f"{seconds}{frac}S"
    return out + ("T" + time if time else "")


def day_time_seconds(td: dt.timedelta) -> Decimal:
    """Exact seconds of a timedelta as a Decimal."""
    return Decimal(td.days * 86400 + td.seconds) + Decimal(td.microseconds) / Decimal(1_000_000)


def seconds_to_day_time(seconds: Decimal) -> dt.timedelta | None:
    """A timedelta of ``seconds`` (rounded to microseconds), or None when out of range."""
    if not seconds.is_finite() or abs(seconds) > MAX_DAYS * Decimal(86400):
        return None
    micros = int((seconds * 1_000_000).to_integral_value())
    return dt.timedelta(microseconds=micros)
