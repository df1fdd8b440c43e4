"""The ``xdt.loans.*`` and ``xdt.risk.*`` task functions, called as pyzeebe would call them with a
``Job``: returned variables, and a re-run of the same job returning the same ids without new rows."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from pyzeebe import Job
from sqlalchemy import func, select

from services import cases
from services.cases.tables import DefaultCaseRow, RiskSignalRow
from services.clock import FixedClock
from services.db import Database
from services.errors import ValidationFailed
from tests.services.cases.factories import World, make_world
from workers import loans as loan_workers
from workers import risk as risk_workers
from workers.context import WorkerContext
from workers.jobs import JobInputInvalid

TaskFunction = Callable[[Job], dict[str, Any]]
_keys = itertools.count(2_251_799_813_685_249)


def job(task_type: str, variables: dict[str, Any], *, element_instance_key: int | None = None) -> Job:
    """A job as the gateway hands it out; ``element_instance_key`` fixed makes a re-run."""
    return Job(
        key=next(_keys),
        type=task_type,
        process_instance_key=2_251_799_813_685_000,
        bpmn_process_id="test-process",
        process_definition_version=1,
        process_definition_key=2_251_799_813_684_000,
        element_id="Task_Under_Test",
        element_instance_key=element_instance_key or next(_keys),
        custom_headers={},
        worker="test-worker",
        retries=3,
        deadline=0,
        variables=variables,
    )


@pytest.fixture
def world(db: Database, clock: FixedClock) -> World:
    return make_world(db, clock)


@pytest.fixture
def tasks(db: Database, clock: FixedClock) -> dict[str, TaskFunction]:
    ctx = WorkerContext(db=db, clock=clock)
    routers = [loan_workers.router(ctx), risk_workers.router(ctx)]
    found = {task.type: task for r in routers for task in r.tasks}
    # pyzeebe passes the Job only to a parameter annotated with its Job class itself.
    assert {task.config.job_parameter_name for task in found.values()} == {"job"}
    return {name: task.original_function for name, task in found.items()}


def _count(db: Database, table: type[DefaultCaseRow] | type[RiskSignalRow]) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count(table.id))) or 0)


def test_the_routers_serve_the_documented_job_types(tasks: dict[str, TaskFunction]) -> None:
    assert set(tasks) == {
        "xdt.loans.open-default-case",
        "xdt.loans.check-repaid",
        "xdt.loans.compute-claim",
        "xdt.loans.plan-inspection",
        "xdt.loans.portfolio-summary",
        "xdt.risk.register-signal",
        "xdt.risk.deadline-missed",
        "xdt.risk.report-findings",
    }


def test_open_default_case_hands_over_the_loan_and_a_rerun_opens_nothing(
    world: World, tasks: dict[str, TaskFunction]
) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
        world.repay(s, loan.loan_no, date(2026, 4, 15), 1_000_000)
    open_case = tasks["xdt.loans.open-default-case"]
    given = {"loanNo": loan.loan_no, "trigger": "UNPAID_AT_MATURITY", "triggerDate": "2026-07-01"}
    first = job("xdt.loans.open-default-case", given, element_instance_key=77)
    out = open_case(first)
    assert out == {
        "borrowerName": loan.borrower.name,
        "principalFen": 5_000_000,
        "outstandingPrincipalFen": 4_000_000,
        "defaultCaseId": out["defaultCaseId"],
    }
    assert open_case(job("xdt.loans.open-default-case", given, element_instance_key=77)) == out
    # Another process reaching the same loan's default gets the same open case.
    other = dict(given, trigger="DEATH_OR_MISSING", triggerDate="2026-07-02T10:00:00+08:00")
    assert open_case(job("xdt.loans.open-default-case", other))["defaultCaseId"] == out["defaultCaseId"]
    assert _count(world.db, DefaultCaseRow) == 1


def test_bad_job_variables_fail_the_job_naming_the_variable(
    world: World, tasks: dict[str, TaskFunction]
) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
    open_case = tasks["xdt.loans.open-default-case"]
    with pytest.raises(JobInputInvalid, match="trigger"):
        open_case(job("t", {"loanNo": loan.loan_no, "trigger": "LATE", "triggerDate": "2026-07-01"}))
    with pytest.raises(JobInputInvalid, match="triggerDate"):
        open_case(job("t", {"loanNo": loan.loan_no, "trigger": "UNPAID_AT_MATURITY"}))
    with pytest.raises(JobInputInvalid, match="loanNo"):
        tasks["xdt.loans.check-repaid"](job("t", {}))
    with pytest.raises(JobInputInvalid, match="inspectionResults"):
        tasks["xdt.risk.report-findings"](job("t", {"inspectionResults": "YEPING"}))
    assert _count(world.db, DefaultCaseRow) == 0


def test_check_repaid_and_compute_claim(world: World, tasks: dict[str, TaskFunction]) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
        world.interest_paid(s, loan.loan_no, date(2026, 3, 21), 54_375)
        world.repay(s, loan.loan_no, date(2026, 4, 15), 1_000_000)
    assert tasks["xdt.loans.check-repaid"](job("t", {"loanNo": loan.loan_no})) == {
        "loanSettled": False,
        "outstandingPrincipalFen": 4_000_000,
    }
    given = {"loanNo": loan.loan_no, "trigger": "INTEREST_OVERDUE_10_DAYS", "triggerDate": "2026-07-01"}
    tasks["xdt.loans.open-default-case"](job("t", given))
    with world.db.session() as s:
        world.repay(s, loan.loan_no, date(2026, 8, 10), 500_000, 20_000)
    # The worked example of docs/cases.md, as of the clock's business day (2026-09-25).
    assert tasks["xdt.loans.compute-claim"](job("t", {"loanNo": loan.loan_no})) == {
        "principalLossFen": 4_000_000,
        "interestLossFen": 49_300,
        "earlierRecoveriesFen": 520_000,
        "claimFen": 3_529_300,
    }


def test_plan_inspection_and_portfolio_summary(world: World, tasks: dict[str, TaskFunction]) -> None:
    with world.db.session() as s:
        world.loan(s)
        world.loan(s, township_code="SHAZHOUBA", bank_code="ABC", principal_fen=1_000_000)
    assert tasks["xdt.loans.plan-inspection"](job("t", {})) == {"townships": ["SHAZHOUBA", "YEPING"]}
    portfolio = tasks["xdt.loans.portfolio-summary"](job("t", {}))["portfolio"]
    assert (portfolio["asOf"], portfolio["loanCount"], portfolio["principalFen"]) == (
        "2026-09-25",
        2,
        6_000_000,
    )
    assert [b["loanCount"] for b in portfolio["byBank"]] == [1, 1]


def test_register_signal_from_the_message_and_grading_variables(
    world: World, tasks: dict[str, TaskFunction]
) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
    given = {
        "loanNo": loan.loan_no,
        "bankCode": "GZRCB",
        "townshipCode": "YEPING",
        "signalCategory": "DEATH_OR_MISSING",
        "signalDescription": "借款人失联",
        "signalDate": "2026-09-20",
        "overdueDays": 0,
        "amountAtRiskFen": 5_000_000,
        "grade": "RED",
        "defaultTrigger": "DEATH_OR_MISSING",
    }
    register = tasks["xdt.risk.register-signal"]
    out = register(job("t", given, element_instance_key=88))
    assert register(job("t", given, element_instance_key=88)) == out
    with world.db.session() as s:
        [signal] = cases.list_signals(session=s)
    assert signal.signal_id == out["signalId"]
    assert (signal.grade, signal.default_trigger, signal.description) == (
        "RED",
        "DEATH_OR_MISSING",
        "借款人失联",
    )
    assert signal.detail == {
        "bankCode": "GZRCB",
        "townshipCode": "YEPING",
        "overdueDays": 0,
        "amountAtRiskFen": 5_000_000,
    }
    yellow = dict(given, signalCategory="OTHER", grade="YELLOW", defaultTrigger=None, loanNo=loan.loan_no)
    assert register(job("t", yellow))["signalId"] != out["signalId"]
    with pytest.raises(ValidationFailed, match="loan_no"):
        register(job("t", dict(given, loanNo="NOPE")))
    assert _count(world.db, RiskSignalRow) == 2


def test_deadline_missed_without_a_loan(world: World, tasks: dict[str, TaskFunction]) -> None:
    given = {
        "deadlineName": "代偿初审",
        "deadlineDate": "2026-09-22",
        "deadlineProvisional": False,
        "responsible": "finance",
    }
    missed = tasks["xdt.risk.deadline-missed"]
    out = missed(job("t", given, element_instance_key=99))
    assert missed(job("t", given, element_instance_key=99)) == out
    with world.db.session() as s:
        [signal] = cases.list_signals(session=s)
    assert (signal.signal_id, signal.grade, signal.loan_no) == (out["signalId"], "ORANGE", None)
    assert signal.detail["responsible"] == "finance"


def test_report_findings_returns_the_signal_ids_and_a_rerun_the_same(
    world: World, tasks: dict[str, TaskFunction]
) -> None:
    with world.db.session() as s:
        a, b = world.loan(s), world.loan(s, township_code="SHAZHOUBA")
    given = {
        "inspectionResults": [
            {"township": "YEPING", "findings": "贷款用于购置家电", "flaggedLoans": a.loan_no},
            {"township": "SHAZHOUBA", "findings": "经营困难", "flaggedLoans": f"{b.loan_no}，"},
        ]
    }
    report = tasks["xdt.risk.report-findings"]
    out = report(job("t", given, element_instance_key=111))
    assert len(out["reportedSignals"]) == 2
    assert report(job("t", given, element_instance_key=111)) == out
    assert _count(world.db, RiskSignalRow) == 2
    assert report(job("t", {"inspectionResults": []})) == {"reportedSignals": []}
