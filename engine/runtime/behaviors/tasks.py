"""Tasks: job-based (service, send, job-worker script/business-rule), script (FEEL), business rule
(DMN), receive and manual tasks. Job results follow Zeebe's propagation rule (SEMANTICS §3.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.model.elements import Element
from engine.runtime.behaviors.base import Behavior
from engine.runtime.expressions import ExpressionFailure, evaluate, evaluate_int, evaluate_string
from engine.runtime.jobs import DEFAULT_RETRIES, create_job
from engine.runtime.state import ElementInstance

if TYPE_CHECKING:
    from engine.runtime.processor import Processor


def finish_with_variables(
    p: Processor, ei: ElementInstance, element: Element, variables: dict[str, Any]
) -> None:
    """Job-completion rule: locals when output mappings exist, else propagate from the task's scope."""
    if variables:
        if element.io.outputs:
            p.scopes.set_locals(ei.key, variables)
        else:
            p.scopes.propagate(ei.key, variables)
    p.complete(ei)


class JobTask(Behavior):
    """Creates a job of ``zeebe:taskDefinition`` type; completes when the job completes."""

    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        headers = self.headers(p, ei, element)
        if headers is None:
            return
        try:
            job_type, retries = self.job_type_and_retries(p, ei, element)
        except ExpressionFailure as exc:
            p.incident(ei, "EXTRACT_VALUE_ERROR", str(exc), "activate")
            return
        p.activated(ei, element)
        create_job(p, ei, job_type, retries, headers)

    def job_type_and_retries(self, p: Processor, ei: ElementInstance, element: Element) -> tuple[str, int]:
        definition = element.task_definition
        assert definition is not None
        context = p.scopes.visible(ei.key) if "=" in definition.type + definition.retries else {}
        job_type = evaluate_string(definition.type, context, "job type")
        retries = evaluate_int(definition.retries or str(DEFAULT_RETRIES), context, "job retries")
        return job_type, retries

    def headers(self, p: Processor, ei: ElementInstance, element: Element) -> dict[str, str] | None:
        return dict(element.task_headers)

    def job_completed(self, p: Processor, ei: ElementInstance, variables: dict[str, Any]) -> None:
        finish_with_variables(p, ei, p.element(ei), variables)


class ScriptTask(JobTask):
    """``zeebe:script`` evaluates FEEL inline; with ``zeebe:taskDefinition`` it is a job."""

    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        if element.script is None:
            super().activate(p, ei, element)
            return
        try:
            value = evaluate(element.script.expression, p.scopes.visible(ei.key))
        except ExpressionFailure as exc:
            p.incident(ei, "EXTRACT_VALUE_ERROR", str(exc), "activate")
            return
        p.activated(ei, element)
        finish_with_variables(p, ei, element, {element.script.result_variable: value})


class BusinessRuleTask(JobTask):
    """``zeebe:calledDecision`` evaluates the latest DMN decision inline; otherwise a job."""

    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        called = element.called_decision
        if called is None:
            super().activate(p, ei, element)
            return
        from engine.runtime.decisions import evaluate_called_decision

        try:
            decision_id = evaluate_string(called.decision_id, p.scopes.visible(ei.key), "decision id")
        except ExpressionFailure as exc:
            p.incident(ei, "EXTRACT_VALUE_ERROR", str(exc), "activate")
            return
        ok, outcome = evaluate_called_decision(p, ei, decision_id)
        if not ok:
            return
        p.activated(ei, element)
        finish_with_variables(p, ei, element, {called.result_variable: outcome})


class ReceiveTask(Behavior):
    """Waits for its message (subscription opened at activation)."""

    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        from engine.runtime.behaviors.events import open_message_subscription

        if element.event is None or element.event.message is None:
            p.activated(ei, element)
            p.complete(ei)
            return
        if open_message_subscription(p, ei, ei, element, element.event.message, interrupting=True):
            p.activated(ei, element)
