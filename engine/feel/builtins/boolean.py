"""Boolean and definedness built-ins: not, is defined, get or else, assert."""

from __future__ import annotations

from typing import Any

from engine.feel.builtins.registry import builtin
from engine.feel.errors import FeelAbort, WarningKind


@builtin("not", "negand", nulls=True)
def not_(negand: Any) -> bool | None:
    return (not negand) if isinstance(negand, bool) else None


@builtin("is defined", "value", nulls=True)
def is_defined(value: Any) -> bool:
    # feel-scala >= 1.17: null and a missing variable/entry are both "not defined"
    return value is not None


@builtin("get or else", "value", "default", nulls=True)
def get_or_else(value: Any, default: Any) -> Any:
    return default if value is None else value


@builtin("assert", "value", "condition", "cause?", nulls=True)
def assert_(value: Any, condition: Any, cause: Any = None) -> Any:
    if condition is not True:
        message = cause if isinstance(cause, str) else "The condition is not fulfilled"
        raise FeelAbort(message, WarningKind.ASSERTION_FAILURE)
    return value
