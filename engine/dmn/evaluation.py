"""``evaluate_decision``: one decision of a graph, its required decisions first.

A required decision's result is bound, for the decisions requiring it, under its
:attr:`~engine.dmn.model.Decision.result_name` (the ``variable`` name, else the decision id),
as in Zeebe. Required decisions are evaluated depth-first in document order, and each is
listed in ``evaluated_decisions`` in the order it finished, shaped like Zeebe's
``EvaluatedDecision``. A decision required twice (a diamond) is evaluated and listed once;
dmn-scala evaluates it again, which gives the same value but would let a hostile graph grow
exponentially. A failure stops the evaluation; the failed decision
is the last one listed, as Zeebe reports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from engine.dmn._json import json_text
from engine.dmn._scope import DecisionFailure, Scope
from engine.dmn._table_eval import TableTrace, evaluate_table
from engine.dmn.model import Decision, DecisionRequirementsGraph, DecisionTable
from engine.feel.api import Clock
from engine.feel.values.durations import YearsMonthsDuration
from engine.feel.zeebe import from_json, to_json


@dataclass(frozen=True, slots=True)
class DecisionEvaluation:
    """The outcome of evaluating one decision.

    Attributes:
        decision_id: the decision asked for.
        decision_name: its name ("" when the id is unknown).
        output: the result as a JSON-compatible value (None on failure).
        evaluated_decisions: every decision evaluated, as Zeebe's ``EvaluatedDecision`` dicts
            (``decisionId``, ``decisionName``, ``decisionType``, ``decisionOutput`` JSON text,
            ``evaluatedInputs``, ``matchedRules``).
        failed_decision_id: the decision that failed, "" on success.
        failure_message: Zeebe's "Expected to evaluate decision '…', but …", "" on success.
        warnings: FEEL warnings met on the way (missing variables and the like).
    """

    decision_id: str
    decision_name: str
    output: Any
    evaluated_decisions: tuple[Mapping[str, Any], ...] = ()
    failed_decision_id: str = ""
    failure_message: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return bool(self.failure_message)


def evaluate_decision(
    drg: DecisionRequirementsGraph, decision_id: str, variables: Mapping[str, Any], *, now: Clock = None
) -> DecisionEvaluation:
    """Evaluate ``decision_id`` of ``drg`` with ``variables``.

    Args:
        drg: the parsed graph.
        decision_id: the decision to evaluate.
        variables: JSON-compatible values (FEEL values are accepted as they are).
        now: the engine clock (a datetime or a callable returning one) for FEEL's ``now()`` and
            ``today()``; without it those give null and a warning.

    Returns:
        The evaluation; a failing decision does not raise, its failure is in the result.
    """
    run = _Run(drg, {name: from_json(value) for name, value in variables.items()}, now)
    decision = drg.decisions.get(decision_id)
    try:
        if decision is None:
            raise DecisionFailure(f"no decision found with id '{decision_id}'")
        value = run.evaluate(decision)
    except DecisionFailure as failure:
        return DecisionEvaluation(
            decision_id=decision_id,
            decision_name=decision.name if decision else "",
            output=None,
            evaluated_decisions=tuple(run.audit),
            failed_decision_id=run.audit[-1]["decisionId"] if run.audit else decision_id,
            failure_message=f"Expected to evaluate decision '{decision_id}', but {failure.message}",
            warnings=tuple(run.warnings),
        )
    return DecisionEvaluation(
        decision_id=decision_id,
        decision_name=decision.name,
        output=to_json(value),
        evaluated_decisions=tuple(run.audit),
        warnings=tuple(run.warnings),
    )


class _Run:
    """State of one top-level evaluation: the audit list and warnings."""

    def __init__(self, drg: DecisionRequirementsGraph, variables: Mapping[str, Any], now: Clock) -> None:
        self.drg = drg
        self.variables = variables
        self.now = now
        self.audit: list[dict[str, Any]] = []
        self.warnings: list[str] = []
        self.results: dict[str, Any] = {}

    def evaluate(self, decision: Decision) -> Any:
        required = {}
        for required_id in decision.required_decisions:
            dependency = self.drg.decisions[required_id]
            if required_id not in self.results:
                self.results[required_id] = self.evaluate(dependency)
            required[dependency.result_name] = self.results[required_id]
        scope = Scope({**self.variables, **required}, self.warnings, self.now)
        trace = TableTrace()
        try:
            if isinstance(decision.logic, DecisionTable):
                value = evaluate_table(decision.logic, scope, trace)
            else:
                value = scope.evaluate(decision.logic.text)
        except DecisionFailure:
            self.audit.append(_audit_entry(decision, None, trace))
            raise
        self.audit.append(_audit_entry(decision, value, trace))
        _check_result_type(decision, value)
        return value


def _audit_entry(decision: Decision, value: Any, trace: TableTrace) -> dict[str, Any]:
    return {
        "decisionId": decision.id,
        "decisionName": decision.name,
        "decisionType": decision.decision_type.value,
        "decisionOutput": json_text(value),
        "evaluatedInputs": [
            {"inputId": clause.id, "inputName": clause.label or "", "inputValue": json_text(input_value)}
            for clause, input_value in trace.inputs
        ],
        "matchedRules": [
            {
                "ruleId": rule.id,
                "ruleIndex": rule.index,
                "evaluatedOutputs": [
                    {
                        "outputId": output.id,
                        "outputName": output.name or "",
                        "outputValue": json_text(output_value),
                    }
                    for output, output_value in zip(_outputs(decision), row, strict=True)
                ],
            }
            for rule, row in trace.matched
        ],
    }


def _outputs(decision: Decision) -> tuple[Any, ...]:
    return decision.logic.outputs if isinstance(decision.logic, DecisionTable) else ()


_TYPE_CHECKS: dict[str, tuple[str, Any]] = {
    "string": ("string", lambda v: isinstance(v, str)),
    "number": ("number", lambda v: isinstance(v, Decimal | int) and not isinstance(v, bool)),
    "boolean": ("boolean", lambda v: isinstance(v, bool)),
    "date": ("date", lambda v: isinstance(v, date) and not isinstance(v, datetime)),
    "time": ("time", lambda v: isinstance(v, time)),
    "dateTime": ("dateTime", lambda v: isinstance(v, datetime)),
    "dayTimeDuration": ("dayTimeDuration", lambda v: isinstance(v, timedelta)),
    "yearMonthDuration": ("yearMonthDuration", lambda v: isinstance(v, YearsMonthsDuration)),
}


def _check_result_type(decision: Decision, value: Any) -> None:
    """dmn-scala checks a decision's result against its variable's typeRef (null passes)."""
    type_ref = (decision.variable_type_ref or "").removeprefix("feel:")
    check = _TYPE_CHECKS.get(type_ref)
    if value is None or check is None:
        return
    name, predicate = check
    if not predicate(value):
        raise DecisionFailure(f"expected '{name}' but found '{json_text(value)}'")
