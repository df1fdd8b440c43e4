"""The engine process: Zeebe gRPC gateway + Camunda v2 REST gateway + the timer scheduler.

Two ways to run it:

* ``await EngineServer(engine, options).start()`` … ``await server.stop()`` on your own loop, or
  ``await server.serve_until(stop_event)``;
* :func:`run_in_thread` — a background thread with its own loop, for tests and tools::

      handle = run_in_thread(engine, port=0)          # free port
      client = ZeebeClient(create_insecure_channel(handle.address))
      ...
      handle.stop()

The caller owns the engine: stopping the server never closes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn

from engine.api import Deployment, EngineApi
from engine.clock import Clock
from engine.gateway import Gateway, GatewayOptions, build_gateway
from engine.gateway.ticker import Ticker
from engine.query import EngineQuery
from engine.rest.clock_control import ClockControl

logger = logging.getLogger("engine.server")


@dataclass(frozen=True, slots=True)
class ServerOptions:
    """What the engine process serves and how."""

    gateway: GatewayOptions = field(default_factory=GatewayOptions)
    """gRPC address, limits, TLS and token check."""

    rest_listen: str | None = "127.0.0.1:8088"
    """``host:port`` of the REST gateway (port 0 = free port); None serves no REST."""

    tick: bool = True
    """Run the scheduler that fires timers and job time-outs against the engine clock."""

    max_tick_sleep_s: float = 1.0
    """The scheduler re-reads the next due date at least this often."""

    shutdown_grace_s: float = 5.0
    """How long in-flight calls may take to finish on shutdown."""


class _QuietUvicorn(uvicorn.Server):
    """Uvicorn without its own signal handling: the engine server decides when to stop."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _bind_socket(listen: str) -> socket.socket:
    host, _, port = listen.rpartition(":")
    host = host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, int(port)))
    sock.set_inheritable(True)
    return sock


class EngineServer:
    """gRPC + REST + scheduler around one engine, on one event loop.

    Args:
        engine: the engine to serve (also its query side for REST, if it implements it).
        options: addresses and behaviour.
        query: the read side for REST searches; defaults to ``engine`` itself.
        clock: set in dev/test mode to let ``PUT /v2/clock`` pin the engine clock.
    """

    def __init__(
        self,
        engine: EngineApi,
        options: ServerOptions | None = None,
        *,
        query: EngineQuery | None = None,
        clock: ClockControl | None = None,
    ) -> None:
        self.engine = engine
        self.options = options or ServerOptions()
        self.query = query if query is not None else _as_query(engine)
        self.clock = clock
        self.gateway: Gateway | None = None
        self.ticker: Ticker | None = None
        self._rest: _QuietUvicorn | None = None
        self._rest_task: asyncio.Task[None] | None = None
        self._rest_port: int | None = None

    @property
    def grpc_address(self) -> str:
        """``host:port`` of the gRPC gateway (after :meth:`start`)."""
        if self.gateway is None:
            raise RuntimeError("the server is not started")
        return self.gateway.address

    @property
    def rest_url(self) -> str | None:
        """Base URL of the REST gateway, e.g. ``http://127.0.0.1:8088`` (after :meth:`start`)."""
        if self._rest_port is None or self.options.rest_listen is None:
            return None
        host = self.options.rest_listen.rpartition(":")[0]
        return f"http://{host}:{self._rest_port}"

    async def start(self) -> None:
        """Bind and start everything; raises OSError when an address is taken."""
        self.gateway = await build_gateway(self.engine, self.options.gateway)
        if self.options.tick:
            self.ticker = Ticker(self.engine, max_sleep_s=self.options.max_tick_sleep_s)
            self.gateway.state.calls.after_command(self.ticker.poke)
            self.ticker.start()
        await self.gateway.start()
        if self.options.rest_listen is not None:
            await self._start_rest(self.options.rest_listen)

    async def _start_rest(self, listen: str) -> None:
        from engine.rest import create_rest_app  # deferred: FastAPI is only needed when serving REST

        app = create_rest_app(
            self.engine, self.query, clock=self.clock, on_change=self.ticker.poke if self.ticker else None
        )
        sock = _bind_socket(listen)
        self._rest_port = sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
        self._rest = _QuietUvicorn(config)
        self._rest_task = asyncio.get_running_loop().create_task(self._rest.serve(sockets=[sock]))
        while not self._rest.started and not self._rest_task.done():
            await asyncio.sleep(0.01)
        if self._rest_task.done():
            self._rest_task.result()
        logger.info("REST gateway listening on %s", self.rest_url)

    async def stop(self) -> None:
        """Graceful shutdown: long polls end OK, in-flight commands finish, then the scheduler stops."""
        if self._rest is not None and self._rest_task is not None:
            self._rest.should_exit = True
            await self._rest_task
        if self.gateway is not None:
            await self.gateway.stop(self.options.shutdown_grace_s)
        if self.ticker is not None:
            await self.ticker.stop()

    async def serve_until(self, stop: asyncio.Event) -> None:
        """Start, wait for ``stop``, then shut down gracefully."""
        await self.start()
        try:
            await stop.wait()
        finally:
            await self.stop()


def _as_query(engine: EngineApi) -> EngineQuery | None:
    return engine if hasattr(engine, "process_instances") else None  # type: ignore[return-value]


