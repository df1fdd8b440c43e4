"""Schedules from the PyPI package ``chinese-calendar`` (import name ``chinese_calendar``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import chinese_calendar

from services.calendar._schedule import YearSchedule


def package_schedules() -> dict[int, YearSchedule]:
    """Every year the installed package covers, keyed by year."""
    holidays: dict[int, dict[date, str]] = defaultdict(dict)
    workdays: dict[int, dict[date, str]] = defaultdict(dict)
    for day, name in chinese_calendar.holidays.items():
        holidays[day.year][day] = str(name)
    for day, name in chinese_calendar.workdays.items():
        workdays[day.year][day] = str(name)
    years = set(holidays) | set(workdays)
    return {
        year: YearSchedule(year=year, holidays=dict(holidays[year]), workdays=dict(workdays[year]))
        for year in sorted(years)
    }
