"""Fixtures for end-to-end gateway tests: the real engine served over real gRPC on a free port."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pyzeebe import ZeebeClient, ZeebeWorker, create_insecure_channel

from engine.rest.clock_control import PinnableClock
from engine.server import ServerHandle, open_engine, run_in_thread

BPMN = Path(__file__).parent / "bpmn"
T = TypeVar("T")


@pytest.fixture
def real_engine(db_url: str) -> Iterator[Any]:
    """The real engine on a fresh database, on a pinnable clock that follows real time."""
    engine = open_engine(db_url, clock=PinnableClock())
    try:
        yield engine
    finally:
        engine.close()


@pytest.fixture
def served(real_engine: Any) -> Iterator[ServerHandle]:
    """gRPC (and REST) gateways over the real engine, on free ports."""
    handle = run_in_thread(real_engine, port=0, rest_port=0)
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
async def client(served: ServerHandle) -> AsyncIterator[ZeebeClient]:
    channel = create_insecure_channel(served.address)
    yield ZeebeClient(channel)
    await channel.close()


async def eventually(
    check: Callable[[], Awaitable[T] | T], *, timeout_s: float = 20.0, interval_s: float = 0.02
) -> T:
    """Poll ``check`` until it returns a truthy value; fail after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result  # type: ignore[return-value]
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_s}s")
        await asyncio.sleep(interval_s)


class RunningWorker:
    """A pyzeebe worker running on the test's event loop."""

    def __init__(self, address: str, name: str, **kwargs: Any) -> None:
        self.channel = create_insecure_channel(address)
        kwargs.setdefault("request_timeout", 1000)  # long polls end quickly so stop() is quick
        self.worker = ZeebeWorker(self.channel, name=name, **kwargs)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.ensure_future(self.worker.work())

    async def stop(self) -> None:
        await self.worker.stop()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, 10)
            except (TimeoutError, asyncio.CancelledError):
                self._task.cancel()
        await self.channel.close()


@pytest.fixture
async def workers(served: ServerHandle) -> AsyncIterator[Callable[..., RunningWorker]]:
    """Factory for pyzeebe workers bound to the served gateway; all are stopped at the end."""
    started: list[RunningWorker] = []

    def make(name: str = "test-worker", **kwargs: Any) -> RunningWorker:
        worker = RunningWorker(served.address, name, **kwargs)
        started.append(worker)
        return worker

    yield make
    await asyncio.gather(*(w.stop() for w in started))
