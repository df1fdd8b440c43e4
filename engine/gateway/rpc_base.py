"""What every RPC handler shares: the engine, its thread pool, waiters, and error translation."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import grpc

from engine.api import EngineApi
from engine.errors import InvalidArgument
from engine.gateway.engine_calls import EngineCalls
from engine.gateway.job_dispatch import JobDispatcher
from engine.gateway.options import GatewayOptions
from engine.gateway.status import status_for
from engine.gateway.wakeups import InstanceWaiters

logger = logging.getLogger("engine.gateway")

DEFAULT_TENANT = "<default>"

S = TypeVar("S")
Rq = TypeVar("Rq")
Rs = TypeVar("Rs")


@dataclass(slots=True)
class GatewayState:
    """The live parts a servicer works with; built by :func:`engine.gateway.server.build_gateway`."""

    engine: EngineApi
    calls: EngineCalls
    jobs: JobDispatcher
    instances: InstanceWaiters
    options: GatewayOptions
    host: str
    port: int


class RpcBase:
    """Base of the servicer mixins."""

    def __init__(self, state: GatewayState) -> None:
        self.state = state
        self.engine = state.engine
        self.calls = state.calls
        self.options = state.options


async def _abort(context: Any, method: str, exc: Exception) -> None:
    code, message = status_for(exc)
    if code is grpc.StatusCode.INTERNAL:
        logger.error("%s failed unexpectedly", method, exc_info=exc)
    await context.abort(code, message)


def unary(fn: Callable[[S, Rq, Any], Awaitable[Rs]]) -> Callable[[S, Rq, Any], Coroutine[Any, Any, Rs]]:
    """Translate whatever a unary handler raises into the gRPC status from the error table."""

    @functools.wraps(fn)
    async def handler(self: S, request: Rq, context: Any) -> Rs:
        try:
            return await fn(self, request, context)
        except (asyncio.CancelledError, grpc.aio.AbortError):
            raise
        except Exception as exc:
            await _abort(context, fn.__name__, exc)
            raise  # unreachable: abort raises

    return handler


def streaming(fn: Callable[[S, Rq, Any], AsyncIterator[Rs]]) -> Callable[[S, Rq, Any], AsyncIterator[Rs]]:
    """The same for server-streaming handlers (async generators)."""

    @functools.wraps(fn)
    async def handler(self: S, request: Rq, context: Any) -> AsyncIterator[Rs]:
        try:
            async for item in fn(self, request, context):
                yield item
        except (asyncio.CancelledError, grpc.aio.AbortError):
            raise
        except Exception as exc:
            await _abort(context, fn.__name__, exc)

    return handler


def check_tenant(tenant_id: str, *, rpc: str, intent: str) -> str:
    """Multi-tenancy is off: only the default tenant (or none) is accepted."""
    if tenant_id in ("", DEFAULT_TENANT):
        return ""
    raise InvalidArgument(
        intent=intent,
        reason=f"Expected to handle gRPC request {rpc} with tenant identifier '{tenant_id}', "
        "but multi-tenancy is disabled",
    )


def check_tenants(tenant_ids: Iterable[str], *, rpc: str, intent: str) -> tuple[str, ...]:
    """The same check for the ``tenantIds`` list of job activation."""
    for tenant_id in tenant_ids:
        check_tenant(tenant_id, rpc=rpc, intent=intent)
    return ()


def seconds_left(context: Any, wanted_s: float, margin_s: float) -> float:
    """How long a waiting call may still wait: ``wanted_s``, ended ``margin_s`` before the client deadline."""
    remaining: float | None = context.time_remaining()
    if remaining is None:
        return wanted_s
    return max(0.0, min(wanted_s, remaining - margin_s))
