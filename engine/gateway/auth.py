"""Optional bearer-token check on Gateway calls (what pyzeebe's OAuth channels and zbctl send).

Clients put ``authorization: Bearer <token>`` in the call metadata: pyzeebe's
``create_oauth2_client_credentials_channel`` / ``create_camunda_cloud_channel`` through an OAuth
token endpoint, or any ``grpc.access_token_call_credentials``. gRPC only sends call credentials over
TLS, so a token check is meant to run together with the gateway's TLS options. The health service
stays open so probes work without credentials.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc

HEALTH_PREFIX = "/grpc.health.v1.Health/"


def _bearer(metadata: Any) -> str | None:
    for key, value in metadata or ():
        if key.lower() == "authorization":
            text = value.decode() if isinstance(value, bytes) else str(value)
            scheme, _, token = text.partition(" ")
            return token.strip() if scheme.lower() == "bearer" else None
    return None


def _denied(handler: Any, code: grpc.StatusCode, message: str) -> Any:
    async def unary(request: Any, context: Any) -> Any:
        await context.abort(code, message)

    async def stream(request: Any, context: Any) -> AsyncIterator[Any]:
        await context.abort(code, message)
        yield  # pragma: no cover - makes this an async generator

    if handler.response_streaming:
        return grpc.unary_stream_rpc_method_handler(
            stream,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )
    return grpc.unary_unary_rpc_method_handler(
        unary,
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )


class BearerTokenInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Refuses Gateway calls without one of the configured bearer tokens (UNAUTHENTICATED)."""

    def __init__(self, tokens: frozenset[str]) -> None:
        if not tokens:
            raise ValueError("a bearer-token check needs at least one token")
        self._tokens = tuple(t.encode() for t in tokens)

    def _accepts(self, token: str | None) -> bool:
        if token is None:
            return False
        given = token.encode()
        return any(hmac.compare_digest(given, known) for known in self._tokens)

    async def intercept_service(
        self, continuation: Callable[[Any], Awaitable[Any]], handler_call_details: Any
    ) -> Any:
        handler = await continuation(handler_call_details)
        if handler is None or handler_call_details.method.startswith(HEALTH_PREFIX):
            return handler
        token = _bearer(handler_call_details.invocation_metadata)
        if token is None:
            return _denied(
                handler,
                grpc.StatusCode.UNAUTHENTICATED,
                "Expected bearer token at header with key [authorization], but found nothing",
            )
        if not self._accepts(token):
            return _denied(
                handler, grpc.StatusCode.UNAUTHENTICATED, "Expected a valid token, but the token was rejected"
            )
        return handler
