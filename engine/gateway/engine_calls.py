"""Run the engine's synchronous commands off the event loop, with a bound on queued work."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from engine.errors import BackPressure

P = ParamSpec("P")
T = TypeVar("T")


class EngineCalls:
    """Awaitable access to a thread-safe, synchronous engine.

    Commands run on a small thread pool so a slow command (a large deployment, a burst of timers)
    never stalls the event loop that serves long polls and streams. When more than
    ``max_in_flight`` commands are queued, new ones fail with :class:`BackPressure`, which clients
    see as RESOURCE_EXHAUSTED and retry later, as with Zeebe.
    """

    def __init__(self, *, threads: int = 4, max_in_flight: int = 2_000) -> None:
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="engine-cmd")
        self._max_in_flight = max_in_flight
        self._in_flight = 0
        self._after_command: list[Callable[[], None]] = []

    @property
    def in_flight(self) -> int:
        """Commands queued or running now."""
        return self._in_flight

    def after_command(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` on the event loop after every command (the timer scheduler re-reads due dates)."""
        self._after_command.append(callback)

    async def __call__(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn(*args, **kwargs)`` on the engine thread pool and await its result.

        Raises:
            BackPressure: too many commands are already queued.
        """
        if self._in_flight >= self._max_in_flight:
            raise BackPressure(
                "Expected to handle gRPC request, but the engine has too many requests in flight "
                f"({self._in_flight}); retry later"
            )
        self._in_flight += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))
        finally:
            self._in_flight -= 1
            for callback in self._after_command:
                callback()

    def shutdown(self) -> None:
        """Wait for running commands to finish, then release the threads."""
        self._executor.shutdown(wait=True)
