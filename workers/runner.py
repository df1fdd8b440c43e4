"""Running the workers: in the foreground (``xdt workers``) or on a thread of their own beside the
embedded engine (``xdt serve``, the demo and the end-to-end tests)."""

import asyncio
import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from workers.app import build_worker
from workers.channel import GatewayTarget, open_channel
from workers.context import WorkerContext
from workers.jobs import outcome_handler

logger = logging.getLogger(__name__)


async def run_workers(
    target: GatewayTarget,
    ctx: WorkerContext,
    stop: asyncio.Event,
    *,
    families: list[str] | None = None,
    name: str = "xdt-workers",
    **worker_options: Any,
) -> None:
    """Serve jobs until ``stop`` is set; jobs being worked on are finished first."""
    channel = open_channel(target)
    worker = build_worker(
        channel, ctx, name=name, families=families, exception_handler=outcome_handler, **worker_options
    )
    work = asyncio.ensure_future(worker.work())
    try:
        await stop.wait()
    finally:
        await worker.stop()
        try:
            await asyncio.wait_for(work, 30)
        except (TimeoutError, asyncio.CancelledError):
            work.cancel()
        await channel.close()


@dataclass
class WorkersThread:
    """Workers on a background thread with their own event loop."""

    _loop: asyncio.AbstractEventLoop
    _stop: asyncio.Event
    _thread: threading.Thread
    _errors: list[BaseException] = field(default_factory=list)

    def stop(self, timeout_s: float = 30.0) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout_s)
        if self._errors:
            raise RuntimeError("the workers stopped with an error") from self._errors[0]

    def __enter__(self) -> "WorkersThread":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_in_thread(
    target: GatewayTarget, ctx: WorkerContext, *, families: list[str] | None = None, **worker_options: Any
) -> WorkersThread:
    """Start the workers on a daemon thread; ``stop()`` ends them."""
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    ready = threading.Event()
    errors: list[BaseException] = []

    def target_fn() -> None:
        asyncio.set_event_loop(loop)

        async def main() -> None:
            ready.set()
            await run_workers(target, ctx, stop, families=families, **worker_options)

        try:
            loop.run_until_complete(main())
        except BaseException as exc:  # reported by stop()
            logger.exception("workers failed")
            errors.append(exc)
            ready.set()
        finally:
            loop.close()

    thread = threading.Thread(target=target_fn, name="xdt-workers", daemon=True)
    thread.start()
    ready.wait(10)
    return WorkersThread(loop, stop, thread, errors)
