"""Statutory deadlines and holiday-data coverage over HTTP."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from services import calendar
from services.errors import ValidationFailed

router = APIRouter(prefix="/api/calendar", tags=["calendar"])


def _deadline_json(result: calendar.Deadline) -> dict[str, Any]:
    return {
        "event_date": result.event_date.isoformat(),
        "days": result.days,
        "unit": result.unit.value,
        "due_date": result.due_date.isoformat(),
        "due_at": result.due_at.isoformat(),
        "provisional": result.provisional,
        "rolled_from": result.rolled_from.isoformat() if result.rolled_from else None,
        "uncovered_years": list(result.uncovered_years),
        "basis": result.basis,
    }


@router.get("/deadline")
def deadline(
    event_date: Annotated[
        date, Query(alias="from", description="Day of the triggering event (not counted).")
    ],
    working_days: Annotated[int | None, Query(ge=1)] = None,
    natural_days: Annotated[int | None, Query(ge=1)] = None,
) -> dict[str, Any]:
    """The last day of a period of ``working_days`` or ``natural_days`` after ``from``."""
    if (working_days is None) == (natural_days is None):
        raise ValidationFailed("give exactly one of working_days or natural_days", field="working_days")
    if working_days is not None:
        return _deadline_json(calendar.deadline_after_working_days(event_date, working_days))
    assert natural_days is not None
    return _deadline_json(calendar.deadline_after_natural_days(event_date, natural_days))


@router.get("/years")
def years() -> list[dict[str, Any]]:
    """Covered years and the source of each (package, file, file-overrides-package)."""
    return [
        {"year": c.year, "source": c.source.value, "file": str(c.path) if c.path else None}
        for c in calendar.default_calendar().coverage()
    ]
