"""Evaluates one decision table, recording what Zeebe's audit shows (inputs, matched rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.dmn._scope import Scope
from engine.dmn.hit_policy import Row, apply_hit_policy
from engine.dmn.model import DecisionTable, HitPolicy, InputClause, Rule


@dataclass
class TableTrace:
    """Filled in as evaluation goes, so a failed evaluation still reports what it saw."""

    inputs: list[tuple[InputClause, Any]] = field(default_factory=list)
    matched: list[tuple[Rule, Row]] = field(default_factory=list)


def evaluate_table(table: DecisionTable, scope: Scope, trace: TableTrace) -> Any:
    """The table's result.

    Raises:
        DecisionFailure: from the hit policy or a failing expression.
    """
    values = [scope.evaluate(clause.expression) for clause in table.inputs]
    trace.inputs = list(zip(table.inputs, values, strict=True))
    matched = [rule for rule in table.rules if _matches(rule, values, scope)]
    if not matched:
        return _default_output(table, scope)
    if table.hit_policy is HitPolicy.FIRST:
        matched = matched[:1]
    rows = [tuple(scope.evaluate(entry) for entry in rule.output_entries) for rule in matched]
    trace.matched = list(zip(matched, rows, strict=True))
    return apply_hit_policy(table, rows)


def _matches(rule: Rule, values: list[Any], scope: Scope) -> bool:
    return all(scope.test(entry, value) for entry, value in zip(rule.input_entries, values, strict=True))


def _default_output(table: DecisionTable, scope: Scope) -> Any:
    defaults = {
        output.name: scope.evaluate(output.default_output_entry)
        for output in table.outputs
        if output.default_output_entry is not None
    }
    if not defaults:
        return None
    if len(defaults) == 1:
        return next(iter(defaults.values()))
    return defaults
