"""FEEL range values (``[1..10]``, ``(a..b]``, and the open ranges of ``< 5``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Range:
    """An interval; ``None`` as a bound means unbounded on that side."""

    start: Any
    start_included: bool
    end: Any
    end_included: bool

    def __str__(self) -> str:
        from engine.feel.values.text import to_feel_string

        left = "[" if self.start_included else "("
        right = "]" if self.end_included else ")"
        lo = "" if self.start is None else to_feel_string(self.start)
        hi = "" if self.end is None else to_feel_string(self.end)
        return f"{left}{lo}..{hi}{right}"
