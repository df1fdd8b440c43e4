"""The public names other parts (workers, BPMN timers, web) rely on."""

from services import calendar


def test_calendar_exports() -> None:
    assert {
        "Deadline",
        "WorkingDayCalendar",
        "deadline_after_working_days",
        "deadline_after_natural_days",
        "is_working_day",
        "working_days_between",
        "next_working_day",
        "default_calendar",
        "HolidayFileError",
    } <= set(calendar.__all__)
    assert all(hasattr(calendar, name) for name in calendar.__all__)
