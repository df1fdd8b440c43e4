"""第十条, 第六条 and 第十二条–第十四条: graded risk signals and the half-yearly cycles."""

from __future__ import annotations

from datetime import timedelta

from services.embedded import staff, walk
from services.embedded.walk import today
from services.loans import EventKind
from tests.e2e.conftest import StackFactory

LOAN = "XDT-ABC-2025-0001"  # 谢长福, ABC, 云石山乡


def _signal(stack: walk.EmbeddedStack, category: str, **fields: object) -> int:
    walk.event(
        stack, EventKind.RISK_SIGNAL_REPORTED, LOAN, category=category, reason="走访发现异常。", **fields
    )
    (latest,) = stack.instances("risk-signal")[-1:]
    return latest.key


def _through_review(stack: walk.EmbeddedStack, signal: int, *, open_default_case: bool) -> None:
    for _ in range(3):  # 市财政局, 市扶贫办, 市金融局 each review
        task = stack.open_tasks(process_instance_key=signal)[0]
        assert task.element_id == "Task_DepartmentReview"
        stack.engine.complete_user_task(task.key, staff.department_reviewed())
        stack.settle()
    stack.complete(
        "Task_LeaderInstruction",
        staff.leader_instructed(open_default_case=open_default_case),
        process_instance_key=signal,
    )
    stack.complete("Task_OrganiseMeasures", staff.measures_organised(), process_instance_key=signal)


def test_a_red_signal_goes_to_the_departments_and_the_leader_and_opens_a_default_case(
    open_stack: StackFactory,
) -> None:
    stack = open_stack("2026-04-01T09:00:00")
    signal = _signal(stack, "DEATH_OR_MISSING")
    facts = stack.variables(signal)
    assert (facts["grade"], facts["defaultTrigger"]) == ("RED", "DEATH_OR_MISSING")
    assert facts["riskWarningNo"] and facts["signalId"]
    _through_review(stack, signal, open_default_case=True)
    (case,) = stack.instances(walk.DEFAULT, loan_no=LOAN)
    assert stack.variables(case.key)["trigger"] == "DEATH_OR_MISSING"
    assert case.parent_process_instance_key == signal


def test_an_orange_signal_is_reviewed_and_handled_without_a_default_case(open_stack: StackFactory) -> None:
    stack = open_stack("2026-04-01T09:00:00")
    signal = _signal(stack, "OPERATING_DIFFICULTY", amount_fen=100_000)
    assert stack.variables(signal)["grade"] == "ORANGE"
    _through_review(stack, signal, open_default_case=False)
    assert stack.completed(signal) and "End_Handled" in stack.visited(signal)
    assert stack.instances(walk.DEFAULT, loan_no=LOAN) == []


def test_a_yellow_signal_stays_with_the_bank(open_stack: StackFactory) -> None:
    stack = open_stack("2026-04-01T09:00:00")
    signal = _signal(stack, "OTHER")
    assert stack.variables(signal)["grade"] == "YELLOW"
    task = stack.task("Task_BankMeasures", process_instance_key=signal)
    assert task.candidate_groups == ("bank:ABC",)
    stack.complete("Task_BankMeasures", staff.bank_measures(today(stack)), process_instance_key=signal)
    assert stack.completed(signal) and "Task_IssueWarning" not in stack.visited(signal)


def test_inspection_and_joint_meeting_each_run_twice_a_year(open_stack: StackFactory) -> None:
    stack = open_stack("2026-01-01T08:00:00")
    stack.advance_to(walk.at(today(stack) + timedelta(days=15), 12))  # 15 January, 12:00
    (first,) = stack.instances("onsite-inspection")
    townships = stack.variables(first.key)["townships"]
    assert len(townships) >= 5
    for n, task in enumerate(stack.open_tasks(process_instance_key=first.key)):
        flagged = LOAN if n == 0 else None
        stack.engine.complete_user_task(task.key, staff.inspected(today(stack), flagged))
        stack.settle()
    assert stack.completed(first.key)
    assert stack.variables(first.key)["reportedSignals"]
    stack.advance_to(walk.at(today(stack).replace(month=12, day=31), 12))
    assert len(stack.instances("onsite-inspection")) == 2  # 15 January and 15 July
    meetings = stack.instances("joint-meeting")
    assert len(meetings) == 2  # 20 June and 20 December
    for meeting in meetings:
        stack.complete("Task_HoldMeeting", staff.meeting_held(today(stack)), process_instance_key=meeting.key)
        assert stack.completed(meeting.key)
