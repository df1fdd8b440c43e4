"""A worker killed in the middle of the payment order: the job comes back, exactly one posting."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from engine.query import JobState
from services import fund
from services.embedded import walk
from services.loans import EventCreate, EventKind
from services.settings import PROJECT_ROOT
from tests.e2e.conftest import StackFactory

LOAN = "XDT-GZRCB-2025-0001"


def test_worker_killed_after_the_posting_leaves_exactly_one_posting(open_stack: StackFactory) -> None:
    families = ["calendar", "documents", "loans", "risk", "blacklist", "notifications"]
    stack = open_stack("2026-03-02T09:00:00", worker_families=families)
    case = walk.open_default(stack, LOAN)
    walk.through_collection(stack, case)
    walk.onsite_and_lawsuit(stack, case)
    walk.judgment(stack, LOAN)
    walk.apply(stack, case)
    walk.review(stack, case)
    walk.submit(stack, case)
    walk.city(stack, case)

    doomed = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("doomed_fund_worker.py")),
            stack.server.address,
            stack.db.url,
        ],
        cwd=PROJECT_ROOT,
    )
    try:
        stack.advance(timedelta(days=20))
        claim = stack.variables(case)["claimFen"]
        result = EventCreate(loan_no=LOAN, event_date=walk.today(stack), approved=True, amount_fen=claim)
        stack.report(EventKind.PREFECTURE_REVIEW_RESULT, result, settle=False)
    except Exception:
        doomed.kill()
        raise
    assert doomed.wait(timeout=60) == -9
    with stack.db.session() as session:
        assert _compensations(session) == [-claim]
    (job,) = stack.engine.jobs(process_instance_key=case, job_type="xdt.fund.compensate").items
    assert job.state == JobState.ACTIVATED and job.worker == "doomed"

    stack.start_workers(["fund"])
    stack.advance(timedelta(minutes=2), settle=False)  # the job's 60 s time-out passes
    stack.settle()
    stack.task("Task_BookRepayment", process_instance_key=case)
    assert stack.variables(case)["compensationPaidFen"] == claim
    with stack.db.session() as session:
        assert _compensations(session) == [-claim]
        assert fund.reconcile(session) == []


def _compensations(session: object) -> list[int]:
    postings = fund.list_postings("GZRCB", session=session)  # type: ignore[arg-type]
    return [p.amount_fen for p in postings if p.kind.value == "COMPENSATION"]
