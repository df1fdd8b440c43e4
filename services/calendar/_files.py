"""Holiday data files (``data/holidays/*.yaml``), validated against their JSON schema at load.

YAML dates are read as plain strings (the timestamp resolver is removed) so that a date such as
``2027-02-30`` reaches our own parser and is reported with its file and field, not as a YAML crash.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from services.calendar._schedule import YearSchedule
from services.errors import ValidationFailed
from services.settings import PROJECT_ROOT

SCHEMA_PATH = PROJECT_ROOT / "data" / "holidays" / "holidays.schema.json"


class HolidayFileError(ValidationFailed):
    """A holiday data file that cannot be used; names the file and the field."""

    def __init__(self, *, path: Path, field: str, problem: str) -> None:
        super().__init__(f"{path}: {field}: {problem}", path=str(path), field=field, problem=problem)


class _StringDateLoader(yaml.SafeLoader):
    """Safe loader that leaves dates as strings."""


_StringDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator: jsonschema.protocols.Validator = cls(schema)
    return validator


def _field_path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def _parse_date(path: Path, field: str, text: str, year: int) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise HolidayFileError(path=path, field=field, problem=f"{text!r} is not a valid date") from exc
    if day.year != year:
        raise HolidayFileError(path=path, field=field, problem=f"{day} is outside year {year}")
    return day


def _holidays(path: Path, doc: dict[str, Any], year: int) -> dict[date, str]:
    days: dict[date, str] = {}
    for i, item in enumerate(doc["holidays"]):
        first = _parse_date(path, f"holidays[{i}].from", item["from"], year)
        last = _parse_date(path, f"holidays[{i}].to", item.get("to", item["from"]), year)
        if last < first:
            raise HolidayFileError(path=path, field=f"holidays[{i}].to", problem=f"{last} is before {first}")
        while first <= last:
            days[first] = item["name"]
            first += timedelta(days=1)
    return days


def _workdays(path: Path, doc: dict[str, Any], year: int, holidays: dict[date, str]) -> dict[date, str]:
    days: dict[date, str] = {}
    for i, item in enumerate(doc["workdays"]):
        field = f"workdays[{i}].date"
        day = _parse_date(path, field, item["date"], year)
        if day in holidays:
            raise HolidayFileError(path=path, field=field, problem=f"{day} is also listed as a holiday")
        days[day] = item["name"]
    return days


def load_holiday_file(path: Path) -> YearSchedule:
    """Read and validate one file.

    Raises:
        HolidayFileError: The file is unreadable, is not YAML, breaks the schema, or lists a date
            that does not exist, lies outside its year, or is both a holiday and a working day.
    """
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_StringDateLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise HolidayFileError(path=path, field="(document)", problem=str(exc)) from exc
    error = jsonschema.exceptions.best_match(_validator().iter_errors(doc))
    if error is not None:
        raise HolidayFileError(path=path, field=_field_path(error.absolute_path), problem=error.message)
    year = int(doc["year"])
    holidays = _holidays(path, doc, year)
    return YearSchedule(
        year=year, holidays=holidays, workdays=_workdays(path, doc, year, holidays), path=path
    )


def load_holiday_files(directory: Path) -> dict[int, YearSchedule]:
    """Every ``*.yaml``/``*.yml`` file in ``directory`` (missing directory: none), keyed by year.

    Raises:
        HolidayFileError: A file is invalid, or two files list the same year.
    """
    if not directory.is_dir():
        return {}
    schedules: dict[int, YearSchedule] = {}
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
        schedule = load_holiday_file(path)
        earlier = schedules.get(schedule.year)
        if earlier is not None:
            raise HolidayFileError(
                path=path, field="year", problem=f"year {schedule.year} is already listed in {earlier.path}"
            )
        schedules[schedule.year] = schedule
    return schedules
