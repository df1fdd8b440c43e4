"""Statutory periods on the timers: the Spring Festival, and a year without holiday data."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from services.calendar import deadline_after_working_days
from services.embedded import walk
from tests.e2e.conftest import StackFactory

LOAN = "XDT-GZRCB-2025-0001"


def test_thirty_working_days_across_the_spring_festival(open_stack: StackFactory) -> None:
    stack = open_stack("2026-01-26T09:00:00")
    case = walk.open_default(stack, LOAN)
    facts = stack.variables(case)
    expected = deadline_after_working_days(date(2026, 1, 26), 30)
    assert facts["collectionDeadlineDate"] == expected.due_date.isoformat() == "2026-03-13"
    assert facts["collectionDeadlineProvisional"] is False
    # Weekdays alone would end on 2026-03-09: the festival days off and the make-up days count.
    deadline = datetime.fromisoformat(facts["collectionDeadline"])
    stack.advance_to(deadline - timedelta(minutes=1))
    assert stack.open_tasks(process_instance_key=case) == []
    stack.advance_to(deadline + timedelta(minutes=1))
    stack.task("Task_OnsiteConfirmation", process_instance_key=case)


def test_a_period_into_a_year_without_holiday_data_is_provisional_and_still_fires(
    open_stack: StackFactory,
) -> None:
    stack = open_stack("2026-12-10T09:00:00")
    case = walk.open_default(stack, LOAN)
    facts = stack.variables(case)
    assert facts["collectionDeadlineProvisional"] is True
    assert facts["collectionDeadlineDate"].startswith("2027-01")
    walk.through_collection(stack, case)
    stack.task("Task_OnsiteConfirmation", process_instance_key=case)
