"""Drive the engine's time-based work: call ``engine.tick()`` when ``engine.next_due()`` comes.

Due dates are compared with the engine's own clock (a pinned test clock simply never becomes due
until it is moved). New commands may create earlier due dates (a job activated with a short
time-out, a timer), so the ticker is poked after every gateway command and in any case re-reads
the next due date at least every ``max_sleep_s``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from concurrent.futures import ThreadPoolExecutor

from engine.api import EngineApi

logger = logging.getLogger("engine.ticker")

IDLE_BACKOFF_S = 0.05


class Ticker:
    """An asyncio task that fires due timers, job time-outs, back-offs and message expiries."""

    def __init__(self, engine: EngineApi, *, max_sleep_s: float = 1.0) -> None:
        self._engine = engine
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine-tick")
        self._max_sleep_s = max_sleep_s
        self._poked = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self.ticks = 0

    def poke(self) -> None:
        """Re-read the next due date now (something may have become due sooner)."""
        self._poked.set()

    def start(self) -> None:
        """Start the background task on the running loop."""
        self._task = asyncio.get_running_loop().create_task(self._run(), name="engine-ticker")

    async def stop(self) -> None:
        """Stop after the tick in progress, if any."""
        self._stopping = True
        self._poked.set()
        if self._task is not None:
            await self._task
        self._executor.shutdown(wait=True)

    async def _run(self) -> None:
        while not self._stopping:
            # Cleared before reading the due date: a poke from now on is never lost.
            self._poked.clear()
            try:
                delay = await self._tick_if_due()
            except Exception:
                logger.exception("engine tick failed; retrying shortly")
                delay = self._max_sleep_s
            if delay > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._poked.wait(), delay)

    async def _tick_if_due(self) -> float:
        """Tick if something is due; return how long to sleep before looking again."""
        loop = asyncio.get_running_loop()
        due = await loop.run_in_executor(self._executor, self._engine.next_due)
        if due is None:
            return self._max_sleep_s
        wait_s = (due - self._engine.now()).total_seconds()
        if wait_s > 0:
            return min(wait_s, self._max_sleep_s)
        processed = await loop.run_in_executor(self._executor, self._engine.tick)
        self.ticks += 1
        # Nothing processed although something was due: do not spin on it.
        return 0.0 if processed else IDLE_BACKOFF_S
