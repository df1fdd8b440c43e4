"""第十七条–第二十条 branches: collection outcomes, returned applications, the city declining,
missed deadlines escalating, and a fund that is used up."""

from __future__ import annotations

from datetime import date, timedelta

from services import cases, fund
from services.embedded import staff, walk
from services.embedded.walk import today
from services.loans import EventKind
from tests.e2e.conftest import StackFactory

LOAN = "XDT-GZRCB-2025-0001"  # 钟秀英, 50 000.00 yuan, GZRCB, 叶坪乡


def _to_application(stack: walk.EmbeddedStack, case: int, loan_no: str) -> None:
    walk.through_collection(stack, case)
    walk.onsite_and_lawsuit(stack, case)
    walk.judgment(stack, loan_no)


def test_full_repayment_during_collection_ends_the_case(open_stack: StackFactory) -> None:
    stack = open_stack("2026-03-02T09:00:00")
    case = walk.open_default(stack, LOAN)
    stack.advance(timedelta(days=5))
    walk.event(stack, EventKind.REPAYMENT_RECORDED, LOAN, amount_fen=1_000_000)
    assert not stack.completed(case)  # partly repaid: collection goes on
    stack.advance(timedelta(days=5))
    walk.event(stack, EventKind.REPAYMENT_RECORDED, LOAN, amount_fen=4_000_000)
    assert stack.completed(case)
    assert "End_Settled" in stack.visited(case)
    assert "Task_OnsiteConfirmation" not in stack.visited(case)


def test_loss_of_repayment_capacity_shortens_the_30_working_days(open_stack: StackFactory) -> None:
    stack = open_stack("2026-03-02T09:00:00")
    case = walk.open_default(stack, LOAN)
    stack.advance(timedelta(days=4))
    walk.event(stack, EventKind.REPAYMENT_CAPACITY_LOST, LOAN, reason="借款人重病住院，丧失劳动能力。")
    task = stack.task("Task_OnsiteConfirmation", process_instance_key=case)
    assert task.candidate_groups == ("bank:GZRCB", "township:YEPING")
    assert today(stack).isoformat() < stack.variables(case)["collectionDeadlineDate"]


def test_application_sent_back_at_initial_review_comes_back_for_review(open_stack: StackFactory) -> None:
    stack = open_stack("2026-03-02T09:00:00")
    case = walk.open_default(stack, LOAN)
    _to_application(stack, case, LOAN)
    walk.apply(stack, case)
    walk.review(stack, case, approved=False)
    assert "Task_NotifyReturned" in stack.visited(case)
    first = stack.variables(case)["compensationApplicationNo"]
    walk.apply(stack, case)
    assert stack.variables(case)["compensationApplicationNo"] != first  # a new application paper
    walk.review(stack, case)
    stack.task("Task_SubmitToCity", process_instance_key=case)


def test_city_government_declining_ends_without_payment(open_stack: StackFactory) -> None:
    stack = open_stack("2026-03-02T09:00:00")
    case = walk.open_default(stack, LOAN)
    _to_application(stack, case, LOAN)
    walk.apply(stack, case)
    walk.review(stack, case)
    walk.submit(stack, case)
    walk.city(stack, case, approved=False)
    assert stack.completed(case) and "End_CityDeclined" in stack.visited(case)
    with stack.db.session() as session:
        assert [p for p in fund.list_postings("GZRCB", session=session) if p.loan_no == LOAN] == []


