"""The typed FEEL syntax tree: frozen dataclasses, one per construct.

Every node carries ``pos``, the 0-based source offset where it starts (for messages).
Unary-test nodes (``UT*``) only occur inside :class:`UnaryTests` and :class:`In`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class Expr:
    """Base of every node."""

    pos: int = field(default=0, kw_only=True, compare=False)


@dataclass(frozen=True, slots=True)
class Literal(Expr):
    """A number (Decimal), string, boolean or null constant."""

    value: Any


@dataclass(frozen=True, slots=True)
class TemporalLiteral(Expr):
    """``@"..."``: a date, time, date-time or duration written as a string."""

    text: str


@dataclass(frozen=True, slots=True)
class Name(Expr):
    """A variable reference; multi-word names are joined by single spaces."""

    name: str


@dataclass(frozen=True, slots=True)
class Path(Expr):
    """``target.name``: a context entry, a temporal property or a mapping over a list."""

    target: Expr
    name: str


@dataclass(frozen=True, slots=True)
class Filter(Expr):
    """``target[condition]``: an index (number) or a boolean filter over ``item``."""

    target: Expr
    condition: Expr


@dataclass(frozen=True, slots=True)
class Call(Expr):
    """A function invocation with positional or named arguments (never both)."""

    callee: Expr
    args: tuple[Expr, ...]
    named: tuple[tuple[str, Expr], ...] | None = None


@dataclass(frozen=True, slots=True)
class Negation(Expr):
    """Arithmetic negation ``-x``."""

    operand: Expr


@dataclass(frozen=True, slots=True)
class Arithmetic(Expr):
    """``+ - * / **``."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Comparison(Expr):
    """``= != < <= > >=``."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class And(Expr):
    """Three-valued conjunction."""

    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Or(Expr):
    """Three-valued disjunction."""

    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Between(Expr):
    """``value between low and high`` (both ends inclusive)."""

    value: Expr
    low: Expr
    high: Expr


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A FEEL type as written after ``instance of`` or in a typed parameter."""

    name: str
    args: tuple[TypeRef, ...] = ()
    fields: tuple[tuple[str, TypeRef], ...] = ()


@dataclass(frozen=True, slots=True)
class InstanceOf(Expr):
    """``value instance of type``."""

    value: Expr
    type: TypeRef


@dataclass(frozen=True, slots=True)
class If(Expr):
    """``if c then a else b``; a non-boolean condition takes the else branch."""

    condition: Expr
    then: Expr
    otherwise: Expr


@dataclass(frozen=True, slots=True)
class IterationRange(Expr):
    """``a..b`` after ``in`` in ``for``: integers from a to b, either direction."""

    start: Expr
    end: Expr


@dataclass(frozen=True, slots=True)
class For(Expr):
    """``for x in xs, y in ys return body``; ``partial`` holds the results so far."""

    iterators: tuple[tuple[str, Expr], ...]
    body: Expr


@dataclass(frozen=True, slots=True)
class Quantified(Expr):
    """``some``/``every`` ``x in xs satisfies condition``."""

    every: bool
    iterators: tuple[tuple[str, Expr], ...]
    condition: Expr


@dataclass(frozen=True, slots=True)
class FunctionDef(Expr):
    """``function(a, b: number) body``."""

    params: tuple[tuple[str, TypeRef | None], ...]
    body: Expr


@dataclass(frozen=True, slots=True)
class ListExpr(Expr):
    """``[a, b, c]``."""

    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class ContextExpr(Expr):
    """``{key: value, ...}``; later entries see earlier ones."""

    entries: tuple[tuple[str, Expr], ...]


@dataclass(frozen=True, slots=True)
class RangeExpr(Expr):
    """An interval literal; a missing bound (from a unary comparison) is ``None``."""

    start: Expr | None
    start_included: bool
    end: Expr | None
    end_included: bool


# --------------------------------------------------------------------------- unary tests


@dataclass(frozen=True, slots=True)
class UTAny(Expr):
    """``-``: matches every input."""


@dataclass(frozen=True, slots=True)
class UTCompare(Expr):
    """``< e``, ``<= e``, ``> e``, ``>= e``, ``= e``, ``!= e`` against the input."""

    op: str
    operand: Expr


@dataclass(frozen=True, slots=True)
class UTInterval(Expr):
    """``[a..b]`` and friends, tested for containing the input."""

    range: RangeExpr


@dataclass(frozen=True, slots=True)
class UTExpr(Expr):
    """An expression: equal to the input, containing it (list/range), or a boolean using ``?``."""

    expr: Expr
    uses_input: bool


@dataclass(frozen=True, slots=True)
class UnaryTests(Expr):
    """A comma-separated disjunction of unary tests, optionally wrapped in ``not(...)``."""

    tests: tuple[Expr, ...]
    negated: bool = False


@dataclass(frozen=True, slots=True)
class In(Expr):
    """``value in tests``: the right-hand side is one or more positive unary tests."""

    value: Expr
    tests: UnaryTests


def walk(node: Any) -> Iterator[Expr]:
    """Every node of a tree, the root first."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, tuple):
            stack.extend(current)
        elif isinstance(current, Expr):
            yield current
            stack.extend(getattr(current, f.name) for f in fields(current))
