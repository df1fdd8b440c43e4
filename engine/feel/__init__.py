"""FEEL (Friendly Enough Expression Language) as Camunda's feel-scala defines it.

Stages: :mod:`lexer` → :mod:`parser` (Pratt) → :mod:`ast` (frozen dataclasses) →
:mod:`interpreter`. Built-ins live in :mod:`engine.feel.builtins`, one module per group.
Only syntax errors raise; semantic failures are null plus a :class:`FeelWarning`.

Values: numbers are ``Decimal`` (34 digits), dates ``datetime.date``, times
``datetime.time``, date-times ``datetime.datetime`` (zones as fixed offsets or ``ZoneInfo``),
days-and-time durations ``timedelta``, years-and-months durations
:class:`YearsMonthsDuration`, ranges :class:`Range`, functions :class:`FeelFunction`,
lists ``list`` and contexts ``dict``.
"""

from engine.feel.api import (
    Clock,
    EvalResult,
    evaluate,
    evaluate_unary_tests,
    evaluate_unary_tests_with_warnings,
    evaluate_with_warnings,
    parse,
    parse_unary_tests,
)
from engine.feel.ast import Expr, UnaryTests
from engine.feel.errors import FeelSyntaxError, FeelWarning, WarningKind
from engine.feel.values import FeelFunction, Range, YearsMonthsDuration

__all__ = [
    "Clock",
    "EvalResult",
    "Expr",
    "FeelFunction",
    "FeelSyntaxError",
    "FeelWarning",
    "Range",
    "UnaryTests",
    "WarningKind",
    "YearsMonthsDuration",
    "evaluate",
    "evaluate_unary_tests",
    "evaluate_unary_tests_with_warnings",
    "evaluate_with_warnings",
    "parse",
    "parse_unary_tests",
]
