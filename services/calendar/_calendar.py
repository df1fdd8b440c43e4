"""The working-day calendar: package data, overridden year by year by the repo's data files."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from services.calendar._files import load_holiday_files
from services.calendar._package import package_schedules
from services.calendar._schedule import Source, YearSchedule

log = logging.getLogger("services.calendar")


@dataclass(frozen=True)
class YearCoverage:
    """One covered year and where its data comes from.

    Attributes:
        year: The calendar year.
        source: ``package``, ``file`` or ``file-overrides-package``.
        path: The data file in use, if any.
    """

    year: int
    source: Source
    path: Path | None = None


class WorkingDayCalendar:
    """Official working days for the years it has data for; weekends only elsewhere.

    Build it with :meth:`from_sources` (package + data files) or directly from schedules.
    """

    def __init__(
        self, schedules: Mapping[int, YearSchedule], *, package_years: frozenset[int] = frozenset()
    ) -> None:
        self._schedules = dict(schedules)
        self._package_years = package_years

    @classmethod
    def from_sources(cls, holidays_dir: Path | None, *, use_package: bool = True) -> WorkingDayCalendar:
        """The package's years, then every file in ``holidays_dir``, a file winning for its year.

        Raises:
            HolidayFileError: A data file is invalid.
        """
        package = package_schedules() if use_package else {}
        files = load_holiday_files(holidays_dir) if holidays_dir is not None else {}
        return cls({**package, **files}, package_years=frozenset(package))

    def coverage(self) -> list[YearCoverage]:
        """Every covered year, oldest first, with its source."""
        rows = []
        for year, schedule in sorted(self._schedules.items()):
            if schedule.path is None:
                source = Source.PACKAGE
            elif year in self._package_years:
                source = Source.FILE_OVERRIDES_PACKAGE
            else:
                source = Source.FILE
            rows.append(YearCoverage(year=year, source=source, path=schedule.path))
        return rows

    def covers(self, year: int) -> bool:
        """Whether official data exists for ``year``."""
        return year in self._schedules

    def is_working_day(self, day: date) -> bool:
        """Official working day; for a year without data, Monday to Friday (see ``covers``)."""
        schedule = self._schedules.get(day.year)
        if schedule is None:
            return day.weekday() < 5
        return schedule.is_working_day(day)

    def holiday_name(self, day: date) -> str | None:
        """Name of the holiday or make-up working day on ``day``, if any."""
        schedule = self._schedules.get(day.year)
        if schedule is None:
            return None
        return schedule.holidays.get(day) or schedule.workdays.get(day)


@lru_cache(maxsize=1)
def default_calendar() -> WorkingDayCalendar:
    """The process-wide calendar: the package plus the files in ``XDT_HOLIDAYS_DIR``."""
    from services.settings import get_settings

    calendar = WorkingDayCalendar.from_sources(get_settings().holidays_dir)
    log.debug("working-day calendar covers %s", [c.year for c in calendar.coverage()])
    return calendar


def reload_default_calendar() -> WorkingDayCalendar:
    """Re-read the data files (after ops add a year) and return the new default calendar."""
    default_calendar.cache_clear()
    return default_calendar()
