"""The engine's one exception root and its rejection kinds.

Each rejection carries the command intent and Zeebe's rejection type, so the gateway can turn it
into exactly the gRPC status / problem+json that Zeebe produces, with Zeebe's message format:
``Command 'COMPLETE' rejected with code 'NOT_FOUND': Expected to complete job with key '…', but no such job was found``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class RejectionType(StrEnum):
    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    NOT_FOUND = "NOT_FOUND"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    INVALID_STATE = "INVALID_STATE"
    PROCESSING_ERROR = "PROCESSING_ERROR"
    EXCEEDED_BATCH_RECORD_SIZE = "EXCEEDED_BATCH_RECORD_SIZE"


class EngineWarning(UserWarning):
    """Raised as a warning for recoverable oddities (e.g. an expression warning)."""


class EngineError(Exception):
    """Root of every error the engine raises on purpose."""


class CommandRejected(EngineError):
    """A command the engine refused; nothing changed."""

    rejection_type: RejectionType = RejectionType.PROCESSING_ERROR

    def __init__(self, *, intent: str, reason: str, **fields: Any) -> None:
        self.intent = intent
        self.reason = reason
        self.fields = fields
        super().__init__(f"Command '{intent}' rejected with code '{self.rejection_type}': {reason}")


class InvalidArgument(CommandRejected):
    rejection_type = RejectionType.INVALID_ARGUMENT


class NotFound(CommandRejected):
    rejection_type = RejectionType.NOT_FOUND


class AlreadyExists(CommandRejected):
    rejection_type = RejectionType.ALREADY_EXISTS


class InvalidState(CommandRejected):
    rejection_type = RejectionType.INVALID_STATE


class Unsupported(EngineError):
    """An operation the engine does not implement (the gateway answers UNIMPLEMENTED)."""

    def __init__(self, operation: str, detail: str = "") -> None:
        self.operation = operation
        super().__init__(
            f"{operation} is not supported by the embedded engine" + (f": {detail}" if detail else "")
        )


class BackPressure(EngineError):
    """Too many in-flight commands (the gateway answers RESOURCE_EXHAUSTED)."""


class DeploymentInvalid(InvalidArgument):
    """One or more resources failed validation; ``problems`` lists every one."""

    def __init__(self, *, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            intent="CREATE",
            reason="Expected to deploy new resources, but encountered the following errors:\n"
            + "\n".join(problems),
            problems=problems,
        )
