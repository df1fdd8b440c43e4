"""Decisions, errors across call activities, signal start, multi-instance completion condition,
expression incidents, timeDate and cron timers, send/receive/throw, event sub-processes, start
instructions, resource deletion, and timers due while the engine was down."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from engine.api import StartInstruction
from engine.errors import InvalidState, NotFound
from engine.runtime import Engine
from tests.engine.runtime.harness import FIXTURES, Harness


def test_business_rule_task_evaluates_dmn(h: Harness) -> None:
    h.deploy([("grading.dmn", (FIXTURES / "grading.dmn").read_bytes())])
    h.deploy_fixtures("business-rule")
    red, yellow = h.start("business-rule", overdueDays=45), h.start("business-rule", overdueDays=3)
    assert h.root_variables(red)["grade"] == "RED" and h.root_variables(yellow)["grade"] == "YELLOW"
    result = h.evaluate_decision(decision_id="grading", variables={"overdueDays": 31})
    assert result.output == "RED" and result.decision_requirements_id == "grading-drg"


def test_business_rule_task_without_decision_raises_incident_then_resolves(h: Harness) -> None:
    h.deploy_fixtures("business-rule")
    pik = h.start("business-rule", overdueDays=45)
    [incident] = h.engine.incidents(process_instance_key=pik).items
    assert incident.error_type == "CALLED_DECISION_ERROR"
    h.deploy([("grading.dmn", (FIXTURES / "grading.dmn").read_bytes())])
    h.resolve_incident(incident.key)
    assert h.root_variables(pik)["grade"] == "RED" and h.state_of(pik) == "COMPLETED"


def test_error_thrown_in_called_process_is_caught_on_the_call_activity(h: Harness) -> None:
    h.deploy_fixtures("call-error-parent", "call-child")
    pik = h.start("call-error-parent")
    [job] = h.activate_jobs(job_type="child-work", worker="w", timeout_ms=1000, max_jobs=1)
    h.throw_error(job.key, error_code="REJECTED")
    assert h.trace(pik)[-2:] == ["rejected_end", "call-error-parent"]
    child = h.engine.process_instances(bpmn_process_id="call-child").items[0]
    assert child.state == "CANCELED" and child.parent_process_instance_key == pik
    with pytest.raises(NotFound):
        h.complete_job(job.key)


def test_cancel_of_called_instance_is_refused(h: Harness) -> None:
    h.deploy_fixtures("call-parent", "call-child")
    h.start("call-parent")
    child = h.engine.process_instances(bpmn_process_id="call-child").items[0]
    with pytest.raises(InvalidState):
        h.cancel_instance(child.key)


def test_signal_start_event_starts_an_instance(h: Harness) -> None:
    h.deploy_fixtures("signal-start")
    h.broadcast_signal("audit-now", {"scope": "all"})
    [job] = h.work("audit")
    assert job.variables["scope"] == "all"


def test_multi_instance_completion_condition_terminates_the_rest(h: Harness) -> None:
    h.deploy_fixtures("mi-completion")
    pik = h.start("mi-completion", voters=["a", "b", "c", "d"])
    h.work("vote", count=2)
    assert h.state_of(pik) == "COMPLETED"
    assert h.trace(pik, "ELEMENT_TERMINATED").count("vote") == 2


def test_correlation_key_missing_is_an_extract_value_incident(h: Harness) -> None:
    h.deploy_fixtures("message-catch")
    pik = h.start("message-catch")
    [incident] = h.engine.incidents(process_instance_key=pik).items
    assert incident.error_type == "EXTRACT_VALUE_ERROR" and "correlation key" in incident.error_message
    h.set_variables(pik, {"caseId": "x"})
    h.resolve_incident(incident.key)
    assert h.engine.message_subscriptions(process_instance_key=pik).items[0].correlation_key == "x"


def test_time_date_and_cron_cycle(h: Harness) -> None:
    h.deploy_fixtures("timer-date-cron")
    pik = h.start("timer-date-cron", dueAt="2026-01-05T03:00:00+02:00")  # 01:00 UTC = the start instant
    assert h.advance(timedelta(seconds=1)) == 1
    [timer] = h.engine.timers(process_instance_key=pik).items
    assert timer.due_date == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    h.advance(timedelta(days=1))
    assert h.trace(pik).count("morning_end") == 1
    assert h.engine.timers(process_instance_key=pik).items[0].due_date == datetime(
        2026, 1, 6, 9, 0, tzinfo=UTC
    )


def test_send_receive_and_message_throw_event(h: Harness) -> None:
    h.deploy_fixtures("receive-send")
    pik = h.start("receive-send", ref="r-1")
    h.work("notify")
    h.publish_message(
        name="reply", correlation_key="r-1", time_to_live_ms=0, variables={"answer": 42, "noise": 1}
    )
    [job] = h.work("publish")
    assert job.element_id == "publish"
    assert h.root_variables(pik)["reply"] == 42 and "noise" not in h.root_variables(pik)


def test_correlate_message_reports_the_instance(h: Harness) -> None:
    h.deploy_fixtures("message-catch")
    pik = h.start("message-catch", caseId="q")
    _, reached = h.correlate_message(name="docs", correlation_key="q")
    assert reached == pik
    with pytest.raises(NotFound):
        h.correlate_message(name="docs", correlation_key="nobody")


def test_non_interrupting_message_esp_and_error_esp(h: Harness) -> None:
    h.deploy_fixtures("esp-non-interrupting-message")
    pik = h.start("esp-non-interrupting-message", caseId="n")
    h.publish_message(name="note", correlation_key="n", time_to_live_ms=0)
    h.publish_message(name="note", correlation_key="n", time_to_live_ms=0)
    assert h.trace(pik).count("on_note") == 2 and h.state_of(pik) == "ACTIVE"
    [job] = h.activate_jobs(job_type="work", worker="w", timeout_ms=1000, max_jobs=1)
    h.throw_error(job.key, error_code="ANY")
    assert h.trace(pik)[-3:] == ["error_end", "on_error", "esp-non-interrupting-message"]


def test_start_instructions_skip_to_an_element(h: Harness) -> None:
    h.deploy_fixtures("chain")
    created = h.create_instance(bpmn_process_id="chain", start_instructions=[StartInstruction("b")])
    h.work("b")
    assert h.trace(created.process_instance_key) == ["b", "end", "chain"]


def test_delete_latest_version_reopens_previous_start_timer(h: Harness) -> None:
    h.deploy_fixtures("timer-start")
    v2 = h.deploy(
        [("timer-start.bpmn", (FIXTURES / "timer-start.bpmn").read_bytes().replace(b"PT1H", b"PT2H"))]
    )
    [timer] = h.engine.timers().items
    assert timer.due_date == h.clock.now() + timedelta(hours=2)
    h.delete_resource(v2.processes[0].process_definition_key)
    [timer] = h.engine.timers().items
    assert timer.due_date == h.clock.now() + timedelta(hours=1)
    assert [d.version for d in h.engine.process_definitions().items] == [1]


def test_create_with_result_and_canceled_instance(h: Harness) -> None:
    h.deploy_fixtures("chain")
    pik = h.start("chain", x=1)
    assert h.engine.instance_result(pik) is None
    h.work("a", {"y": 2})
    h.work("b")
    result = h.engine.instance_result(pik, ["y"])
    assert result is not None and result.variables == {"y": 2}
    other = h.start("chain")
    h.cancel_instance(other)
    with pytest.raises(InvalidState):
        h.engine.instance_result(other)


def test_timer_due_while_engine_was_down_fires_once_on_start(db_url: str) -> None:
    h = Harness(db_url, reopen=False)
    h.deploy_fixtures("timer-start")
    h.engine.close()
    h.clock.advance(timedelta(hours=10))
    engine = Engine.open(db_url, clock=h.clock)
    assert engine.tick() == 1
    assert engine.process_instances(bpmn_process_id="timer-start").total == 1
    assert engine.timers().items[0].due_date > h.clock.now()
    engine.close()


def test_listener_hears_jobs_and_instance_end(h: Harness) -> None:
    heard: list[object] = []

    class Listener:
        def jobs_available(self, job_type: str) -> None:
            heard.append(job_type)

        def instance_ended(self, process_instance_key: int) -> None:
            heard.append(process_instance_key)

    h.deploy_fixtures("chain")
    remove = h.engine.add_listener(Listener())
    pik = h.engine.create_instance(bpmn_process_id="chain").process_instance_key
    for job_type in ("a", "b"):
        [job] = h.engine.activate_jobs(job_type=job_type, worker="w", timeout_ms=1000, max_jobs=1)
        h.engine.complete_job(job.key)
    remove()
    assert heard == ["a", "b", pik]


def test_user_task_update_unassign_and_form_binding(h: Harness) -> None:
    form = b'{"id": "approve-form", "components": [], "type": "default"}'
    h.deploy([("approve.form", form)])
    xml = (
        (FIXTURES / "user-task.bpmn")
        .read_bytes()
        .replace(
            b"<zeebe:userTask />", b'<zeebe:userTask /><zeebe:formDefinition formId="approve-form" />', 1
        )
    )
    h.deploy([("user-task.bpmn", xml)])
    h.start("user-task", officer="li")
    [task] = h.engine.user_tasks().items
    assert task.form_key == h.engine.form(form_id="approve-form").key
    h.update_user_task(task.key, {"candidateUsers": ["zhao"], "dueDate": "2026-03-01T00:00:00Z"})
    h.unassign_user_task(task.key)
    [task] = h.engine.user_tasks(candidate_user="zhao").items
    assert task.assignee is None and task.due_date == datetime(2026, 3, 1, tzinfo=UTC)


def test_start_instructions_refuse_unknown_and_nested_elements(h: Harness) -> None:
    from engine.errors import InvalidArgument

    h.deploy_fixtures("subprocess")
    for element_id in ("nowhere", "inner_task"):
        with pytest.raises(InvalidArgument):
            h.create_instance(bpmn_process_id="subprocess", start_instructions=[StartInstruction(element_id)])
    assert h.engine.process_instances().total == 0
