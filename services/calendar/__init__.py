"""Working days and statutory periods (DESIGN.md §4 "Dates and deadlines").

Holiday data comes from the ``chinese-calendar`` package plus ``data/holidays/*.yaml`` (a file wins
for the year it lists). The module-level functions use :func:`default_calendar`; pass
``calendar=`` to use another :class:`WorkingDayCalendar`.
"""

from services.calendar._calendar import (
    WorkingDayCalendar,
    YearCoverage,
    default_calendar,
    reload_default_calendar,
)
from services.calendar._deadline import (
    Deadline,
    PeriodUnit,
    deadline_after_natural_days,
    deadline_after_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)
from services.calendar._files import HolidayFileError, load_holiday_file, load_holiday_files
from services.calendar._schedule import Source, YearSchedule

__all__ = [
    "Deadline",
    "HolidayFileError",
    "PeriodUnit",
    "Source",
    "WorkingDayCalendar",
    "YearCoverage",
    "YearSchedule",
    "deadline_after_natural_days",
    "deadline_after_working_days",
    "default_calendar",
    "is_working_day",
    "load_holiday_file",
    "load_holiday_files",
    "next_working_day",
    "reload_default_calendar",
    "working_days_between",
]
