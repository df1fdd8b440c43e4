"""The one table that turns engine errors into gRPC status codes (SEMANTICS §1.2).

Rejections keep the engine's message, which already has Zeebe's shape
``Command 'COMPLETE' rejected with code 'NOT_FOUND': …`` (zbctl prints it; pyzeebe reads the code).
"""

from __future__ import annotations

from typing import NoReturn

import grpc

from engine.errors import (
    AlreadyExists,
    BackPressure,
    CommandRejected,
    EngineError,
    InvalidArgument,
    InvalidState,
    NotFound,
    Unsupported,
)

STATUS_BY_ERROR: dict[type[BaseException], grpc.StatusCode] = {
    InvalidArgument: grpc.StatusCode.INVALID_ARGUMENT,
    NotFound: grpc.StatusCode.NOT_FOUND,
    AlreadyExists: grpc.StatusCode.ALREADY_EXISTS,
    InvalidState: grpc.StatusCode.FAILED_PRECONDITION,
    CommandRejected: grpc.StatusCode.INTERNAL,  # PROCESSING_ERROR and anything not listed above
    BackPressure: grpc.StatusCode.RESOURCE_EXHAUSTED,
    Unsupported: grpc.StatusCode.UNIMPLEMENTED,
    EngineError: grpc.StatusCode.INTERNAL,
}

UNEXPECTED_PREFIX = "Unexpected error occurred during the request processing: "


class DeadlineExceeded(Exception):
    """The gateway gave up waiting for the engine (CreateProcessInstanceWithResult)."""


def status_for(error: BaseException) -> tuple[grpc.StatusCode, str]:
    """The status code and message the gateway answers for ``error``.

    Args:
        error: anything raised while handling a call.

    Returns:
        The gRPC status code and the status message.
    """
    if isinstance(error, DeadlineExceeded):
        return grpc.StatusCode.DEADLINE_EXCEEDED, str(error)
    for kind in type(error).__mro__:
        code = STATUS_BY_ERROR.get(kind)
        if code is not None:
            if code is grpc.StatusCode.INTERNAL and not isinstance(error, CommandRejected):
                return code, UNEXPECTED_PREFIX + str(error)
            return code, str(error)
    return grpc.StatusCode.INTERNAL, UNEXPECTED_PREFIX + f"{type(error).__name__}: {error}"


async def abort_with(context: grpc.aio.ServicerContext, error: BaseException) -> NoReturn:
    """End the call with the status that ``error`` maps to."""
    code, message = status_for(error)
    await context.abort(code, message)
    raise AssertionError("context.abort returned")  # pragma: no cover - abort always raises
