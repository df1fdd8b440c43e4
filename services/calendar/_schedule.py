"""One year of official schedule: the days off and the make-up working days."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path


class Source(StrEnum):
    """Where a covered year's data comes from (as ``xdt calendar years`` prints it)."""

    PACKAGE = "package"
    FILE = "file"
    FILE_OVERRIDES_PACKAGE = "file-overrides-package"


@dataclass(frozen=True)
class YearSchedule:
    """The State Council schedule of one year.

    Attributes:
        year: The calendar year.
        holidays: Days off (statutory holidays and the weekend days moved into them), with names.
        workdays: Make-up working days (调休上班) on a Saturday or Sunday, with names.
        path: The data file it was read from; ``None`` for the ``chinese-calendar`` package.
    """

    year: int
    holidays: Mapping[date, str] = field(default_factory=dict)
    workdays: Mapping[date, str] = field(default_factory=dict)
    path: Path | None = None

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` (which must lie in this year) is an official working day."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5
