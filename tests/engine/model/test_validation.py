"""Every deploy-time rule refuses a fixture with a problem naming the element, its tag and line."""

from __future__ import annotations

import pytest

from engine.errors import DeploymentInvalid
from engine.model import BpmnInvalid, parse_bpmn
from tests.engine.model.support import INVALID, line_of, problems

# (fixture, tag, element id, message fragment, line needle or None for the element's own line)
RULES = [
    ("unsupported-elements", "complexGateway", "complex", "complex gateways are not supported", None),
    ("unsupported-elements", "transaction", "booking", "transaction sub-processes are not supported", None),
    (
        "unsupported-elements",
        "serviceTask",
        "looped",
        "standard loops are not supported",
        "standardLoopCharacteristics",
    ),
    (
        "unsupported-elements",
        "intermediateCatchEvent",
        "conditional",
        "conditional events are not supported",
        "conditionalEventDefinition",
    ),
    (
        "unsupported-elements",
        "boundaryEvent",
        "compensation_boundary",
        "compensation events are not supported",
        "compensateEventDefinition",
    ),
    ("unsupported-elements", "serviceTask", "undo", "isForCompensation", None),
    (
        "unsupported-elements",
        "serviceTask",
        "listened",
        "execution listeners are not supported",
        "zeebe:executionListeners",
    ),
    (
        "unsupported-elements",
        "serviceTask",
        "listened",
        "unknown Zeebe extension element zeebe:somethingNew",
        "zeebe:somethingNew",
    ),
    (
        "unsupported-elements",
        "serviceTask",
        "listened",
        "dataInputAssociation with assignment",
        "bpmn:dataInputAssociation",
    ),
    (
        "unsupported-elements",
        "receiveTask",
        "instantiating",
        "instantiate the process are not supported",
        None,
    ),
    ("unsupported-elements", "intermediateThrowEvent", "multiple", "several event definitions", None),
    (
        "missing-job-types",
        "serviceTask",
        "no_definition",
        "must have a zeebe:taskDefinition with a job type",
        None,
    ),
    ("missing-job-types", "sendTask", "blank_type", "non-empty 'type'", None),
    ("missing-job-types", "scriptTask", "script_nothing", "(or a zeebe:script)", None),
    ("missing-job-types", "businessRuleTask", "rule_nothing", "(or a zeebe:calledDecision)", None),
    ("missing-job-types", "intermediateThrowEvent", "message_throw_no_job", "zeebe:taskDefinition", None),
    ("missing-job-types", "endEvent", "message_end_no_job", "zeebe:taskDefinition", None),
    ("missing-job-types", "callActivity", "call_nothing", "zeebe:calledElement with a 'processId'", None),
    ("missing-job-types", "businessRuleTask", "rule_no_result", "'resultVariable'", None),
    ("missing-job-types", "scriptTask", "script_no_result", "'resultVariable'", None),
    ("missing-job-types", "serviceTask", "mi_no_collection", "'inputCollection'", None),
    ("messages", "intermediateCatchEvent", "catch_unnamed", "must have a name", None),
    ("messages", "intermediateCatchEvent", "catch_no_key", "correlationKey", None),
    ("messages", "intermediateCatchEvent", "catch_no_ref", "needs a messageRef", None),
    (
        "messages",
        "intermediateCatchEvent",
        "catch_undefined",
        "'Message_missing', which is not defined",
        'messageRef="Message_missing"',
    ),
    ("messages", "receiveTask", "receive_no_key", "correlationKey", None),
    ("messages", "boundaryEvent", "paid_again", "message name 'paid' is already used by 'paid_first'", None),
    ("timers", "startEvent", "start_duration", "timeDuration is not allowed on a process start event", None),
    ("timers", "intermediateCatchEvent", "timer_empty", "needs a timeDate, timeDuration or timeCycle", None),
    ("timers", "intermediateCatchEvent", "bad_duration", "'5 minutes' is not an ISO 8601 duration", None),
    ("timers", "intermediateCatchEvent", "bad_date", "is not an ISO 8601 date-time", None),
    ("timers", "intermediateCatchEvent", "cycle_on_catch", "timeCycle is not allowed", None),
    ("timers", "boundaryEvent", "bad_cycle", "'R/every day' is not an ISO 8601 repeating interval", None),
    ("timers", "boundaryEvent", "bad_cron", "'0 0 25 * * *' is not a valid cron expression", None),
    ("timers", "boundaryEvent", "cycle_interrupting", "not allowed on an interrupting boundary event", None),
    (
        "structure",
        "exclusiveGateway",
        "choose",
        "default flow 'Flow_elsewhere' is not an outgoing flow",
        None,
    ),
    ("structure", "boundaryEvent", "attached_to_gateway", "'choose', which is not an activity", None),
    ("structure", "boundaryEvent", "attached_to_nothing", "'ghost', which does not exist", None),
    ("structure", "boundaryEvent", "not_attached", "not attached to an activity", None),
    ("structure", "subProcess", "inner", "exactly one none start event, found 0", None),
    (
        "structure",
        "startEvent",
        "handler_start",
        "none events are not supported as interrupting event sub-process start",
        None,
    ),
    ("structure", "eventBasedGateway", "race", "at least two outgoing", None),
    ("structure", "eventBasedGateway", "race", "not 'end'", None),
    ("structure", "sequenceFlow", "Flow_dangling", "target 'nowhere' does not exist (dangling flow)", None),
    ("structure", "sequenceFlow", "Flow_no_source", "has no sourceRef", None),
    ("structure", "sequenceFlow", "Flow_into_scope", "crosses a scope boundary", None),
    (
        "structure",
        "sequenceFlow",
        "Flow_condition_on_task",
        "only supported on flows leaving an exclusive or inclusive",
        None,
    ),
    (
        "events-misplaced",
        "startEvent",
        "escalation_start",
        "escalation events are not supported as process start event",
        None,
    ),
    ("events-misplaced", "startEvent", "second_none_start", "only one none start event", None),
    (
        "events-misplaced",
        "intermediateThrowEvent",
        "error_throw",
        "error events are not supported as intermediate throw",
        None,
    ),
    (
        "events-misplaced",
        "boundaryEvent",
        "non_interrupting_error",
        "not supported as non-interrupting boundary",
        None,
    ),
    (
        "events-misplaced",
        "endEvent",
        "error_end_no_code",
        "error end event needs an errorRef to a bpmn:error with an errorCode",
        None,
    ),
    (
        "events-misplaced",
        "intermediateThrowEvent",
        "link_nowhere",
        "no link catch event named 'missing-page'",
        None,
    ),
    ("feel-errors", "message", "Message_1", "invalid FEEL in correlationKey '=loan['", "zeebe:subscription"),
    ("feel-errors", "serviceTask", "work", "invalid FEEL in type", "zeebe:taskDefinition"),
    ("feel-errors", "serviceTask", "work", "invalid FEEL in source '=amount * '", "zeebe:input"),
    (
        "feel-errors",
        "sequenceFlow",
        "Flow_big",
        "invalid FEEL in conditionExpression '=amount >'",
        "bpmn:conditionExpression",
    ),
    ("duplicate-ids", "task", "twice", "duplicate id (first declared on line", None),
    ("no-start-event", "process", "no-start-event", "at least one start event", None),
    (
        "more-rules",
        "process",
        "more-rules",
        "bpmn:ioSpecification: data inputs and outputs",
        "bpmn:ioSpecification",
    ),
    (
        "more-rules",
        "startEvent",
        "start_with_incoming",
        "start events must not have incoming sequence flows",
        None,
    ),
    (
        "more-rules",
        "serviceTask",
        "mappings",
        "default flows are only supported on exclusive and inclusive gateways",
        None,
    ),
    ("more-rules", "serviceTask", "mappings", "'outputCollection' needs an 'outputElement'", None),
    ("more-rules", "serviceTask", "mappings", "zeebe:input needs both 'source' and 'target'", "zeebe:input"),
    ("more-rules", "serviceTask", "mappings", "zeebe:header needs a 'key'", "zeebe:header"),
    (
        "more-rules",
        "userTask",
        "old_style_user_task",
        "task listeners are not supported",
        "zeebe:taskListeners",
    ),
    (
        "more-rules",
        "userTask",
        "old_style_user_task",
        "resource assignments are not executed",
        "bpmn:humanPerformer",
    ),
    ("more-rules", "userTask", "old_style_user_task", "renderings are not supported", "bpmn:rendering"),
    ("more-rules", "scriptTask", "inline_script", "must be a FEEL expression starting with '='", None),
    ("more-rules", "scriptTask", "inline_script", "inline scripts are not executed", "<bpmn:script>"),
    ("more-rules", "intermediateThrowEvent", "signal_unnamed", "bpmn:signal with a name", None),
    (
        "more-rules",
        "intermediateThrowEvent",
        "signal_undefined",
        "'Signal_missing', which is not defined",
        "signalRef=",
    ),
    ("more-rules", "intermediateThrowEvent", "escalation_no_code", "with an escalationCode", None),
    (
        "more-rules",
        "intermediateThrowEvent",
        "escalation_undefined",
        "'Escalation_missing', which is not defined",
        "escalationRef=",
    ),
    (
        "more-rules",
        "intermediateThrowEvent",
        "parallel_multiple",
        "parallel multiple events are not supported",
        None,
    ),
    (
        "more-rules",
        "intermediateCatchEvent",
        "by_reference",
        "event definitions by reference",
        "bpmn:eventDefinitionRef",
    ),
    (
        "more-rules",
        "intermediateCatchEvent",
        "link_b",
        "link catch name 'same' is already used by 'link_a'",
        None,
    ),
    ("more-rules", "intermediateCatchEvent", "link_unnamed", "link event needs a name", None),
    ("more-rules", "boundaryEvent", "boundary_other_scope", "same scope as 'mappings'", None),
    ("more-rules", "subProcess", "handler", "must not have incoming or outgoing sequence flows", None),
    ("more-rules", "subProcess", "handler", "exactly one (typed) start event, found 2", None),
    ("more-rules", "startEvent", "handler_start", "errorCode of an error catch event must be static", None),
    ("more-rules", "startEvent", "handler_start_2", "'Error_undefined', which is not defined", "errorRef="),
    ("more-rules", "endEvent", "end", "end events must not have outgoing sequence flows", None),
]


