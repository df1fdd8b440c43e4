"""Years without data (provisional), data files overriding the package, and bad data files."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path

import pytest

from services import calendar
from services.calendar import HolidayFileError, Source, WorkingDayCalendar
from tests.services.calendar.official_schedules import oracle_working_deadline
from tests.services.calendar.yaml_data import write_year


def _weekend_only_working(event: date, n: int) -> date:
    day, counted = event, 0
    while counted < n:
        day += timedelta(days=1)
        counted += day.weekday() < 5
    return day


def test_a_year_without_data_counts_weekends_only_and_is_provisional(
    caplog: pytest.LogCaptureFixture,
) -> None:
    event = date(2040, 9, 28)
    with caplog.at_level(logging.WARNING, logger="services.calendar"):
        result = calendar.deadline_after_working_days(event, 30)
    assert result.due_date == _weekend_only_working(event, 30)
    assert result.provisional and result.uncovered_years == (2040,)
    assert "provisional" in result.basis
    assert any("2040" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)


def test_a_natural_period_into_a_year_without_data_moves_off_weekends_only() -> None:
    result = calendar.deadline_after_natural_days(date(2040, 1, 3), 10)
    last = date(2040, 1, 13)
    expected = last if last.weekday() < 5 else last + timedelta(days=7 - last.weekday())
    assert (result.due_date, result.provisional) == (expected, True)


def test_a_covered_year_crossing_into_an_uncovered_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_year(tmp_path, 2026)
    cal = WorkingDayCalendar.from_sources(tmp_path, use_package=False)
    # Dec 29, 30, 31 count in 2026; 2027 has no data: Fri Jan 1 and Mon Jan 4 count.
    with caplog.at_level(logging.WARNING, logger="services.calendar"):
        result = calendar.deadline_after_working_days(date(2026, 12, 28), 5, calendar=cal)
    assert (result.due_date, result.provisional, result.uncovered_years) == (date(2027, 1, 4), True, (2027,))
    assert caplog.records
    inside = calendar.deadline_after_working_days(date(2026, 12, 1), 5, calendar=cal)
    assert not inside.provisional


def test_a_period_ending_before_the_uncovered_year_is_final(tmp_path: Path) -> None:
    write_year(tmp_path, 2026)
    cal = WorkingDayCalendar.from_sources(tmp_path, use_package=False)
    assert not calendar.deadline_after_natural_days(date(2026, 12, 20), 10, calendar=cal).provisional


def test_a_data_file_overrides_the_package_for_its_year(tmp_path: Path) -> None:
    write_year(tmp_path, 2026, extra_days_off=[date(2026, 11, 12)])
    cal = WorkingDayCalendar.from_sources(tmp_path)
    assert calendar.deadline_after_working_days(date(2026, 9, 25), 30, calendar=cal).due_date == date(
        2026, 11, 13
    )
    assert calendar.deadline_after_working_days(date(2025, 9, 25), 30).due_date == oracle_working_deadline(
        date(2025, 9, 25), 30
    )
    sources = {c.year: c.source for c in cal.coverage()}
    assert sources[2026] is Source.FILE_OVERRIDES_PACKAGE and sources[2025] is Source.PACKAGE


def test_a_data_file_adds_a_year(tmp_path: Path) -> None:
    (tmp_path / "2027.yaml").write_text(
        "year: 2027\nnotice: test data\nholidays:\n  - {name: 元旦, from: 2027-01-01}\n"
        "workdays:\n  - {name: 春节, date: 2027-01-09}\n",
        encoding="utf-8",
    )
    cal = WorkingDayCalendar.from_sources(tmp_path)
    # Dec 29, 30, 31 (3); Jan 1 off; Jan 4 (4); Jan 5 (5).
    result = calendar.deadline_after_working_days(date(2026, 12, 28), 5, calendar=cal)
    assert (result.due_date, result.provisional) == (date(2027, 1, 5), False)
    assert cal.is_working_day(date(2027, 1, 9)) and cal.holiday_name(date(2027, 1, 1)) == "元旦"
    assert {c.year: c.source for c in cal.coverage()}[2027] is Source.FILE


BAD_FILES = [
    ("holidays: []\nworkdays: []\n", "(document)", "'year' is a required property"),
    ("year: 2027\nholidays: []\nworkdays: []\nextra: 1\n", "(document)", "extra"),
    (
        "year: 2027\nholidays:\n  - {name: x, from: 2027-02-30}\nworkdays: []\n",
        "holidays[0].from",
        "not a valid date",
    ),
    (
        "year: 2027\nholidays:\n  - {name: x, from: 27-1-1}\nworkdays: []\n",
        "holidays[0].from",
        "does not match",
    ),
    (
        "year: 2027\nholidays:\n  - {name: x, from: 2026-12-31}\nworkdays: []\n",
        "holidays[0].from",
        "outside year 2027",
    ),
    (
        "year: 2027\nholidays:\n  - {name: x, from: 2027-02-03, to: 2027-02-01}\nworkdays: []\n",
        "holidays[0].to",
        "before",
    ),
    (
        "year: 2027\nholidays:\n  - {name: x, from: 2027-02-01, to: 2027-02-03}\nworkdays:\n"
        "  - {name: y, date: 2027-02-02}\n",
        "workdays[0].date",
        "also listed as a holiday",
    ),
    (
        "year: 2027\nholidays: []\nworkdays:\n  - {date: 2027-02-06}\n",
        "workdays[0]",
        "'name' is a required property",
    ),
    ("year: '2027'\nholidays: []\nworkdays: []\n", "year", "not of type 'integer'"),
    ("year: [2027\n", "(document)", "flow sequence"),
]


@pytest.mark.parametrize(("text", "field", "problem"), BAD_FILES)
def test_a_bad_data_file_is_named_with_its_field(tmp_path: Path, text: str, field: str, problem: str) -> None:
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(HolidayFileError) as exc:
        WorkingDayCalendar.from_sources(tmp_path)
    assert exc.value.fields["field"] == field
    assert "bad.yaml" in str(exc.value) and problem in str(exc.value)


def test_two_files_for_one_year_are_refused(tmp_path: Path) -> None:
    write_year(tmp_path, 2026, name="a.yaml")
    write_year(tmp_path, 2026, name="b.yaml")
    with pytest.raises(HolidayFileError, match=r"b\.yaml: year: year 2026 is already listed in .*a\.yaml"):
        WorkingDayCalendar.from_sources(tmp_path)


def test_the_shipped_data_files_are_valid() -> None:
    shipped = Path(__file__).resolve().parents[3] / "data" / "holidays"
    cal = WorkingDayCalendar.from_sources(shipped)
    assert cal.covers(2026)
