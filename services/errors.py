"""The one exception root of ``services`` and its per-kind subclasses.

Each error builds its own message from keyword fields, so callers (API, CLI, workers) can both
print it and inspect it.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Root of every error ``services`` raises on purpose."""

    code = "service_error"

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields


class ValidationFailed(ServiceError):
    """Input that breaks a domain rule; nothing was changed."""

    code = "validation_failed"


class NotFound(ServiceError):
    """A referenced object does not exist."""

    code = "not_found"


class Conflict(ServiceError):
    """The request contradicts current state (duplicate, blacklisted party, overdraft...)."""

    code = "conflict"