@dataclass(eq=False)
class ServerHandle:
    """A server running on a background thread; see :func:`run_in_thread`."""

    server: EngineServer
    loop: asyncio.AbstractEventLoop
    thread: threading.Thread
    _stop: asyncio.Event

    @property
    def address(self) -> str:
        """``host:port`` for gRPC clients (pyzeebe ``create_insecure_channel(address)``, zbctl ``--address``)."""
        return self.server.grpc_address

    @property
    def port(self) -> int:
        """The gRPC port."""
        return int(self.address.rpartition(":")[2])

    @property
    def rest_url(self) -> str | None:
        """Base URL of the REST gateway, when one was asked for."""
        return self.server.rest_url

    def poke(self) -> None:
        """Make the scheduler re-read the next due date now (after moving a test clock)."""
        if self.server.ticker is not None:
            self.loop.call_soon_threadsafe(self.server.ticker.poke)

    def stop(self, timeout_s: float = 30.0) -> None:
        """Shut down gracefully and join the thread."""
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self._stop.set)
            self.thread.join(timeout_s)

    def __enter__(self) -> ServerHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def run_in_thread(
    engine: EngineApi,
    port: int = 0,
    *,
    host: str = "127.0.0.1",
    rest_port: int | None = None,
    gateway: GatewayOptions | None = None,
    query: EngineQuery | None = None,
    clock: ClockControl | None = None,
    tick: bool = True,
    **server_options: Any,
) -> ServerHandle:
    """Serve ``engine`` from a background thread and return once it accepts calls.

    Args:
        engine: the engine (the caller keeps ownership and closes it).
        port: gRPC port; 0 picks a free one (read ``handle.address``).
        host: interface to bind.
        rest_port: also serve REST on this port (0 = free port); None = no REST.
        gateway: full gateway options (their ``listen`` is replaced by host/port).
        query: read side for REST; defaults to the engine.
        clock: a pinnable clock for the REST clock endpoints (dev/test mode).
        tick: run the scheduler (timers, job time-outs) against the engine clock.
        **server_options: other :class:`ServerOptions` fields.

    Returns:
        A handle with ``address``, ``rest_url``, ``poke()`` and ``stop()`` (also a context manager).
    """
    base = gateway or GatewayOptions()
    gateway_options = GatewayOptions(**{**_fields(base), "listen": f"{host}:{port}"})
    options = ServerOptions(
        gateway=gateway_options,
        rest_listen=None if rest_port is None else f"{host}:{rest_port}",
        tick=tick,
        **server_options,
    )
    server = EngineServer(engine, options, query=query, clock=clock)
    ready = threading.Event()
    failure: list[BaseException] = []
    holder: dict[str, Any] = {}

    async def main() -> None:
        stop = asyncio.Event()
        holder["stop"] = stop
        holder["loop"] = asyncio.get_running_loop()
        try:
            await server.start()
        except BaseException as exc:
            failure.append(exc)
            ready.set()
            raise
        ready.set()
        await stop.wait()
        await server.stop()

    def target() -> None:
        try:
            asyncio.run(main())
        except BaseException:
            if not failure:
                logger.exception("engine server thread failed")

    thread = threading.Thread(target=target, name=f"engine-server-{port}", daemon=True)
    thread.start()
    ready.wait()
    if failure:
        thread.join()
        raise failure[0]
    return ServerHandle(server, holder["loop"], thread, holder["stop"])


def _fields(options: GatewayOptions) -> dict[str, Any]:
    return {name: getattr(options, name) for name in options.__dataclass_fields__}


DEPLOYABLE_SUFFIXES = (".bpmn", ".dmn", ".form")


def deploy_directory(engine: EngineApi, directory: Path) -> Deployment | None:
    """Deploy every ``.bpmn``, ``.dmn`` and ``.form`` file under ``directory`` in one deployment.

    Unchanged files are recognised by the engine as duplicates and keep their version.

    Raises:
        FileNotFoundError: ``directory`` does not exist.
        engine.errors.DeploymentInvalid: a resource is invalid (nothing is deployed).
    """
    if not directory.is_dir():
        raise FileNotFoundError(f"deployment directory {directory} does not exist")
    files = sorted(p for p in directory.rglob("*") if p.suffix in DEPLOYABLE_SUFFIXES and p.is_file())
    if not files:
        return None
    return engine.deploy([(str(p.relative_to(directory)), p.read_bytes()) for p in files])


def open_engine(db_url: str, *, clock: Clock | None = None) -> Any:
    """Open the engine on ``db_url`` (created and migrated when new)."""
    from engine.runtime import Engine  # deferred: importing the runtime loads the whole BPMN engine

    return Engine.open(db_url, clock=clock)


def serve(
    *,
    db_url: str,
    options: ServerOptions,
    deploy: Sequence[Path] = (),
    dev_mode: bool = False,
) -> None:
    """Run the engine process until SIGINT/SIGTERM, then shut down gracefully (blocking).

    Args:
        db_url: engine database (``sqlite:///…`` or ``postgresql+psycopg://…``).
        options: addresses and behaviour.
        deploy: directories whose BPMN/DMN/form files are deployed at start.
        dev_mode: the engine clock can be pinned over REST (``PUT /v2/clock``).
    """
    from engine.rest.clock_control import PinnableClock

    clock = PinnableClock() if dev_mode else None
    engine = open_engine(db_url, clock=clock)
    try:
        for directory in deploy:
            deployment = deploy_directory(engine, directory)
            if deployment is not None:
                logger.info("deployed %d process(es) from %s", len(deployment.processes), directory)
        asyncio.run(_serve_with_signals(EngineServer(engine, options, clock=clock)))
    finally:
        engine.close()


async def _serve_with_signals(server: EngineServer) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await server.serve_until(stop)
    logger.info("engine stopped")
