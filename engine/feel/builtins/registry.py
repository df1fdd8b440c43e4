"""The built-in function table and the ``@builtin`` decorator that fills it.

Parameter spec strings: ``"name"`` required, ``"name?"`` optional, ``"*name"`` variadic (the
rest of the positional arguments; a single list argument is passed on as is by the
functions that accept both forms). A name may be registered more than once (overloads by
arity or by parameter names, like ``date(from)`` and ``date(year, month, day)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from engine.feel.errors import FeelEvalError, WarningKind
from engine.feel.values.functions import FeelFunction

F = TypeVar("F", bound=Callable[..., Any])
_OVERLOADS: dict[str, list[FeelFunction]] = {}
_TABLE: dict[str, FeelFunction] = {}


def builtin(name: str, *params: str, nulls: bool = False, state: bool = False) -> Callable[[F], F]:
    """Register the decorated Python function as the FEEL built-in ``name``.

    Args:
        name: the FEEL name, spaces included (``"string length"``).
        *params: parameter specs (see the module docstring).
        nulls: pass null arguments through; otherwise a null argument gives null.
        state: pass the interpreter as the first argument (for clocks and callbacks).
    """

    def register(fn: F) -> F:
        names = tuple(p.strip("*?") for p in params)
        required = sum(1 for p in params if not p.endswith("?"))
        _OVERLOADS.setdefault(name, []).append(
            FeelFunction(
                name=name,
                params=names,
                native=fn,
                required=required,
                variadic=any(p.startswith("*") for p in params),
                wants_state=state,
                accepts_null=nulls,
            )
        )
        _TABLE.pop(name, None)
        return fn

    return register


def lookup_builtin(name: str) -> FeelFunction | None:
    """The function value for a built-in name (with its overloads), or None."""
    fn = _TABLE.get(name)
    if fn is not None:
        return fn
    overloads = _OVERLOADS.get(name)
    if not overloads:
        return None
    if len(overloads) == 1:
        fn = overloads[0]
    else:
        first = overloads[0]
        fn = FeelFunction(
            name=name,
            params=first.params,
            required=first.required,
            overloads=tuple(overloads),
            native=first.native,
        )
    _TABLE[name] = fn
    return fn


def builtin_names() -> list[str]:
    """Every registered built-in name, sorted."""
    return sorted(_OVERLOADS)


def fail(message: str, kind: str = WarningKind.FUNCTION_INVOCATION_FAILURE) -> FeelEvalError:
    """An invocation failure to ``raise`` from a built-in."""
    return FeelEvalError(message, kind)
