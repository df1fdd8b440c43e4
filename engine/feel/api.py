"""Entry points: parse (cached), evaluate, evaluate unary tests."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from engine.feel import ast
from engine.feel.errors import FeelAbort, FeelWarning, WarningKind
from engine.feel.interpreter import Interpreter
from engine.feel.parser import parse_expression, parse_unary_tests_text
from engine.feel.scope import EvalState, Scope
from engine.feel.unary import test_input
from engine.feel.values.convert import from_python

Clock = dt.datetime | Callable[[], dt.datetime] | None
MAX_SOURCE = 100_000


@dataclass(frozen=True, slots=True)
class EvalResult:
    """The value of an evaluation plus the failures feel-scala would report as warnings.

    Attributes:
        value: the FEEL result (null → None).
        warnings: each failure that was turned into null along the way, in order.
    """

    value: Any
    warnings: list[FeelWarning] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no warning was recorded."""
        return not self.warnings


def _check_size(text: str) -> None:
    if len(text) > MAX_SOURCE:
        from engine.feel.errors import FeelSyntaxError

        raise FeelSyntaxError(
            expression=text[:200], position=0, message=f"expression longer than {MAX_SOURCE} characters"
        )


@lru_cache(maxsize=4096)
def parse(expression: str) -> ast.Expr:
    """Parse a FEEL expression; results are cached by source text.

    Raises:
        FeelSyntaxError: the text is not a FEEL expression.
    """
    _check_size(expression)
    return parse_expression(expression)


@lru_cache(maxsize=4096)
def parse_unary_tests(text: str) -> ast.UnaryTests:
    """Parse FEEL unary tests (a DMN input entry); cached by source text.

    Raises:
        FeelSyntaxError: the text is not valid unary tests.
    """
    _check_size(text)
    return parse_unary_tests_text(text)


def _state(now: Clock, rng: random.Random | None) -> EvalState:
    if isinstance(now, dt.datetime):
        fixed = now
        return EvalState(now=lambda: fixed, random=rng)
    return EvalState(now=now, random=rng)


def _run(
    node: ast.Expr, scope: Scope, state: EvalState, unary_input: Any = None, unary: bool = False
) -> EvalResult:
    interp = Interpreter(state)
    try:
        if unary:
            assert isinstance(node, ast.UnaryTests)
            value = test_input(interp, node, unary_input, scope.child({"?": unary_input}))
        else:
            value = interp.evaluate(node, scope)
    except FeelAbort as exc:
        state.warn(exc.kind, exc.message)
        value = None
    except RecursionError:
        state.warn(WarningKind.LIMIT_EXCEEDED, "evaluation nested too deeply")
        value = None
    return EvalResult(value, state.warnings)


def evaluate_with_warnings(
    expression: str | ast.Expr,
    context: Mapping[str, Any] | None = None,
    *,
    now: Clock = None,
    rng: random.Random | None = None,
) -> EvalResult:
    """Evaluate a FEEL expression and report the failures that became null.

    Args:
        expression: FEEL source text, or a tree from :func:`parse`.
        context: variables; Python ints/floats become numbers, mappings contexts.
        now: the clock for ``now()``/``today()``: a datetime or a callable returning one.
            Without it those functions give null and a NO_CLOCK warning.
        rng: random source for ``random number()``.

    Raises:
        FeelSyntaxError: the text does not parse.
    """
    node = parse(expression) if isinstance(expression, str) else expression
    return _run(node, Scope(context or {}, convert=True), _state(now, rng))


def evaluate(
    expression: str | ast.Expr, context: Mapping[str, Any] | None = None, *, now: Clock = None
) -> Any:
    """Evaluate a FEEL expression; semantic failures give None (see :func:`evaluate_with_warnings`).

    Raises:
        FeelSyntaxError: the text does not parse.
    """
    return evaluate_with_warnings(expression, context, now=now).value


def evaluate_unary_tests_with_warnings(
    tests: str | ast.UnaryTests,
    input_value: Any,
    context: Mapping[str, Any] | None = None,
    *,
    now: Clock = None,
) -> EvalResult:
    """Test ``input_value`` against unary tests; the value is True, False or None."""
    node = parse_unary_tests(tests) if isinstance(tests, str) else tests
    return _run(
        node, Scope(context or {}, convert=True), _state(now, None), from_python(input_value), unary=True
    )


def evaluate_unary_tests(
    tests: str | ast.UnaryTests,
    input_value: Any,
    context: Mapping[str, Any] | None = None,
    *,
    now: Clock = None,
) -> bool:
    """Whether ``input_value`` satisfies the unary tests (``-``, ``< 5``, ``[1..10]``, ``"a","b"``, ``? > 3``).

    A null outcome (e.g. comparing a string with a number) counts as not satisfied.

    Raises:
        FeelSyntaxError: the text does not parse.
    """
    return evaluate_unary_tests_with_warnings(tests, input_value, context, now=now).value is True
