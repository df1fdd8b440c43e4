"""From the engine's threads into the gateway's event loop.

The engine calls its listeners on whichever thread ran the command, after the commit. The gateway
owns an asyncio loop; :class:`LoopBridge` forwards each notification with
``loop.call_soon_threadsafe`` so every waiter is touched only on the loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)


class LoopBridge:
    """An :class:`engine.api.EngineListener` that re-posts notifications onto an event loop."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        *,
        on_jobs: Callable[[Any], None],
        on_instance_ended: Callable[[Any], None],
    ) -> None:
        self._loop = loop
        self._on_jobs = on_jobs
        self._on_instance_ended = on_instance_ended

    def jobs_available(self, job_type: str) -> None:
        self._post(self._on_jobs, job_type)

    def instance_ended(self, process_instance_key: int) -> None:
        self._post(self._on_instance_ended, process_instance_key)

    def _post(self, callback: Callable[[Any], None], arg: object) -> None:
        try:
            self._loop.call_soon_threadsafe(callback, arg)
        except RuntimeError:
            # The loop is closed: the gateway is gone and nobody waits any more.
            logger.debug("engine notification after gateway shutdown dropped")


class InstanceWaiters:
    """Futures resolved when a process instance ends (for CreateProcessInstanceWithResult)."""

    def __init__(self) -> None:
        self._waiting: dict[int, list[asyncio.Future[None]]] = {}

    def register(self, process_instance_key: int) -> asyncio.Future[None]:
        """A future that completes when the instance ends; call :meth:`discard` when done with it."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(process_instance_key, []).append(future)
        return future

    def discard(self, process_instance_key: int, future: asyncio.Future[None]) -> None:
        """Forget ``future`` (the caller stopped waiting)."""
        futures = self._waiting.get(process_instance_key)
        if futures is None:
            return
        if future in futures:
            futures.remove(future)
        if not futures:
            del self._waiting[process_instance_key]

    def notify(self, process_instance_key: int) -> None:
        """The instance ended: wake everyone waiting for it."""
        for future in self._waiting.pop(process_instance_key, []):
            if not future.done():
                future.set_result(None)

    def close(self) -> None:
        """Wake every waiter (shutdown); they re-check the instance and give up."""
        for key in list(self._waiting):
            self.notify(key)
