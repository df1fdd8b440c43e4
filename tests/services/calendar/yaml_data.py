"""Writes official test schedules as holiday data files, the format ops use."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from tests.services.calendar.official_schedules import MAKEUP_WORKDAYS, PERIODS


def write_year(
    directory: Path, year: int, *, extra_days_off: list[date] | None = None, name: str | None = None
) -> Path:
    """Write ``year``'s official schedule (days inside the year only), plus extra days off."""
    holidays = []
    for p in PERIODS:
        first, last = max(p.first, date(year, 1, 1)), min(p.last, date(year, 12, 31))
        if first <= last:
            holidays.append({"name": p.name, "from": first.isoformat(), "to": last.isoformat()})
    holidays += [{"name": "extra", "from": d.isoformat()} for d in extra_days_off or []]
    workdays = [{"name": "make-up", "date": d.isoformat()} for d in sorted(MAKEUP_WORKDAYS) if d.year == year]
    path = directory / (name or f"{year}.yaml")
    path.write_text(
        yaml.safe_dump({"year": year, "holidays": holidays, "workdays": workdays}), encoding="utf-8"
    )
    return path
