"""Variable scopes and per-evaluation state."""

from __future__ import annotations

import datetime as dt
import random as _random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.feel.errors import FeelLimitExceeded, FeelWarning
from engine.feel.values.convert import from_python

_MISSING = object()
MAX_STEPS = 2_000_000
MAX_CALL_DEPTH = 60
MAX_ITEMS = 100_000


class Scope:
    """A chain of variable maps; the root holds the caller's context (converted lazily)."""

    __slots__ = ("_vars", "_parent", "_converted")

    def __init__(
        self, variables: Mapping[str, Any], parent: Scope | None = None, *, convert: bool = False
    ) -> None:
        self._vars = variables
        self._parent = parent
        # caller values are converted on first use and kept, so a loop does not convert them again
        self._converted: dict[str, Any] | None = {} if convert else None

    def lookup(self, name: str) -> Any:
        """The value bound to ``name``, or the module-level ``MISSING`` sentinel."""
        scope: Scope | None = self
        while scope is not None:
            value = scope._vars.get(name, _MISSING)
            if value is not _MISSING:
                return value if scope._converted is None else scope._convert(name, value)
            scope = scope._parent
        return _MISSING

    def _convert(self, name: str, value: Any) -> Any:
        assert self._converted is not None
        cached = self._converted.get(name, _MISSING)
        if cached is _MISSING:
            cached = self._converted[name] = from_python(value)
        return cached

    def child(self, variables: Mapping[str, Any]) -> Scope:
        return Scope(variables, self)

    def names(self) -> list[str]:
        out: list[str] = []
        scope: Scope | None = self
        while scope is not None:
            out.extend(str(k) for k in scope._vars)
            scope = scope._parent
        return out


MISSING = _MISSING


@dataclass(slots=True)
class EvalState:
    """Mutable state of one evaluation: warnings, the injected clock and resource budgets."""

    now: Callable[[], dt.datetime] | None = None
    random: _random.Random | None = None
    warnings: list[FeelWarning] = field(default_factory=list)
    steps: int = 0
    depth: int = 0

    def warn(self, kind: str, message: str) -> None:
        if len(self.warnings) < 100:
            self.warnings.append(FeelWarning(kind, message))

    def tick(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > MAX_STEPS:
            raise FeelLimitExceeded(f"evaluation exceeded {MAX_STEPS} steps")
