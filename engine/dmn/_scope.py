"""The FEEL side of one decision's evaluation: variables in, values and warnings out.

FEEL turns semantic problems into null plus a warning (as feel-scala does); a decision keeps
going on such nulls, and the warnings travel with the result. Only the failures that also stop
a feel-scala evaluation (a failed ``assert``, an exhausted resource bound) fail the decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine import feel
from engine.feel.api import Clock
from engine.feel.errors import WarningKind

_FAILING_KINDS = frozenset({WarningKind.ASSERTION_FAILURE.value, WarningKind.LIMIT_EXCEEDED.value})


class DecisionFailure(Exception):
    """The decision cannot produce a result; ``message`` says why (Zeebe's failure reason)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class Scope:
    """Evaluates expressions and unary tests against one set of variables."""

    def __init__(self, variables: Mapping[str, Any], warnings: list[str], now: Clock = None) -> None:
        self.variables = variables
        self.warnings = warnings
        self.now = now

    def evaluate(self, expression: str) -> Any:
        """Evaluate a FEEL expression, recording its warnings.

        Raises:
            DecisionFailure: when FEEL reports a failure that stops evaluation.
        """
        result = feel.evaluate_with_warnings(expression, self.variables, now=self.now)
        for warning in result.warnings:
            if str(warning.kind) in _FAILING_KINDS:
                raise DecisionFailure(f"failed to evaluate expression '{expression}': {warning.message}")
            self.warnings.append(f"{warning.kind}: {warning.message}")
        return result.value

    def test(self, tests: str, input_value: Any) -> bool:
        """Whether ``input_value`` satisfies the unary tests; empty tests match anything."""
        if not tests.strip():
            return True
        return bool(feel.evaluate_unary_tests(tests, input_value, self.variables, now=self.now))
