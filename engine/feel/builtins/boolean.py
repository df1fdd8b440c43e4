"""Boolean and definedness built-ins: not, is defined, get or else, assert."""

from __future__ import annotations

from typing import Any

from engine.feel.builtins.registry import builtin, fail
from engine.feel.errors import WarningKind


@builtin("not", "negand", nulls=True)
def not_(negand: Any) -> bool | None:
    return (not negand) if isinstance(negand, bool) else None


@builtin("is defined", "value", nulls=True)
def is_defined(value: Any) -> bool:
    # a missing variable or entry is recognised by the interpreter before this is called
    return True


@builtin("get or else", "value", "default", nulls=True)
def get_or_else(value: Any, default: Any) -> Any:
    return default if value is None else value


@builtin("assert", "value", "condition", "cause?", nulls=True)
def assert_(value: Any, condition: Any, cause: Any = None) -> Any:
    if condition is not True:
        message = cause if isinstance(cause, str) else "The condition is not fulfilled"
        raise fail(message, WarningKind.ASSERTION_FAILURE)
    return value
