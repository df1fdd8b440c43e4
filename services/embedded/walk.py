"""Walking a loan through the processes as the people of DESIGN.md §1 would: bank staff, the
township station, 市财政局/市扶贫办, the city government and the prefecture, each acting a few
days after the step before, with the engine clock moved in between."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from engine.query import ElementState
from services import loans
from services.clock import SHANGHAI, business_today
from services.embedded import staff
from services.embedded.stack import EmbeddedStack, Stuck
from services.loans import EventCreate, EventKind

DEFAULT = "loan-default-compensation"
MATURITY = "loan-maturity-reminder"
_SHOWN = {
    "SERVICE_TASK",
    "USER_TASK",
    "RECEIVE_TASK",
    "INTERMEDIATE_CATCH_EVENT",
    "CALL_ACTIVITY",
    "END_EVENT",
}


def today(stack: EmbeddedStack) -> date:
    return business_today(stack.clock)


def at(day: date, hour: int = 9) -> datetime:
    """``hour`` o'clock on ``day`` in Asia/Shanghai."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def loan_vars(stack: EmbeddedStack, loan_no: str) -> dict[str, Any]:
    with stack.db.session() as session:
        return loans.loan_variables(loans.get_loan(loan_no, session=session))


def open_default(stack: EmbeddedStack, loan_no: str, trigger: str = "UNPAID_AT_MATURITY") -> int:
    """Start a default case directly, as a red risk signal or the maturity watch does."""
    v = loan_vars(stack, loan_no)
    variables = {"loanNo": loan_no, "bankCode": v["bankCode"], "townshipCode": v["townshipCode"]}
    return stack.start(DEFAULT, variables | {"trigger": trigger, "triggerDate": today(stack).isoformat()})


def event(stack: EmbeddedStack, kind: EventKind, loan_no: str, **fields: Any) -> None:
    """Report an external event dated today."""
    stack.report(kind, EventCreate(loan_no=loan_no, event_date=today(stack), **fields))


def through_collection(stack: EmbeddedStack, case: int) -> None:
    """Let the 30 working days of joint collection run out."""
    deadline = datetime.fromisoformat(stack.variables(case)["collectionDeadline"])
    stack.advance_to(deadline + timedelta(hours=9))


def onsite_and_lawsuit(stack: EmbeddedStack, case: int) -> None:
    stack.complete("Task_OnsiteConfirmation", staff.onsite_confirmed(today(stack)), process_instance_key=case)
    stack.advance(timedelta(days=3))
    stack.complete("Task_FileLawsuit", staff.lawsuit_filed(today(stack)), process_instance_key=case)


def judgment(stack: EmbeddedStack, loan_no: str, *, after: timedelta = timedelta(days=75)) -> None:
    stack.advance(after)
    event(stack, EventKind.JUDGMENT_EFFECTIVE, loan_no, case_no=f"（{today(stack).year}）赣0781民初123号")


def apply(stack: EmbeddedStack, case: int, *, after: timedelta = timedelta(days=1)) -> None:
    stack.advance(after)
    stack.complete(
        "Task_ApplyCompensation", staff.compensation_applied(today(stack)), process_instance_key=case
    )


def review(
    stack: EmbeddedStack, case: int, *, approved: bool = True, after: timedelta = timedelta(days=2)
) -> None:
    stack.advance(after)
    stack.complete(
        "Task_InitialReview", staff.reviewed(today(stack), approved=approved), process_instance_key=case
    )


def submit(stack: EmbeddedStack, case: int, *, after: timedelta = timedelta(days=1)) -> None:
    stack.advance(after)
    stack.complete("Task_SubmitToCity", staff.submitted_to_city(today(stack)), process_instance_key=case)


def city(stack: EmbeddedStack, case: int, *, approved: bool = True) -> None:
    stack.advance(timedelta(days=5))
    stack.complete(
        "Task_CityApproval", staff.city_decided(today(stack), approved=approved), process_instance_key=case
    )


def prefecture(stack: EmbeddedStack, case: int, loan_no: str, *, approved: bool = True) -> None:
    stack.advance(timedelta(days=20))
    if approved:
        claim = stack.variables(case)["claimFen"]
        event(stack, EventKind.PREFECTURE_REVIEW_RESULT, loan_no, approved=True, amount_fen=claim)
    else:
        event(stack, EventKind.PREFECTURE_REVIEW_RESULT, loan_no, approved=False, reason="损失认定依据不足。")


def book_repayment(stack: EmbeddedStack, case: int) -> None:
    stack.advance(timedelta(days=1))
    stack.complete("Task_BookRepayment", staff.repayment_booked(today(stack)), process_instance_key=case)


@dataclass
class Step:
    """One step of a case as ops see it: when it ended, and its statutory deadline if it has one."""

    process: str
    element_id: str
    name: str
    ended: datetime | None
    due: datetime | None = None

    @property
    def met(self) -> bool | None:
        if self.due is None or self.ended is None:
            return None
        return self.ended <= self.due


@dataclass
class CaseWalk:
    """The outcome of walking one loan from maturity to the end of recovery."""

    loan_no: str
    watch: int
    case: int | None = None
    steps: list[Step] = field(default_factory=list)


def walk_to_compensation(stack: EmbeddedStack, loan_no: str, *, recovered_fen: int = 1_200_000) -> CaseWalk:
    """From registration through maturity, default, compensation, recovery and closing.

    Raises:
        Stuck: a step did not happen (an incident, or a task or instance that never appeared).
    """
    v = loan_vars(stack, loan_no)
    walk = CaseWalk(loan_no, stack.start(MATURITY, v))
    maturity = date.fromisoformat(v["maturityDate"])
    stack.advance_to(at(maturity - timedelta(days=28), 10))
    stack.complete(
        "Task_DeliverReminder", staff.reminder_delivered(today(stack)), process_instance_key=walk.watch
    )
    stack.advance_to(at(maturity + timedelta(days=1), 10))
    cases = stack.instances(DEFAULT, loan_no=loan_no)
    if len(cases) != 1:
        raise Stuck(f"expected one default case for {loan_no} after maturity, found {len(cases)}")
    case = walk.case = cases[0].key
    through_collection(stack, case)
    onsite_and_lawsuit(stack, case)
    judgment(stack, loan_no)
    apply(stack, case)
    review(stack, case)
    submit(stack, case)
    city(stack, case)
    prefecture(stack, case, loan_no)
    book_repayment(stack, case)
    event(stack, EventKind.RECOVERY_RECEIVED, loan_no, amount_fen=recovered_fen, reference="REC-0001")
    stack.advance(timedelta(days=10))
    event(stack, EventKind.RECOVERY_CLOSED, loan_no, reason="借款人名下无其他可执行财产，终结追偿。")
    steps = timeline(stack, walk.watch) + timeline(stack, case)
    walk.steps = sorted(steps, key=lambda s: (s.ended is None, s.ended))
    return walk


def timeline(stack: EmbeddedStack, process_instance_key: int) -> list[Step]:
    """The instance's completed steps in order, each user task with the due date it carried."""
    process = stack.instance(process_instance_key).bpmn_process_id
    due = {
        t.element_instance_key: t.due_date
        for t in stack.engine.user_tasks(process_instance_key=process_instance_key).items
    }
    steps = []
    for e in sorted(
        stack.engine.element_instances(process_instance_key, limit=1000).items, key=lambda e: e.key
    ):
        if e.element_type in _SHOWN and e.state == ElementState.COMPLETED:
            steps.append(
                Step(process, e.element_id, e.element_name or e.element_id, e.end_date, due.get(e.key))
            )
    return steps
