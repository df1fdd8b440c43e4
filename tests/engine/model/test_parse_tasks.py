"""Tasks, call activities, multi-instance and io mappings read from Modeler-style fixtures."""

from __future__ import annotations

from engine.model import (
    CalledDecision,
    CalledElement,
    ElementType,
    FormBinding,
    LoopCharacteristics,
    ScriptDef,
    SourceRef,
    TaskDefinition,
    VariableMapping,
)
from tests.engine.model.support import FIXTURES, line_of, load


def test_service_task_carries_job_definition_headers_and_mappings() -> None:
    process = load("service-task")
    work = process.element("work")
    assert work.type is ElementType.SERVICE_TASK
    assert work.name == "Do work"
    assert work.parent_id == "service-task"
    assert work.task_definition == TaskDefinition(type="work", retries="5")
    assert work.task_headers == (("channel", "sms"),)
    assert work.io.inputs == (VariableMapping("=amount", "loan.amount"),)
    assert work.io.outputs == (VariableMapping("=result", "workResult"),)
    assert work.incoming == ("Flow_start_work",)
    assert work.outgoing == ("Flow_work_end",)
    path = FIXTURES / "service-task.bpmn"
    assert work.source == SourceRef("service-task.bpmn", line_of(path, 'id="work"'), "serviceTask")


def test_process_root_lists_its_children_and_flows_connect_them() -> None:
    process = load("service-task")
    assert process.root.type is ElementType.PROCESS
    assert process.root.children == ("start", "work", "end")
    assert process.name == "Service task"
    assert process.resource_name == "service-task.bpmn"
    flow = process.flows["Flow_start_work"]
    assert (flow.source_id, flow.target_id, flow.condition) == ("start", "work", None)
    assert process.none_start_event("service-task") == process.element("start")


def test_retries_default_to_three() -> None:
    assert load("exclusive-gateway").element("review_large").task_definition == TaskDefinition(
        "review-large", "3"
    )


def test_camunda_user_task_with_form_assignment_and_schedule() -> None:
    review = load("user-task").element("review")
    assert review.type is ElementType.USER_TASK
    user_task = review.user_task
    assert user_task is not None
    assert user_task.camunda_user_task is True
    assert user_task.form == FormBinding(form_id="loan-review-form")
    assert user_task.assignee == "=officer"
    assert user_task.candidate_groups == "loan-officers, supervisors"
    assert user_task.candidate_users == "=reviewers"
    assert user_task.due_date == "=reviewDeadline"
    assert user_task.follow_up_date == "2027-01-01T09:00:00+08:00"
    assert user_task.priority == "70"
    assert review.task_headers == (("section", "credit"),)
    assert review.task_definition is None


def test_job_worker_user_task_and_embedded_form() -> None:
    process = load("user-task-job-worker")
    user_task = process.element("confirm").user_task
    assert user_task is not None
    assert user_task.camunda_user_task is False
    assert user_task.form == FormBinding(form_key="camunda-forms:bpmn:UserTaskForm_confirm")
    assert user_task.assignee == "township-officer"
    assert '"id":"confirm-form"' in process.embedded_forms["UserTaskForm_confirm"]


def test_call_activity_reads_called_element_and_propagation_flags() -> None:
    call = load("call-activity-parent").element("call_child")
    assert call.type is ElementType.CALL_ACTIVITY
    assert call.called_element == CalledElement(
        process_id="call-activity-child",
        propagate_all_child_variables=False,
        propagate_all_parent_variables=True,
    )
    assert [m.target for m in call.io.inputs] == ["childAmount"]
    assert [m.target for m in call.io.outputs] == ["result"]


def test_multi_instance_parallel_and_sequential() -> None:
    parallel = load("multi-instance-parallel").element("check_guarantor").loop
    assert parallel == LoopCharacteristics(
        sequential=False,
        input_collection="=guarantors",
        input_element="guarantor",
        output_collection="checks",
        output_element="=checkResult",
    )
    sequential = load("multi-instance-sequential").element("ask_bank").loop
    assert sequential is not None
    assert sequential.sequential is True
    assert sequential.completion_condition == '=answer = "yes"'


def test_script_task_feel_and_job_based() -> None:
    process = load("script-task")
    compute = process.element("compute_interest")
    assert compute.script == ScriptDef(expression="=amount * rate", result_variable="interest")
    assert compute.task_definition is None
    assert process.element("job_script").task_definition == TaskDefinition("script-worker")


def test_business_rule_task_dmn_and_job_based() -> None:
    process = load("business-rule-task")
    assert process.element("grade_risk").called_decision == CalledDecision("risk-grade", "grade")
    assert process.element("external_rules").task_definition == TaskDefinition("external-rules")


def test_send_receive_manual_and_undefined_tasks() -> None:
    assert load("send-task").element("send_letter").task_definition == TaskDefinition("send-letter")
    receive = load("receive-task").element("wait_judgment")
    assert receive.type is ElementType.RECEIVE_TASK
    assert receive.event is not None and receive.event.message is not None
    assert (receive.event.message.name, receive.event.message.correlation_key) == (
        "judgment-effective",
        "=caseId",
    )
    process = load("manual-and-undefined-task")
    assert process.element("sign_paper").type is ElementType.MANUAL_TASK
    assert process.element("placeholder").type is ElementType.TASK


def test_embedded_sub_process_is_a_scope() -> None:
    process = load("sub-process")
    collection = process.element("collection")
    assert collection.type is ElementType.SUB_PROCESS
    assert collection.children == ("collection_start", "collect", "collection_end")
    assert process.element("collect").parent_id == "collection"
    assert process.none_start_event("collection") == process.element("collection_start")
    assert collection.io.inputs == (VariableMapping("=30", "workingDays"),)
    assert process.root.children == ("start", "collection", "end")


def test_collaboration_deploys_only_executable_pools() -> None:
    from engine.model import parse_bpmn

    processes = parse_bpmn((FIXTURES / "collaboration.bpmn").read_bytes(), "collaboration.bpmn")
    assert [p.id for p in processes] == ["collaboration-bank"]
    assert "Lane_officer" not in processes[0].elements


def test_project_processes_parse() -> None:
    from pathlib import Path

    from engine.model import parse_bpmn

    for path in sorted((Path(__file__).resolve().parents[3] / "bpmn").glob("*.bpmn")):
        processes = parse_bpmn(path.read_bytes(), path.name)
        assert processes, path.name
