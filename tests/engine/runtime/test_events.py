"""Timers, messages, signals, event-based gateway, event sub-processes, call activity,
multi-instance, user tasks, escalation and link events."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.errors import AlreadyExists
from tests.engine.runtime.harness import Harness


def test_timer_catch_fires_after_duration_and_not_before(h: Harness) -> None:
    h.deploy_fixtures("timer-catch")
    pik = h.start("timer-catch")
    [timer] = h.engine.timers(process_instance_key=pik).items
    assert timer.due_date == h.clock.now() + timedelta(hours=1)
    assert h.advance(timedelta(minutes=59)) == 0
    assert h.advance(timedelta(minutes=1)) == 1
    assert h.state_of(pik) == "COMPLETED"


def test_move_timer_is_recorded_and_respected(h: Harness) -> None:
    h.deploy_fixtures("timer-catch")
    pik = h.start("timer-catch")
    [timer] = h.engine.timers(process_instance_key=pik).items
    h.move_timer(timer.key, h.clock.now() + timedelta(hours=3), reason="holiday data")
    assert h.advance(timedelta(hours=2)) == 0
    assert h.advance(timedelta(hours=1)) == 1
    moved = [
        r for r in h.engine.records(process_instance_key=pik, value_types=["TIMER"]) if r.intent == "MIGRATED"
    ]
    assert moved[0].value["reason"] == "holiday data"


def test_boundary_timers_interrupting_and_cycle(h: Harness) -> None:
    h.deploy_fixtures("timer-boundary")
    pik = h.start("timer-boundary", deadline="PT1H")
    h.advance(timedelta(minutes=10))
    h.advance(timedelta(minutes=10))
    h.advance(timedelta(minutes=10))
    assert h.trace(pik, "ELEMENT_ACTIVATED").count("remind") == 2
    h.advance(timedelta(minutes=30))
    assert "review" in h.trace(pik, "ELEMENT_TERMINATED")
    h.work("escalate")
    assert h.engine.timers(process_instance_key=pik).total == 0


def test_timer_start_event_cycle_and_redeploy_replaces_it(h: Harness) -> None:
    h.deploy_fixtures("timer-start")
    assert h.advance(timedelta(hours=1)) == 1
    assert h.engine.process_instances(bpmn_process_id="timer-start").total == 1
    h.deploy([("timer-start.bpmn", (h_fixture("timer-start")).replace(b"R3/PT1H", b"R1/PT5H"))])
    [timer] = h.engine.timers().items
    assert timer.due_date == h.clock.now() + timedelta(hours=5)


def h_fixture(name: str) -> bytes:
    from tests.engine.runtime.harness import FIXTURES

    return (FIXTURES / f"{name}.bpmn").read_bytes()


def test_message_buffered_then_correlated_with_key_and_id_uniqueness(h: Harness) -> None:
    h.deploy_fixtures("message-catch")
    h.publish_message(
        name="docs", correlation_key="c-1", time_to_live_ms=60_000, message_id="m1", variables={"pages": 3}
    )
    with pytest.raises(AlreadyExists):
        h.publish_message(name="docs", correlation_key="c-1", time_to_live_ms=60_000, message_id="m1")
    pik = h.start("message-catch", caseId="c-1")
    assert h.state_of(pik) == "COMPLETED" and h.root_variables(pik)["pages"] == 3
    other = h.start("message-catch", caseId="c-2")
    h.publish_message(name="docs", correlation_key="c-1", time_to_live_ms=0)
    assert h.state_of(other) == "ACTIVE"
    h.publish_message(name="docs", correlation_key="c-2", time_to_live_ms=0)
    assert h.state_of(other) == "COMPLETED"


def test_message_ttl_expires(h: Harness) -> None:
    h.deploy_fixtures("message-catch")
    h.publish_message(name="docs", correlation_key="k", time_to_live_ms=1_000)
    h.advance(timedelta(seconds=2))
    pik = h.start("message-catch", caseId="k")
    assert h.state_of(pik) == "ACTIVE"


def test_message_start_event_one_instance_per_correlation_key(h: Harness) -> None:
    h.deploy_fixtures("message-start")
    h.publish_message(
        name="open-case", correlation_key="loan-1", time_to_live_ms=60_000, variables={"loan": 1}
    )
    h.publish_message(
        name="open-case", correlation_key="loan-1", time_to_live_ms=60_000, variables={"loan": 2}
    )
    assert h.engine.process_instances(bpmn_process_id="message-start").total == 1
    h.work("work")
    assert h.engine.process_instances(bpmn_process_id="message-start").total == 2


def test_message_boundary_interrupts(h: Harness) -> None:
    h.deploy_fixtures("message-boundary")
    pik = h.start("message-boundary", loanId=7)
    h.publish_message(name="repaid", correlation_key="7", time_to_live_ms=0)
    assert h.trace(pik)[-2:] == ["paid_end", "message-boundary"]


def test_signal_broadcast_reaches_every_waiting_instance(h: Harness) -> None:
    h.deploy_fixtures("signal")
    first, second = h.start("signal"), h.start("signal")
    h.broadcast_signal("stop-all", {"why": "audit"})
    assert h.state_of(first) == h.state_of(second) == "COMPLETED"
    assert h.root_variables(first)["why"] == "audit"


def test_event_based_gateway_first_event_wins(h: Harness) -> None:
    h.deploy_fixtures("event-gateway")
    answered, late = h.start("event-gateway", caseId="a"), h.start("event-gateway", caseId="b")
    h.publish_message(name="answer", correlation_key="a", time_to_live_ms=0)
    h.advance(timedelta(days=7))
    assert h.trace(answered)[-2:] == ["ok", "event-gateway"]
    assert h.trace(late)[-2:] == ["late", "event-gateway"]


def test_event_subprocesses_interrupting_message_and_timer_cycle(h: Harness) -> None:
    h.deploy_fixtures("esp")
    pik = h.start("esp", caseId="c")
    h.advance(timedelta(hours=1))
    h.work("ping")
    h.publish_message(name="cancel-case", correlation_key="c", time_to_live_ms=0)
    assert "work" in h.trace(pik, "ELEMENT_TERMINATED")
    assert h.trace(pik)[-3:] == ["cancel_end", "on_cancel", "esp"]


def test_call_activity_propagates_both_ways(h: Harness) -> None:
    h.deploy_fixtures("call-parent", "call-child")
    pik = h.start("call-parent", amount=3)
    [job] = h.work("child-work", {"childResult": "done"})
    assert job.variables["amount"] == 3 and job.process_instance_key != pik
    assert h.root_variables(pik)["childResult"] == "done"
    assert h.state_of(pik) == "COMPLETED"


@pytest.mark.parametrize("kind", ["mi-parallel", "mi-sequential"])
def test_multi_instance_collects_outputs(h: Harness, kind: str) -> None:
    h.deploy_fixtures(kind)
    pik = h.start(kind, items=[1, 2, 3])
    for _ in range(3):
        [job] = h.activate_jobs(job_type="each", worker="w", timeout_ms=1000, max_jobs=1)
        h.complete_job(job.key, {"result": job.variables["item"] * 10})
    assert h.root_variables(pik)["results"] == [10, 20, 30]
    assert h.state_of(pik) == "COMPLETED"


def test_user_tasks_camunda_and_job_worker(h: Harness) -> None:
    h.deploy_fixtures("user-task")
    pik = h.start("user-task", officer="li")
    [task] = h.engine.user_tasks(candidate_group="station").items
    assert task.assignee == "li" and task.due_date is not None
    h.assign_user_task(task.key, "wang")
    assert h.engine.user_tasks(assignee="wang").total == 1
    h.complete_user_task(task.key, {"approved": True})
    [job] = h.activate_jobs(job_type="io.camunda.zeebe:userTask", worker="w", timeout_ms=1000, max_jobs=1)
    assert job.custom_headers["io.camunda.zeebe:candidateGroups"] == '["bank"]'
    h.complete_job(job.key)
    assert h.root_variables(pik)["approved"] is True and h.state_of(pik) == "COMPLETED"


def test_escalation_non_interrupting_and_link_events(h: Harness) -> None:
    h.deploy_fixtures("escalation-link")
    pik = h.start("escalation-link")
    trace = h.trace(pik)
    assert trace.index("raise") < trace.index("noticed_end")
    assert trace[-4:] == ["jump", "land", "end", "escalation-link"]


def test_signal_boundary_interrupts_the_task(h: Harness) -> None:
    xml = (
        h_fixture("message-boundary")
        .replace(
            b'<bpmn:messageEventDefinition messageRef="Msg" />',
            b'<bpmn:signalEventDefinition signalRef="Sig" />',
        )
        .replace(b"<bpmn:process", b'<bpmn:signal id="Sig" name="halt" />\n  <bpmn:process')
    )
    h.deploy([("message-boundary.bpmn", xml)])
    pik = h.start("message-boundary", loanId=1)
    h.broadcast_signal("halt")
    assert "collect" in h.trace(pik, "ELEMENT_TERMINATED")
    assert h.trace(pik)[-2:] == ["paid_end", "message-boundary"]
    assert h.engine.jobs(process_instance_key=pik, state=None).items[0].state == "CANCELED"


def test_escalation_caught_by_event_subprocess_inside_the_scope(h: Harness) -> None:
    xml = h_fixture("subprocess-timer").replace(
        b'<bpmn:endEvent id="sub_end" />',
        b'<bpmn:endEvent id="sub_end"><bpmn:escalationEventDefinition escalationRef="Esc" /></bpmn:endEvent>',
    )
    h.deploy([("subprocess-timer.bpmn", xml)])
    pik = h.start("subprocess-timer")
    h.work("x")
    h.work("y")
    # the interrupting event sub-process ends the sub-process's own flow: the end event is terminated
    assert "sub_end" in h.trace(pik, "ELEMENT_TERMINATED")
    trace = h.trace(pik)
    assert trace[-5:] == ["esc_end", "sub_esc", "sub", "end", "subprocess-timer"]


def test_two_interrupting_events_in_one_command_interrupt_once(h: Harness) -> None:
    xml = (
        h_fixture("message-boundary")
        .replace(
            b'<bpmn:messageEventDefinition messageRef="Msg" />',
            b'<bpmn:signalEventDefinition signalRef="Sig" />',
        )
        .replace(b"<bpmn:process", b'<bpmn:signal id="Sig" name="halt" />\n  <bpmn:process')
        .replace(
            b'<bpmn:endEvent id="end" />',
            b'<bpmn:boundaryEvent id="also" attachedToRef="collect"><bpmn:signalEventDefinition signalRef="Sig" />'
            b'</bpmn:boundaryEvent><bpmn:endEvent id="also_end" /><bpmn:sequenceFlow id="f9" sourceRef="also" '
            b'targetRef="also_end" /><bpmn:endEvent id="end" />',
        )
    )
    h.deploy([("message-boundary.bpmn", xml)])
    pik = h.start("message-boundary", loanId=1)
    h.broadcast_signal("halt")
    trace = h.trace(pik)
    # the first subscription to fire wins; the second finds the task already being interrupted
    assert "paid_end" in trace and "also_end" not in trace and "collect" not in trace
    assert h.state_of(pik) == "COMPLETED"


@pytest.mark.parametrize(
    ("kind", "expression", "hours"),
    [
        (b"timeDate", b'= now() + duration("PT2H")', 2),
        (b"timeDuration", b'= duration("PT3H")', 3),
        (b"timeDate", b'= date and time("2026-01-05T13:00:00@Asia/Shanghai")', 4),
    ],
)
def test_timer_definitions_computed_with_feel(h: Harness, kind: bytes, expression: bytes, hours: int) -> None:
    xml = h_fixture("timer-catch").replace(
        b"<bpmn:timeDuration>PT1H</bpmn:timeDuration>",
        b"<bpmn:" + kind + b">" + expression + b"</bpmn:" + kind + b">",
    )
    h.deploy([("timer-catch.bpmn", xml)])
    pik = h.start("timer-catch")
    [timer] = h.engine.timers(process_instance_key=pik).items
    assert timer.due_date == h.clock.now() + timedelta(hours=hours)
