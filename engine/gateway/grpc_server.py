"""Assemble and run the gRPC gateway: servicer, health service, TLS, token check, engine listener."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from pyzeebe.proto import gateway_pb2_grpc

from engine.api import ActivatedJob, EngineApi
from engine.gateway.auth import BearerTokenInterceptor
from engine.gateway.engine_calls import EngineCalls
from engine.gateway.job_dispatch import ActivationRequest, JobDispatcher
from engine.gateway.options import GatewayOptions
from engine.gateway.rpc_base import GatewayState
from engine.gateway.servicer import GatewayServicer
from engine.gateway.wakeups import InstanceWaiters, LoopBridge

logger = logging.getLogger("engine.gateway")

GATEWAY_SERVICE = "gateway_protocol.Gateway"


@dataclass(eq=False)
class Gateway:
    """A running (or ready to start) gRPC gateway. Build it with :func:`build_gateway`."""

    server: grpc.aio.Server
    state: GatewayState
    servicer: GatewayServicer
    health: health.aio.HealthServicer
    detach: Callable[[], None]

    @property
    def port(self) -> int:
        """The bound port (useful when the options asked for port 0)."""
        return self.state.port

    @property
    def address(self) -> str:
        """``host:port`` clients connect to."""
        return f"{self.state.host}:{self.state.port}"

    async def start(self) -> None:
        """Start serving."""
        await self.server.start()
        for service in (GATEWAY_SERVICE, ""):
            await self.health.set(service, health_pb2.HealthCheckResponse.SERVING)
        logger.info(
            "Zeebe gateway listening on %s%s", self.address, " (TLS)" if self.state.options.tls else ""
        )

    async def stop(self, grace_s: float = 5.0) -> None:
        """Graceful stop: health NOT_SERVING, long polls and streams end with OK, in-flight calls finish."""
        await self.health.enter_graceful_shutdown()
        self.state.jobs.close()
        self.state.instances.close()
        await self.server.stop(grace_s)
        self.detach()
        await asyncio.get_running_loop().run_in_executor(None, self.state.calls.shutdown)


def _bind(server: grpc.aio.Server, options: GatewayOptions) -> tuple[str, int]:
    host, _, port_text = options.listen.rpartition(":")
    if options.tls_cert is not None and options.tls_key is not None:
        credentials = grpc.ssl_server_credentials(
            [(options.tls_key.read_bytes(), options.tls_cert.read_bytes())]
        )
        port = server.add_secure_port(options.listen, credentials)
    else:
        port = server.add_insecure_port(options.listen)
    if port == 0:
        raise OSError(f"cannot listen on {options.listen}: address in use or not available")
    return host.strip("[]"), port


async def build_gateway(engine: EngineApi, options: GatewayOptions | None = None) -> Gateway:
    """Create the gateway on the running event loop and bind its port (not yet serving).

    Args:
        engine: the engine to serve; the gateway registers a listener on it.
        options: address, limits, TLS and token settings; Zeebe's defaults when omitted.

    Returns:
        The gateway; call :meth:`Gateway.start`, later :meth:`Gateway.stop`.

    Raises:
        OSError: the address cannot be bound.
    """
    options = options or GatewayOptions()
    loop = asyncio.get_running_loop()
    calls = EngineCalls(threads=options.engine_threads, max_in_flight=options.max_in_flight)

    async def activate(request: ActivationRequest) -> list[ActivatedJob]:
        return await calls(
            engine.activate_jobs,
            job_type=request.job_type,
            worker=request.worker,
            timeout_ms=request.timeout_ms,
            max_jobs=request.max_jobs,
            fetch_variables=request.fetch_variables,
            tenant_ids=request.tenant_ids,
        )

    jobs = JobDispatcher(activate)
    instances = InstanceWaiters()
    interceptors = [BearerTokenInterceptor(options.bearer_tokens)] if options.bearer_tokens else []
    server = grpc.aio.server(options=options.grpc_server_options(), interceptors=interceptors)
    host, port = _bind(server, options)
    state = GatewayState(engine, calls, jobs, instances, options, host, port)
    servicer = GatewayServicer(state)
    gateway_pb2_grpc.add_GatewayServicer_to_server(servicer, server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    detach = engine.add_listener(LoopBridge(loop, on_jobs=jobs.notify, on_instance_ended=instances.notify))
    return Gateway(server, state, servicer, health_servicer, detach)
