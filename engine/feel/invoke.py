"""Binding arguments to a function value and calling it (lambda or built-in, with overloads)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.feel.errors import FeelEvalError, WarningKind
from engine.feel.numbers import ARITH_ERRORS
from engine.feel.values.functions import FeelFunction

if TYPE_CHECKING:
    from engine.feel.interpreter import Interpreter


def _fits(fn: FeelFunction, count: int) -> bool:
    return fn.min_args <= count and (count <= len(fn.params) or fn.variadic)


def _choose(fn: FeelFunction, args: list[Any], named: dict[str, Any] | None) -> FeelFunction | None:
    candidates = fn.overloads or (fn,)
    for cand in candidates:
        if named is None and _fits(cand, len(args)):
            return cand
        if (
            named is not None
            and set(named) <= set(cand.params)
            and all(p in named for p in cand.params[: cand.min_args])
        ):
            return cand
    return None


def _positional(fn: FeelFunction, named: dict[str, Any]) -> list[Any]:
    last = max((fn.params.index(k) for k in named), default=-1)
    return [named.get(p) for p in fn.params[: last + 1]]


def no_function(name: str, args: list[Any], named: dict[str, Any] | None) -> str:
    """feel-scala's message for a call that matches no function."""
    shape = f"parameters: {','.join(named)}" if named is not None else f"{len(args)} parameters"
    return f"No function found with name '{name}' and {shape}"


def invoke(
    interp: Interpreter,
    fn: FeelFunction,
    args: list[Any],
    named: dict[str, Any] | None,
    name: str | None = None,
) -> Any:
    """Call ``fn`` (``name`` is how the call site spelled it); failures become null plus a warning."""
    if fn.native is None and not fn.overloads:
        return _invoke_lambda(interp, fn, args, named, name or fn.name)
    chosen = _choose(fn, args, named)
    if chosen is None:
        interp.warn(WarningKind.NO_FUNCTION_FOUND, no_function(name or fn.name, args, named))
        return None
    if named is not None:
        args = _positional(chosen, named)
    if not chosen.accepts_null and any(a is None for a in args):
        interp.warn(
            WarningKind.FUNCTION_INVOCATION_FAILURE,
            f"Failed to invoke function '{fn.name}': illegal argument null",
        )
        return None
    return _call_native(interp, chosen, args)


def _call_native(interp: Interpreter, fn: FeelFunction, args: list[Any]) -> Any:
    assert fn.native is not None
    try:
        if fn.wants_state:
            return fn.native(interp, *args)
        return fn.native(*args)
    except FeelEvalError as exc:
        interp.warn(exc.kind, f"Failed to invoke function '{fn.name}': {exc.message}")
    except ARITH_ERRORS as exc:
        interp.warn(
            WarningKind.FUNCTION_INVOCATION_FAILURE,
            f"Failed to invoke function '{fn.name}': {type(exc).__name__}",
        )
    except (ValueError, OverflowError, TypeError, IndexError, KeyError) as exc:
        interp.warn(WarningKind.FUNCTION_INVOCATION_FAILURE, f"Failed to invoke function '{fn.name}': {exc}")
    return None


def _invoke_lambda(
    interp: Interpreter, fn: FeelFunction, args: list[Any], named: dict[str, Any] | None, name: str
) -> Any:
    # named arguments may leave parameters out (they are null) but not add unknown ones
    fits = set(named) <= set(fn.params) if named is not None else len(args) == len(fn.params)
    if not fits:
        interp.warn(WarningKind.NO_FUNCTION_FOUND, no_function(name, args, named))
        return None
    if named is not None:
        bound = {p: named.get(p) for p in fn.params}
    else:
        bound = dict(zip(fn.params, args, strict=True))
    return interp.call_lambda(fn, bound)
