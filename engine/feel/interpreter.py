"""The FEEL tree-walking interpreter.

``Interpreter.evaluate(node, scope)`` dispatches on the node class (one ``_eval_<Node>`` method
each, looked up once per class). Semantic failures never raise: they record a warning on the
:class:`EvalState` and yield null, as feel-scala does. Only :class:`FeelLimitExceeded` unwinds
the whole evaluation.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from engine.feel import arithmetic, ast
from engine.feel.builtins import lookup_builtin
from engine.feel.compare import compare, equals, kind_of
from engine.feel.errors import FeelEvalError, FeelLimitExceeded, WarningKind
from engine.feel.invoke import invoke, no_function
from engine.feel.properties import get_property
from engine.feel.scope import MAX_CALL_DEPTH, MAX_ITEMS, MISSING, EvalState, Scope
from engine.feel.typecheck import conforms
from engine.feel.unary import range_contains, test_input
from engine.feel.values.functions import FeelFunction
from engine.feel.values.ranges import Range
from engine.feel.values.temporal import parse_temporal

_CMP = {"<": lambda c: c < 0, "<=": lambda c: c <= 0, ">": lambda c: c > 0, ">=": lambda c: c >= 0}


class Interpreter:
    """Evaluates AST nodes against a scope, collecting warnings in ``state``."""

    def __init__(self, state: EvalState) -> None:
        self.state = state
        self._dispatch: dict[type, Callable[[Any, Scope], Any]] = {}

    def evaluate(self, node: ast.Expr, scope: Scope) -> Any:
        method = self._dispatch.get(type(node))
        if method is None:
            method = getattr(self, "_eval_" + type(node).__name__)
            self._dispatch[type(node)] = method
        return method(node, scope)

    def warn(self, kind: str, message: str) -> None:
        self.state.warn(kind, message)

    # ------------------------------------------------------------------ atoms

    def _eval_Literal(self, node: ast.Literal, scope: Scope) -> Any:
        return node.value

    def _eval_TemporalLiteral(self, node: ast.TemporalLiteral, scope: Scope) -> Any:
        value = parse_temporal(node.text)
        if value is None:
            self.warn(WarningKind.INVALID_TYPE, f'invalid temporal literal @"{node.text}"')
        return value

    def _eval_Name(self, node: ast.Name, scope: Scope) -> Any:
        value = scope.lookup(node.name)
        if value is not MISSING:
            return value
        fn = lookup_builtin(node.name)
        if fn is not None:
            return fn
        hint = difflib.get_close_matches(node.name, scope.names(), n=1)
        suffix = f" (did you mean '{hint[0]}'?)" if hint else ""
        self.warn(WarningKind.NO_VARIABLE_FOUND, f"No variable found with name '{node.name}'{suffix}")
        return None

    def _eval_ListExpr(self, node: ast.ListExpr, scope: Scope) -> Any:
        return [self.evaluate(item, scope) for item in node.items]

    def _eval_ContextExpr(self, node: ast.ContextExpr, scope: Scope) -> Any:
        result: dict[str, Any] = {}
        inner = scope.child(result)
        for key, expr in node.entries:
            if key in result:
                self.warn(WarningKind.INVALID_TYPE, f"duplicate context entry '{key}'")
                return None
            result[key] = self.evaluate(expr, inner)
        return result

    def _eval_RangeExpr(self, node: ast.RangeExpr, scope: Scope) -> Any:
        start = None if node.start is None else self.evaluate(node.start, scope)
        end = None if node.end is None else self.evaluate(node.end, scope)
        if (node.start is not None and start is None) or (node.end is not None and end is None):
            return None
        if start is not None and end is not None and compare(start, end) is None:
            self.warn(WarningKind.INVALID_TYPE, f"invalid range bounds {kind_of(start)} and {kind_of(end)}")
            return None
        for bound in (start, end):
            if bound is not None and compare(bound, bound) is None:
                self.warn(WarningKind.INVALID_TYPE, f"a range can't have a {kind_of(bound)} bound")
                return None
        return Range(start, node.start_included, end, node.end_included)

    def _eval_FunctionDef(self, node: ast.FunctionDef, scope: Scope) -> Any:
        return FeelFunction(
            name="anonymous function",
            params=tuple(p for p, _ in node.params),
            param_types=tuple(t for _, t in node.params),
            body=node.body,
            closure=scope,
        )

    # ------------------------------------------------------------------ operators

    def _eval_Negation(self, node: ast.Negation, scope: Scope) -> Any:
        value = self.evaluate(node.operand, scope)
        if value is None:
            return None
        return self._guard(lambda: arithmetic.negate(value))

    def _eval_Arithmetic(self, node: ast.Arithmetic, scope: Scope) -> Any:
        left = self.evaluate(node.left, scope)
        right = self.evaluate(node.right, scope)
        if left is None or right is None:
            return None
        return self._guard(lambda: arithmetic.apply(node.op, left, right))

    def _guard(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except FeelEvalError as exc:
            self.warn(exc.kind, exc.message)
            return None

    def _eval_Comparison(self, node: ast.Comparison, scope: Scope) -> Any:
        return self.comparison(node.op, self.evaluate(node.left, scope), self.evaluate(node.right, scope))

    def comparison(self, op: str, left: Any, right: Any) -> bool | None:
        if op in ("=", "!="):
            eq = equals(left, right)
            if eq is None:
                self.warn(WarningKind.NOT_COMPARABLE, f"can't compare {kind_of(left)} with {kind_of(right)}")
                return None
            return eq if op == "=" else not eq
        if left is None or right is None:
            return None
        order = compare(left, right)
        if order is None:
            self.warn(WarningKind.NOT_COMPARABLE, f"can't compare {kind_of(left)} with {kind_of(right)}")
            return None
        return bool(_CMP[op](order))

    def _eval_And(self, node: ast.And, scope: Scope) -> Any:
        left = self.evaluate(node.left, scope)
        if left is False:
            return False
        right = self.evaluate(node.right, scope)
        if right is False:
            return False
        return True if left is True and right is True else None

    def _eval_Or(self, node: ast.Or, scope: Scope) -> Any:
        left = self.evaluate(node.left, scope)
        if left is True:
            return True
        right = self.evaluate(node.right, scope)
        if right is True:
            return True
        return False if left is False and right is False else None

    def _eval_Between(self, node: ast.Between, scope: Scope) -> Any:
        value = self.evaluate(node.value, scope)
        low = self.comparison(">=", value, self.evaluate(node.low, scope))
        high = self.comparison("<=", value, self.evaluate(node.high, scope))
        if low is False or high is False:
            return False
        return True if low and high else None

    def _eval_In(self, node: ast.In, scope: Scope) -> Any:
        joined = _name_with_in(node)
        if joined is not None:
            value = scope.lookup(joined)
            if value is not MISSING:
                return value
        return test_input(self, node.tests, self.evaluate(node.value, scope), scope)

    def _eval_UnaryTests(self, node: ast.UnaryTests, scope: Scope) -> Any:
        return test_input(self, node, scope.lookup("?"), scope)

    def _eval_InstanceOf(self, node: ast.InstanceOf, scope: Scope) -> Any:
        result = conforms(self.evaluate(node.value, scope), node.type)
        if result is None:
            self.warn(WarningKind.INVALID_TYPE, f"unknown type '{node.type.name}'")
        return result

    def _eval_If(self, node: ast.If, scope: Scope) -> Any:
        cond = self.evaluate(node.condition, scope)
        return self.evaluate(node.then if cond is True else node.otherwise, scope)

    # ------------------------------------------------------------------ paths, filters, calls

    def _eval_Path(self, node: ast.Path, scope: Scope) -> Any:
        return self.path(self.evaluate(node.target, scope), node.name)

    def path(self, target: Any, name: str) -> Any:
        if target is None:
            self.warn(
                WarningKind.NO_CONTEXT_ENTRY_FOUND,
                f"No context entry found with key '{name}'. The context is null",
            )
            return None
        if isinstance(target, dict):
            if name in target:
                return target[name]
            keys = f"Available keys: {', '.join(target)}" if target else "The context is empty"
            self.warn(WarningKind.NO_CONTEXT_ENTRY_FOUND, f"No context entry found with key '{name}'. {keys}")
            return None
        if isinstance(target, list):
            return [self.path(item, name) for item in target]
        found, value = get_property(target, name)
        if not found:
            self.warn(
                WarningKind.NO_PROPERTY_FOUND, f"No property found with name '{name}' of {kind_of(target)}"
            )
        return value

    def _eval_Filter(self, node: ast.Filter, scope: Scope) -> Any:
        target = self.evaluate(node.target, scope)
        if target is None:
            return None
        items = target if isinstance(target, list) else [target]
        cond = node.condition
        if isinstance(cond, ast.Literal) and isinstance(cond.value, Decimal):
            return _index(items, cond.value)
        if isinstance(cond, ast.Negation) and isinstance(cond.operand, ast.Literal):
            value = cond.operand.value
            if isinstance(value, Decimal):
                return _index(items, -value)
        return self._filter_items(items, cond, scope)

    def _filter_items(self, items: list[Any], cond: ast.Expr, scope: Scope) -> Any:
        out = []
        for n, item in enumerate(items):
            self.state.tick()
            # an entry named "item" wins over the item itself, as in feel-scala
            bindings = {"item": item, **item} if isinstance(item, dict) else {"item": item}
            result = self.evaluate(cond, scope.child(bindings))
            if n == 0 and isinstance(result, Decimal) and not isinstance(result, bool):
                return _index(items, result)
            if result is True:
                out.append(item)
        return out

    def _eval_Call(self, node: ast.Call, scope: Scope) -> Any:
        fn = self._callee(node.callee, scope)
        name = node.callee.name if isinstance(node.callee, ast.Name) else None
        if fn is not None and fn.name == "is defined" and fn.native is not None and len(node.args) == 1:
            return self._is_defined(node.args[0], scope)
        args = [self.evaluate(a, scope) for a in node.args]
        named = None if node.named is None else {k: self.evaluate(v, scope) for k, v in node.named}
        if fn is None:
            if name is not None:
                self.warn(WarningKind.NO_FUNCTION_FOUND, no_function(name, args, named))
            return None
        return self.call(fn, args, named, name=name)

    def _is_defined(self, arg: ast.Expr, scope: Scope) -> bool:
        # a missing variable or entry is "not defined" and, being expected here, not worth a warning
        before = len(self.state.warnings)
        value = self.evaluate(arg, scope)
        missing = any(
            w.kind in (WarningKind.NO_VARIABLE_FOUND, WarningKind.NO_CONTEXT_ENTRY_FOUND)
            for w in self.state.warnings[before:]
        )
        del self.state.warnings[before:]
        return not missing and value is not None

    def _callee(self, callee: ast.Expr, scope: Scope) -> FeelFunction | None:
        if isinstance(callee, ast.Name):
            value = scope.lookup(callee.name)
            if isinstance(value, FeelFunction):
                return value
            return lookup_builtin(callee.name)
        value = self.evaluate(callee, scope)
        if isinstance(value, FeelFunction):
            return value
        if value is not None:
            self.warn(WarningKind.NO_FUNCTION_FOUND, f"{kind_of(value)} is not a function")
        return None

    def call(
        self,
        fn: FeelFunction,
        args: list[Any],
        named: dict[str, Any] | None = None,
        *,
        name: str | None = None,
    ) -> Any:
        """Invoke a FEEL function value (used by the interpreter and by built-ins like ``sort``)."""
        self.state.depth += 1
        try:
            if self.state.depth > MAX_CALL_DEPTH:
                raise FeelLimitExceeded(f"function calls nested deeper than {MAX_CALL_DEPTH}")
            self.state.tick()
            return invoke(self, fn, args, named, name)
        finally:
            self.state.depth -= 1

    def call_lambda(self, fn: FeelFunction, bound: dict[str, Any]) -> Any:
        for name, typ in zip(fn.params, fn.param_types, strict=False):
            if typ is not None and bound.get(name) is not None and conforms(bound[name], typ) is False:
                self.warn(WarningKind.INVALID_TYPE, f"parameter '{name}' expects {typ.name}")
                return None
        assert fn.body is not None
        return self.evaluate(fn.body, Scope(bound, fn.closure))

    # ------------------------------------------------------------------ iteration

    def _domain(self, expr: ast.Expr, scope: Scope) -> list[Any] | None:
        if isinstance(expr, ast.IterationRange):
            start, end = self.evaluate(expr.start, scope), self.evaluate(expr.end, scope)
            if (
                not (isinstance(start, Decimal) and isinstance(end, Decimal))
                or start != start.to_integral_value()
                or end != end.to_integral_value()
            ):
                self.warn(WarningKind.INVALID_TYPE, "a for range needs two integers")
                return None
            return _int_range(int(start), int(end))
        value = self.evaluate(expr, scope)
        if isinstance(value, Range):
            return _range_items(value)
        if value is None:
            return None
        return value if isinstance(value, list) else [value]

    def _bindings(
        self, iterators: tuple[tuple[str, ast.Expr], ...], scope: Scope
    ) -> list[dict[str, Any]] | None:
        combos: list[dict[str, Any]] = [{}]
        for name, expr in iterators:
            nxt: list[dict[str, Any]] = []
            for combo in combos:
                domain = self._domain(expr, scope.child(combo) if combo else scope)
                if domain is None:
                    return None
                self.state.tick(len(domain))
                nxt.extend({**combo, name: v} for v in domain)
                if len(nxt) > MAX_ITEMS:
                    raise FeelLimitExceeded(f"iteration over more than {MAX_ITEMS} items")
            combos = nxt
        return combos

    def _eval_For(self, node: ast.For, scope: Scope) -> Any:
        combos = self._bindings(node.iterators, scope)
        if combos is None:
            return None
        results: list[Any] = []
        # ``partial`` is a snapshot (a shared, growing list could end up containing itself)
        snapshot = _mentions(node.body, "partial")
        for combo in combos:
            combo["partial"] = list(results) if snapshot else results
            results.append(self.evaluate(node.body, scope.child(combo)))
        return results

    def _eval_Quantified(self, node: ast.Quantified, scope: Scope) -> Any:
        combos = self._bindings(node.iterators, scope)
        if combos is None:
            return None
        # three-valued like and/or: a decisive item wins, otherwise any non-boolean makes it null
        decisive = not node.every
        undecided = False
        for combo in combos:
            result = self.evaluate(node.condition, scope.child(combo))
            if result is decisive:
                return decisive
            if not isinstance(result, bool):
                undecided = True
        return None if undecided else node.every

    def _eval_IterationRange(self, node: ast.IterationRange, scope: Scope) -> Any:
        return self._domain(node, scope)


def _mentions(node: ast.Expr, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.name == name for n in ast.walk(node))


def _name_with_in(node: ast.In) -> str | None:
    """``values in a list`` may be one variable name that contains the word ``in``."""
    tests = node.tests.tests
    if isinstance(node.value, ast.Name) and len(tests) == 1 and isinstance(tests[0], ast.UTExpr):
        inner = tests[0].expr
        if isinstance(inner, ast.Name):
            return f"{node.value.name} in {inner.name}"
    return None


def _index(items: list[Any], index: Decimal) -> Any:
    if index != index.to_integral_value():
        return None
    i = int(index)
    if i > 0 and i <= len(items):
        return items[i - 1]
    if i < 0 and -i <= len(items):
        return items[i]
    return None


def _int_range(start: int, end: int) -> list[Any]:
    if abs(end - start) > MAX_ITEMS:
        raise FeelLimitExceeded(f"range with more than {MAX_ITEMS} items")
    step = 1 if end >= start else -1
    return [Decimal(i) for i in range(start, end + step, step)]


def _range_items(r: Range) -> list[Any] | None:
    if not (isinstance(r.start, Decimal) and isinstance(r.end, Decimal)):
        return None
    start = int(r.start) + (0 if r.start_included else 1)
    end = int(r.end) - (0 if r.end_included else 1)
    return _int_range(start, end) if end >= start else []


__all__ = ["Interpreter", "range_contains"]
