"""Numeric built-ins: rounding family, abs, modulo, sqrt, log, exp, odd/even, random."""

from __future__ import annotations

import datetime as dt
import math
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


_MODES = {"UP": ROUND_UP, "DOWN": ROUND_DOWN, "CEILING": ROUND_CEILING, "FLOOR": ROUND_FLOOR,
          "HALF_UP": ROUND_HALF_UP, "HALF_DOWN": ROUND_HALF_DOWN, "HALF_EVEN": ROUND_HALF_EVEN}  # fmt: skip


@builtin("decimal", "n", "scale", "mode")
def decimal_with_mode(n: Any, scale: Any, mode: Any) -> Decimal:
    rounding = _MODES.get(a.string(mode, "mode").upper())
    if rounding is None:
        raise fail(f"unknown rounding mode '{mode}', expected one of {', '.join(_MODES)}")
    return _round(n, scale, rounding)


@builtin("abs", "number")
def absolute_number(number: Any) -> Any:
    return absolute(number)


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


def _via_double(fn: Any, n: Decimal) -> Decimal:
    # feel-scala computes these with java.lang.Math on doubles; so do we, for the same digits
    result = fn(float(n))
    if not math.isfinite(result):
        raise fail("result out of range")
    return Decimal(repr(result))


@builtin("sqrt", "number")
def sqrt(number: Any) -> Decimal:
    n = a.number(number)
    if n < 0:
        raise fail("square root of a negative number")
    return _via_double(math.sqrt, n)


@builtin("log", "number")
def log(number: Any) -> Decimal:
    n = a.number(number)
    if n <= 0:
        raise fail("logarithm of a non-positive number")
    return _via_double(math.log, n)


@builtin("exp", "number")
def exp(number: Any) -> Decimal:
    try:
        return _via_double(math.exp, a.number(number))
    except OverflowError as exc:
        raise fail("result out of range") from exc


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
