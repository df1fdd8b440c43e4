"""Unary-test semantics: does an input value satisfy ``< 5``, ``[1..10]``, ``"a","b"``, ``? > 3``…"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.feel import ast
from engine.feel.compare import compare, equals
from engine.feel.values.ranges import Range

if TYPE_CHECKING:
    from engine.feel.interpreter import Interpreter
    from engine.feel.scope import Scope


def range_contains(r: Range, x: Any) -> bool | None:
    """True/False, or None when the input is not comparable with the bounds."""
    if x is None:
        return None
    if r.start is not None:
        c = compare(x, r.start)
        if c is None:
            return None
        if c < 0 or (c == 0 and not r.start_included):
            return False
    if r.end is not None:
        c = compare(x, r.end)
        if c is None:
            return None
        if c > 0 or (c == 0 and not r.end_included):
            return False
    return True


def _one(interp: Interpreter, test: ast.Expr, value: Any, scope: Scope) -> bool | None:
    if isinstance(test, ast.UTAny):
        return True
    if isinstance(test, ast.UTCompare):
        return interp.comparison(test.op, value, interp.evaluate(test.operand, scope.child({"?": value})))
    if isinstance(test, ast.UTInterval):
        r = interp.evaluate(test.range, scope.child({"?": value}))
        return range_contains(r, value) if isinstance(r, Range) else None
    assert isinstance(test, ast.UTExpr)
    return _expression_test(interp, test, value, scope)


def _expression_test(interp: Interpreter, test: ast.UTExpr, value: Any, scope: Scope) -> bool | None:
    result = interp.evaluate(test.expr, scope.child({"?": value}))
    if test.uses_input and isinstance(result, bool):
        return result
    if isinstance(result, Range):
        return range_contains(result, value)
    if isinstance(result, list):
        if isinstance(value, list) and equals(value, result) is True:
            return True
        return _list_contains(result, value)
    # a boolean literal is compared with the input; a computed boolean is the test's outcome
    literal = isinstance(test.expr, ast.Literal)
    if isinstance(result, bool) and not literal and not isinstance(value, bool) and value is not None:
        return result
    return equals(value, result)


def _list_contains(items: list[Any], value: Any) -> bool | None:
    for item in items:
        if isinstance(item, Range):
            if range_contains(item, value):
                return True
        elif equals(value, item) is True:
            return True
    return False


def test_input(interp: Interpreter, tests: ast.UnaryTests, value: Any, scope: Scope) -> bool | None:
    """Three-valued result of unary tests against ``value`` (a disjunction, maybe negated)."""
    outcome: bool | None = False
    for test in tests.tests:
        r = _one(interp, test, value, scope)
        if r is True:
            outcome = True
            break
        if r is None:
            outcome = None
    if tests.negated:
        return None if outcome is None else not outcome
    return outcome
