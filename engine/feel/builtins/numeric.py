"""Numeric built-ins: rounding family, abs, modulo, sqrt, log, exp, odd/even, random."""

from __future__ import annotations

import datetime as dt
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
)
from typing import TYPE_CHECKING, Any

from engine.feel.builtins import args as a
from engine.feel.builtins.registry import builtin, fail
from engine.feel.errors import WarningKind
from engine.feel.numbers import DEC
from engine.feel.values.durations import YearsMonthsDuration

if TYPE_CHECKING:
    from engine.feel.interpreter import Interpreter

_MAX_SCALE = 6176
_MIN_SCALE = -6111


def _round(n: Any, scale: Any, mode: str) -> Decimal:
    value = a.number(n)
    digits = a.integer(scale, "scale")
    if not _MIN_SCALE <= digits <= _MAX_SCALE:
        raise fail("scale out of range")
    if value.is_finite() and value.as_tuple().exponent >= -digits and digits >= 0:  # type: ignore[operator]
        return value
    result = value.quantize(Decimal(1).scaleb(-digits), rounding=mode, context=DEC)
    return result if digits >= 0 else Decimal(int(result))


@builtin("decimal", "n", "scale")
def decimal(n: Any, scale: Any) -> Decimal:
    return _round(n, scale, ROUND_HALF_EVEN)


@builtin("floor", "n", "scale?")
def floor(n: Any, scale: Any = Decimal(0)) -> Decimal:
    return _round(n, scale, ROUND_FLOOR)


@builtin("ceiling", "n", "scale?")
def ceiling(n: Any, scale: Any = Decimal(0)) -> Decimal:
    return _round(n, scale, ROUND_CEILING)


@builtin("round up", "n", "scale?")
def round_up(n: Any, scale: Any = Decimal(0)) -> Decimal:
    return _round(n, scale, ROUND_UP)


@builtin("round down", "n", "scale?")
def round_down(n: Any, scale: Any = Decimal(0)) -> Decimal:
    return _round(n, scale, ROUND_DOWN)


@builtin("round half up", "n", "scale?")
def round_half_up(n: Any, scale: Any = Decimal(0)) -> Decimal:
    return _round(n, scale, ROUND_HALF_UP)


@builtin("round half down", "n", "scale?")
def round_half_down(n: Any, scale: Any = Decimal(0)) -> Decimal:
    return _round(n, scale, ROUND_HALF_DOWN)


@builtin("abs", "n")
def absolute(n: Any) -> Any:
    if isinstance(n, dt.timedelta):
        return abs(n)
    if isinstance(n, YearsMonthsDuration):
        return YearsMonthsDuration(abs(n.total_months))
    return DEC.abs(a.number(n))


@builtin("modulo", "dividend", "divisor")
def modulo(dividend: Any, divisor: Any) -> Decimal:
    x, y = a.number(dividend, "dividend"), a.number(divisor, "divisor")
    if not y:
        raise fail("division by zero")
    quotient = DEC.divide(x, y).to_integral_value(rounding=ROUND_FLOOR)
    return DEC.subtract(x, DEC.multiply(y, quotient))


@builtin("sqrt", "number")
def sqrt(number: Any) -> Decimal:
    n = a.number(number)
    if n < 0:
        raise fail("square root of a negative number")
    return DEC.sqrt(n)


@builtin("log", "number")
def log(number: Any) -> Decimal:
    n = a.number(number)
    if n <= 0:
        raise fail("logarithm of a non-positive number")
    return DEC.ln(n)


@builtin("exp", "number")
def exp(number: Any) -> Decimal:
    return DEC.exp(a.number(number))


@builtin("odd", "number")
def odd(number: Any) -> bool:
    return a.integer(number) % 2 == 1


@builtin("even", "number")
def even(number: Any) -> bool:
    return a.integer(number) % 2 == 0


@builtin("random number", state=True)
def random_number(interp: Interpreter) -> Decimal | None:
    rng = interp.state.random
    if rng is None:
        interp.warn(WarningKind.NO_CLOCK, "random number() needs an injected random source")
        return None
    return Decimal(repr(rng.random()))
