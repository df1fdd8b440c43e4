"""RFC 9457 problem+json errors the way Camunda's REST gateway writes them.

Every route of the v2 router uses :class:`ProblemRoute`, so the router is self-contained: engine
rejections, request validation failures and our own checks all leave as ``application/problem+json``
with ``type: about:blank``, ``title`` (the rejection kind), ``status``, ``detail`` and ``instance``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

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
from engine.gateway.status import DeadlineExceeded

logger = logging.getLogger("engine.rest")

PROBLEM_JSON = "application/problem+json"
_KEY = re.compile(r"-?[0-9]+", re.ASCII)

HTTP_BY_ERROR: dict[type[BaseException], tuple[int, str]] = {
    InvalidArgument: (400, "INVALID_ARGUMENT"),
    NotFound: (404, "NOT_FOUND"),
    AlreadyExists: (409, "ALREADY_EXISTS"),
    InvalidState: (409, "INVALID_STATE"),
    CommandRejected: (500, "INTERNAL"),
    BackPressure: (503, "RESOURCE_EXHAUSTED"),
    Unsupported: (501, "UNIMPLEMENTED"),
    DeadlineExceeded: (504, "DEADLINE_EXCEEDED"),
    EngineError: (500, "INTERNAL"),
}


class Problem(Exception):
    """A problem detected by the REST layer itself (bad key, forbidden clock change…)."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail


def problem_response(status: int, title: str, detail: str, instance: str) -> JSONResponse:
    """A problem+json response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": instance}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _validation_detail(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p != "body")
        parts.append(f"{where or 'request'}: {item.get('msg', 'invalid')}")
    return "Request is invalid: " + "; ".join(parts)


def problem_for(error: BaseException) -> tuple[int, str, str]:
    """HTTP status, title and detail for ``error``."""
    if isinstance(error, Problem):
        return error.status, error.title, error.detail
    if isinstance(error, RequestValidationError):
        return 400, "INVALID_ARGUMENT", _validation_detail(error)
    for kind in type(error).__mro__:
        if kind in HTTP_BY_ERROR:
            status, title = HTTP_BY_ERROR[kind]
            if isinstance(error, CommandRejected):
                title = str(error.rejection_type) if status != 500 else title
            return status, title, str(error)
    return 500, type(error).__name__, f"Unexpected error occurred during the request processing: {error}"


class ProblemRoute(APIRoute):
    """An APIRoute whose failures become problem+json responses."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:
                status, title, detail = problem_for(exc)
                if status >= 500 and status != 503:
                    logger.error("%s %s failed", request.method, request.url.path, exc_info=exc)
                return problem_response(status, title, detail, request.url.path)

        return route


def parse_key(text: str | int, name: str) -> int:
    """A Zeebe key given as a decimal string (or, leniently, a number).

    Raises:
        Problem: 400 when it is not a valid key.
    """
    value = str(text).strip()
    if not _KEY.fullmatch(value) or len(value) > 25:
        raise Problem(
            400,
            "INVALID_ARGUMENT",
            f"The provided {name} '{text}' is not a valid key. Expected a numeric value.",
        )
    key = int(value)
    if not -(2**63) <= key < 2**63:
        raise Problem(400, "INVALID_ARGUMENT", f"The provided {name} '{text}' is out of range for a key.")
    return key
