"""Deploy-time checks for activities: job types, called processes/decisions, scripts, loops."""

from __future__ import annotations

from engine.model.context import ParseContext
from engine.model.elements import Element, ElementType, EventType, Process
from engine.model.rules import report
from engine.model.tags import ACTIVITY_TYPES

_JOB_TASKS = frozenset({ElementType.SERVICE_TASK, ElementType.SEND_TASK})


def check_activities(process: Process, ctx: ParseContext) -> None:
    for element in process.elements.values():
        _check_job(element, ctx)
        _check_called(element, ctx)
        _check_loop(element, ctx)


def _needs_job(element: Element) -> bool:
    if element.type in _JOB_TASKS:
        return True
    if element.type is ElementType.BUSINESS_RULE_TASK:
        return element.called_decision is None
    if element.type is ElementType.SCRIPT_TASK:
        return element.script is None
    message_throw = element.type in (ElementType.INTERMEDIATE_THROW_EVENT, ElementType.END_EVENT)
    return message_throw and element.event_type is EventType.MESSAGE


def _check_job(element: Element, ctx: ParseContext) -> None:
    if not _needs_job(element):
        return
    definition = element.task_definition
    if definition is None:
        extra = {
            ElementType.BUSINESS_RULE_TASK: " (or a zeebe:calledDecision)",
            ElementType.SCRIPT_TASK: " (or a zeebe:script)",
        }.get(element.type, "")
        report(ctx, element, f"must have a zeebe:taskDefinition with a job type{extra}")
    elif not definition.type:
        report(ctx, element, "zeebe:taskDefinition must have a non-empty 'type'")


def _check_called(element: Element, ctx: ParseContext) -> None:
    called = element.called_element
    if element.type is ElementType.CALL_ACTIVITY and (called is None or not called.process_id):
        report(ctx, element, "must have a zeebe:calledElement with a 'processId'")
    if element.called_decision is not None:
        if not element.called_decision.decision_id:
            report(ctx, element, "zeebe:calledDecision must have a 'decisionId'")
        if not element.called_decision.result_variable:
            report(ctx, element, "zeebe:calledDecision must have a 'resultVariable'")
    if element.script is not None:
        if not element.script.expression.startswith("="):
            report(ctx, element, "zeebe:script 'expression' must be a FEEL expression starting with '='")
        if not element.script.result_variable:
            report(ctx, element, "zeebe:script must have a 'resultVariable'")


def _check_loop(element: Element, ctx: ParseContext) -> None:
    loop = element.loop
    if loop is None:
        return
    if element.type not in ACTIVITY_TYPES:
        report(ctx, element, "only activities can be multi-instance")
    if not loop.input_collection:
        report(ctx, element, "multi-instance needs zeebe:loopCharacteristics with an 'inputCollection'")
    if loop.output_collection and not loop.output_element:
        report(ctx, element, "multi-instance 'outputCollection' needs an 'outputElement'")
    if loop.output_element and not loop.output_collection:
        report(ctx, element, "multi-instance 'outputElement' needs an 'outputCollection'")
