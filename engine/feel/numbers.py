"""FEEL number arithmetic context: 34 significant digits, half-even (Java's DECIMAL128)."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow

DEC = Context(
    prec=34,
    rounding=ROUND_HALF_EVEN,
    Emax=6144,
    Emin=-6143,
    traps=[InvalidOperation, Overflow, DivisionByZero],
)
ARITH_ERRORS = (InvalidOperation, Overflow, DivisionByZero, ArithmeticError)


def is_number(value: object) -> bool:
    return isinstance(value, Decimal)


def is_integral(value: Decimal) -> bool:
    return value.is_finite() and value == value.to_integral_value()


def to_int(value: Decimal) -> int:
    return int(value.to_integral_value(rounding="ROUND_DOWN"))