@pytest.mark.parametrize(("fixture", "tag", "element_id", "fragment", "needle"), RULES)
def test_rule_names_element_tag_and_line(
    fixture: str, tag: str, element_id: str, fragment: str, needle: str | None
) -> None:
    path = INVALID / f"{fixture}.bpmn"
    element_line = line_of(path, f'id="{element_id}"')
    line = element_line if needle is None else line_of(path, needle, after=f'id="{element_id}"')
    if tag == "task" and fragment.startswith("duplicate"):
        line = line_of(path, f'id="{element_id}"', after=f'id="{element_id}"')
    prefix = f"{fixture}.bpmn: line {line}: {tag} '{element_id}': "
    found = problems(fixture)
    assert any(p.startswith(prefix) and fragment in p for p in found), "\n".join(found)


def test_feel_problem_carries_the_caret_line() -> None:
    (problem,) = [p for p in problems("feel-errors") if "Flow_big" in p]
    assert "column 9" in problem
    assert problem.endswith("amount >\n          ^")


def test_no_executable_process_is_refused() -> None:
    (problem,) = problems("no-executable-process")
    assert "definitions 'Definitions_no_executable_process'" in problem
    assert "at least one executable process" in problem


def test_one_error_lists_every_problem_in_line_order() -> None:
    data = (INVALID / "several-problems.bpmn").read_bytes()
    with pytest.raises(BpmnInvalid) as caught:
        parse_bpmn(data, "several-problems.bpmn")
    error = caught.value
    assert isinstance(error, DeploymentInvalid)
    named = [p.split("': ")[0].split(" '")[-1] for p in error.problems]
    assert named == ["no_type", "complex", "choose", "Flow_3", "Flow_4"]
    lines = [int(p.split(": line ")[1].split(":")[0]) for p in error.problems]
    assert lines == sorted(lines)
    for problem in error.problems:
        assert problem in str(error)
    assert str(error).startswith("Command 'CREATE' rejected with code 'INVALID_ARGUMENT'")


def test_flows_to_a_refused_element_are_not_reported_as_dangling() -> None:
    found = problems("unsupported-elements")
    assert not any("Flow_to_complex" in p for p in found), found
