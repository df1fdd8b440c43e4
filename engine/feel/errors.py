"""FEEL errors and evaluation warnings.

Only syntax errors raise (:class:`FeelSyntaxError`). Semantic problems are values: the
interpreter returns null and records a :class:`FeelWarning`, as feel-scala reports its
evaluation failures; the caller decides whether a warning becomes an incident.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from engine.errors import EngineError


class WarningKind(StrEnum):
    """Warning kinds, named as feel-scala names its evaluation failures."""

    NO_VARIABLE_FOUND = "NO_VARIABLE_FOUND"
    NO_FUNCTION_FOUND = "NO_FUNCTION_FOUND"
    NO_CONTEXT_ENTRY_FOUND = "NO_CONTEXT_ENTRY_FOUND"
    NO_PROPERTY_FOUND = "NO_PROPERTY_FOUND"
    INVALID_TYPE = "INVALID_TYPE"
    NOT_COMPARABLE = "NOT_COMPARABLE"
    FUNCTION_INVOCATION_FAILURE = "FUNCTION_INVOCATION_FAILURE"
    ASSERTION_FAILURE = "ASSERTION_FAILURE"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    NO_CLOCK = "NO_CLOCK"


@dataclass(frozen=True, slots=True)
class FeelWarning:
    """One evaluation failure that was turned into a null value.

    Attributes:
        kind: the failure kind (a :class:`WarningKind` value).
        message: a human-readable description.
    """

    kind: str
    message: str


class FeelSyntaxError(EngineError):
    """The expression (or unary tests) text does not parse.

    Attributes:
        expression: the source text.
        position: 0-based character offset of the error.
        column: 1-based column (``position + 1``) on the line holding the error.
        message: what is wrong, without the caret line.
    """

    def __init__(self, *, expression: str, position: int, message: str) -> None:
        self.expression = expression
        self.position = max(0, min(position, len(expression)))
        line_start = expression.rfind("\n", 0, self.position) + 1
        self.line = expression.count("\n", 0, self.position) + 1
        self.column = self.position - line_start + 1
        self.message = message
        super().__init__(self._render())

    def _render(self) -> str:
        lines = self.expression.split("\n")
        src = lines[self.line - 1] if lines else ""
        caret = " " * (self.column - 1) + "^"
        where = f"line {self.line}, column {self.column}" if len(lines) > 1 else f"column {self.column}"
        return f"failed to parse FEEL expression at {where}: {self.message}\n  {src}\n  {caret}"


class FeelEvalError(Exception):
    """Internal: a semantic failure inside a built-in or an operation; becomes null + warning."""

    def __init__(self, message: str, kind: str = WarningKind.FUNCTION_INVOCATION_FAILURE) -> None:
        self.kind = kind
        self.message = message
        super().__init__(message)


class FeelAbort(Exception):
    """Internal: the whole evaluation fails (a failed ``assert``, a resource bound); the result is null."""

    def __init__(self, message: str, kind: str = WarningKind.LIMIT_EXCEEDED) -> None:
        self.kind = kind
        self.message = message
        super().__init__(message)


class FeelLimitExceeded(FeelAbort):
    """Internal: a resource bound was hit; unwinds the whole evaluation to a null result."""

    def __init__(self, message: str) -> None:
        super().__init__(message, WarningKind.LIMIT_EXCEEDED)
