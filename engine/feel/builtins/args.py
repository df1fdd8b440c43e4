"""Argument checks shared by the built-in groups; each raises an invocation failure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from engine.feel.builtins.registry import fail
from engine.feel.compare import kind_of


def single(value: Any) -> Any:
    """A singleton list stands for its item where a single value is expected (DMN 10.3.2.9.4)."""
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def number(value: Any, what: str = "argument") -> Decimal:
    value = single(value)
    if not isinstance(value, Decimal) or isinstance(value, bool):
        raise fail(f"{what} must be a number, not {kind_of(value)}")
    return value


def integer(value: Any, what: str = "argument") -> int:
    n = number(value, what)
    if not n.is_finite() or n != n.to_integral_value():
        raise fail(f"{what} must be an integer")
    return int(n)


def string(value: Any, what: str = "argument") -> str:
    value = single(value)
    if not isinstance(value, str):
        raise fail(f"{what} must be a string, not {kind_of(value)}")
    return value


def boolean(value: Any, what: str = "argument") -> bool:
    if not isinstance(value, bool):
        raise fail(f"{what} must be a boolean, not {kind_of(value)}")
    return value


def items(value: Any, what: str = "argument") -> list[Any]:
    """A list argument; a single non-list value stands for the list holding it."""
    if value is None:
        raise fail(f"{what} must be a list, not null")
    return value if isinstance(value, list) else [value]


def position(value: Any, what: str = "position") -> int:
    """An index-like argument; a fractional value is truncated toward zero."""
    n = number(value, what)
    if not n.is_finite():
        raise fail(f"{what} must be a finite number")
    return int(n)


def context(value: Any, what: str = "argument") -> dict[str, Any]:
    value = single(value)
    if not isinstance(value, dict):
        raise fail(f"{what} must be a context, not {kind_of(value)}")
    return value


def date_like(value: Any, what: str = "argument") -> dt.date:
    value = single(value)
    if not isinstance(value, dt.date):
        raise fail(f"{what} must be a date or date and time, not {kind_of(value)}")
    return value


def var_items(args: tuple[Any, ...]) -> list[Any]:
    """``f(list)`` and ``f(a, b, c)`` both mean the list of items."""
    if len(args) == 1 and isinstance(args[0], list):
        return args[0]
    return list(args)
