"""Decisions at run time: business-rule tasks with ``zeebe:calledDecision`` and EvaluateDecision."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.records import ValueType
from engine.runtime.definitions import Resource
from engine.runtime.state import ElementInstance

if TYPE_CHECKING:
    from engine.runtime.processor import Processor


def run_decision(p: Processor, decision: Resource, variables: dict[str, Any], pik: int = -1) -> Any:
    """Evaluate a deployed decision; writes a DECISION_EVALUATION record. Returns the evaluation."""
    from engine.dmn import evaluate_decision

    drg = p.registry.by_key[decision.parent_key]
    evaluation = evaluate_decision(drg.model, decision.resource_id, variables)
    p.state.record(
        ValueType.DECISION_EVALUATION,
        "FAILED" if evaluation.failed_decision_id else "EVALUATED",
        p.state.keys.next(),
        p.now_ms,
        {
            "decisionId": decision.resource_id,
            "decisionKey": decision.key,
            "decisionVersion": decision.version,
            "decisionOutput": evaluation.output,
            "failedDecisionId": evaluation.failed_decision_id,
            "evaluationFailureMessage": evaluation.failure_message,
            "processInstanceKey": pik,
        },
        pik,
    )
    return evaluation


def evaluate_called_decision(p: Processor, ei: ElementInstance, decision_id: str) -> tuple[bool, Any]:
    """(True, output) of the latest ``decision_id`` for a business rule task; (False, None) after an incident."""
    decision = p.registry.latest("decision", decision_id)
    if decision is None:
        p.incident(
            ei,
            "CALLED_DECISION_ERROR",
            f"Expected to evaluate decision '{decision_id}', but no decision found for id '{decision_id}'",
            "activate",
        )
        return False, None
    evaluation = run_decision(p, decision, p.scopes.visible(ei.key), ei.process_instance_key)
    if evaluation.failed_decision_id:
        p.incident(ei, "DECISION_EVALUATION_ERROR", evaluation.failure_message, "activate")
        return False, None
    return True, evaluation.output
