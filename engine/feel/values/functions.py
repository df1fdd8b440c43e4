"""FEEL function values: user-defined lambdas and built-ins share one interface."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.feel.ast import Expr, TypeRef


@dataclass(frozen=True, slots=True)
class FeelFunction:
    """A callable FEEL value.

    A lambda has ``body`` and ``closure`` (the scope it was defined in); a built-in has
    ``native``, called with the evaluation state first and the positional arguments after.
    ``params`` lists the parameter names for named invocation; ``variadic`` means the last
    parameter collects the remaining arguments as a list.
    """

    name: str
    params: tuple[str, ...]
    body: Expr | None = None
    closure: Any = None
    native: Callable[..., Any] | None = field(default=None, compare=False)
    param_types: tuple[TypeRef | None, ...] = ()
    required: int = -1
    variadic: bool = False
    wants_state: bool = False
    accepts_null: bool = True
    overloads: tuple[FeelFunction, ...] = ()

    @property
    def min_args(self) -> int:
        return len(self.params) if self.required < 0 else self.required

    def __str__(self) -> str:
        return f"function({', '.join(self.params)})"
