"""``xdt.calendar.deadline``: the end of a statutory period, fed to a timer on the diagram.

Headers: ``result`` (variable name), and ``workingDays`` or ``naturalDays``. Input: ``eventDate``.
Writes ``<result>`` (the instant the period has run out, 24:00 of its last day, Asia/Shanghai,
as an ISO date-time a FEEL timer accepts), ``<result>Date`` and ``<result>Provisional`` (the
period reaches into a year without holiday data and was counted on weekends only).
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pyzeebe import Job, ZeebeTaskRouter

from services.calendar import deadline_after_natural_days, deadline_after_working_days
from workers.context import WorkerContext
from workers.dates import BusinessDate
from workers.jobs import JobInputInvalid, header, optional_header, variables

MAX_PERIOD_DAYS = 3660


class _Input(BaseModel):
    model_config = ConfigDict(extra="ignore")
    event_date: BusinessDate = Field(alias="eventDate")


def _period(job: Job) -> tuple[str, int]:
    working = optional_header(job, "workingDays")
    natural = optional_header(job, "naturalDays")
    if (working is None) == (natural is None):
        raise JobInputInvalid(
            f"{job.type} at {job.element_id}: set exactly one of the headers workingDays and naturalDays"
        )
    unit, text = ("working", working) if working is not None else ("natural", natural)
    assert text is not None
    if not text.isdigit() or not 0 < int(text) <= MAX_PERIOD_DAYS:
        raise JobInputInvalid(
            f"{job.type} at {job.element_id}: {unit}Days must be a whole number of days "
            f"from 1 to {MAX_PERIOD_DAYS}, got {text!r}"
        )
    return unit, int(text)


def compute_deadline(job: Job) -> dict[str, Any]:
    """The variables a deadline job returns (pure: no database, no clock)."""
    result = header(job, "result")
    unit, days = _period(job)
    event_date = variables(job, _Input).event_date
    count = deadline_after_working_days if unit == "working" else deadline_after_natural_days
    deadline = count(event_date, days)
    return {
        result: deadline.due_at.isoformat(),
        f"{result}Date": deadline.due_date.isoformat(),
        f"{result}Provisional": deadline.provisional,
    }


def router(ctx: WorkerContext) -> ZeebeTaskRouter:
    routes = ZeebeTaskRouter()

    @routes.task(task_type="xdt.calendar.deadline")
    def deadline(job: Job) -> dict[str, Any]:
        return compute_deadline(job)

    return routes