def test_each_missed_deadline_escalates_and_the_task_stays_open(open_stack: StackFactory) -> None:
    stack = open_stack("2026-03-02T09:00:00")
    case = walk.open_default(stack, LOAN)
    _to_application(stack, case, LOAN)
    for task_id, deadline in (
        ("Task_ApplyCompensation", "applicationDeadline"),
        ("Task_InitialReview", "reviewDeadline"),
        ("Task_SubmitToCity", "submissionDeadline"),
    ):
        stack.advance(timedelta(days=12))  # well past 3, 5 and 2 working days
        escalations = stack.instances("deadline-escalation")
        assert escalations, f"{deadline} passed without escalation"
        latest = stack.variables(escalations[-1].key)
        assert latest["deadlineDate"] == stack.variables(case)[f"{deadline}Date"]
        assert latest["loanNo"] == LOAN
        supervise = stack.task("Task_SuperviseOverdue", process_instance_key=escalations[-1].key)
        assert supervise.candidate_groups == ("financial-bureau",)
        stack.complete("Task_SuperviseOverdue", staff.supervised(), process_instance_key=escalations[-1].key)
        day = today(stack)
        values = {
            "Task_ApplyCompensation": staff.compensation_applied(day),
            "Task_InitialReview": staff.reviewed(day),
            "Task_SubmitToCity": staff.submitted_to_city(day),
        }[task_id]
        stack.complete(task_id, values, process_instance_key=case)  # late, but still done
    assert len(stack.instances("deadline-escalation")) == 3
    with stack.db.session() as session:
        missed = cases.list_signals(session=session, loan_no=LOAN, source=cases.SignalSource.DEADLINE_MISSED)
    assert [s.grade.value for s in missed] == ["ORANGE"] * 3
    stack.task("Task_CityApproval", process_instance_key=case)


def test_a_used_up_fund_pays_what_it_has_and_records_the_uncovered_loss(open_stack: StackFactory) -> None:
    loan = "XDT-PSBC-2025-0001"  # 40 000.00 yuan; PSBC's demo fund holds 20 000.00
    stack = open_stack("2026-03-02T09:00:00")
    case = walk.open_default(stack, loan)
    _to_application(stack, case, loan)
    walk.apply(stack, case)
    walk.review(stack, case)
    walk.submit(stack, case)
    walk.city(stack, case)
    walk.prefecture(stack, case, loan)
    stack.task("Task_HandleFundExhausted", process_instance_key=case)
    facts = stack.variables(case)
    assert facts["compensationPaidFen"] == 2_000_000
    assert facts["uncoveredFen"] == facts["claimFen"] - 2_000_000 > 0
    stack.complete("Task_HandleFundExhausted", staff.fund_shortfall_handled(), process_instance_key=case)
    walk.book_repayment(stack, case)
    assert "Task_Blacklist" in stack.visited(case)
    with stack.db.session() as session:
        assert fund.balance("PSBC", session=session) == 0
        assert fund.reconcile(session) == []


def test_interest_unpaid_for_more_than_10_natural_days_opens_a_default_case(open_stack: StackFactory) -> None:
    stack = open_stack("2026-03-20T09:00:00")
    watch = stack.start(
        "loan-interest-watch", walk.loan_vars(stack, LOAN) | {"interestDueDate": "2026-03-20"}
    )
    assert stack.variables(watch)["interestDeadlineDate"] == "2026-03-30"
    stack.advance(timedelta(days=9))
    assert stack.instances(walk.DEFAULT, loan_no=LOAN) == []
    stack.advance(timedelta(days=2))
    (case,) = stack.instances(walk.DEFAULT, loan_no=LOAN)
    facts = stack.variables(case.key)
    assert (facts["trigger"], facts["triggerDate"]) == ("INTEREST_OVERDUE_10_DAYS", "2026-03-30")


def test_interest_paid_within_10_days_ends_the_watch(open_stack: StackFactory) -> None:
    stack = open_stack("2026-03-20T09:00:00")
    watch = stack.start(
        "loan-interest-watch", walk.loan_vars(stack, LOAN) | {"interestDueDate": "2026-03-20"}
    )
    stack.advance(timedelta(days=4))
    walk.event(stack, EventKind.INTEREST_PAID, LOAN, amount_fen=54_375, due_date=date(2026, 3, 20))
    assert stack.completed(watch) and "End_InterestPaid" in stack.visited(watch)
    stack.advance(timedelta(days=20))
    assert stack.instances(walk.DEFAULT, loan_no=LOAN) == []


def test_prefecture_rejection_ends_without_payment(open_stack: StackFactory) -> None:
    stack = open_stack("2026-03-02T09:00:00")
    case = walk.open_default(stack, LOAN)
    _to_application(stack, case, LOAN)
    walk.apply(stack, case)
    walk.review(stack, case)
    walk.submit(stack, case)
    walk.city(stack, case)
    walk.prefecture(stack, case, LOAN, approved=False)
    assert stack.completed(case) and "End_PrefectureRejected" in stack.visited(case)
    with stack.db.session() as session:
        assert [p for p in fund.list_postings("GZRCB", session=session) if p.loan_no == LOAN] == []
