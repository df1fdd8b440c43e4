"""Long-polling ActivateJobs and StreamActivatedJobs: who gets a job when one becomes available.

Per job type the dispatcher keeps the parked long polls in arrival order and the open job streams.
When the engine says jobs of a type became activatable, one drain task per type serves the
consumers one at a time — streams first (round robin; Zeebe pushes before it answers polls), then
parked polls oldest first — and stops as soon as an activation comes back empty. So a burst of
jobs wakes workers in turn instead of all at once, and each job is handed to exactly one consumer
(the engine marks it ACTIVATED with a deadline).

A request that finds nothing records the type's notification *generation* before asking the engine;
if a notification arrived while it was asking, it asks again instead of parking, so no wake-up is
lost between "nothing there" and "parked".

When an activation comes back short (fewer jobs than asked for) and no notification arrived
meanwhile, the type is known to be *exhausted*: the next long poll parks without asking the engine,
saving an engine command per job in steady state. The knowledge ends with the next notification,
and after ``EXHAUSTED_TRUST_S`` at the latest, so even a missed notification costs only a delay.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from engine.api import ActivatedJob

logger = logging.getLogger(__name__)

MAX_RACE_RETRIES = 3
STREAM_BATCH_PER_CONSUMER = 8
STREAM_BATCH_MAX = 64
EXHAUSTED_TRUST_S = 1.0


@dataclass(frozen=True, slots=True)
class ActivationRequest:
    """What a worker asks for; ``max_jobs`` is ignored for streams."""

    job_type: str
    worker: str
    timeout_ms: int
    max_jobs: int = 1
    fetch_variables: tuple[str, ...] = ()
    tenant_ids: tuple[str, ...] = ()

    @property
    def equivalence(self) -> tuple[str, int, tuple[str, ...], tuple[str, ...]]:
        """Streams with equal keys are interchangeable (Zeebe's "logically equivalent" streams)."""
        return (self.worker, self.timeout_ms, self.fetch_variables, self.tenant_ids)


Activate = Callable[[ActivationRequest], Awaitable[list[ActivatedJob]]]


@dataclass(eq=False, slots=True)
class _Waiter:
    request: ActivationRequest
    future: asyncio.Future[list[ActivatedJob]]
    busy: bool = False
    expired: bool = False


@dataclass(eq=False, slots=True)
class JobStream:
    """An open StreamActivatedJobs call; ``None`` in the queue means "end the stream"."""

    request: ActivationRequest
    queue: asyncio.Queue[ActivatedJob | None] = field(default_factory=asyncio.Queue)
    closed: bool = False

    async def next(self, timeout_s: float | None) -> ActivatedJob | None:
        """The next job to push, or None when the stream should end (time-out or shutdown).

        A job taken off the queue is never dropped by a time-out racing with it.
        """
        getter = asyncio.ensure_future(self.queue.get())
        try:
            await asyncio.wait({getter}, timeout=timeout_s)
        finally:
            if not getter.done():
                getter.cancel()
        return getter.result() if getter.done() and not getter.cancelled() else None


@dataclass(slots=True)
class _TypeState:
    generation: int = 0
    exhausted_generation: int = -1
    exhausted_until: float = 0.0
    waiters: deque[_Waiter] = field(default_factory=deque)
    streams: list[JobStream] = field(default_factory=list)
    next_stream: int = 0
    draining: bool = False
    dirty: bool = False


class JobDispatcher:
    """Hands activatable jobs to long polls and streams; runs on one event loop."""

    def __init__(self, activate: Activate) -> None:
        self._activate = activate
        self._types: dict[str, _TypeState] = {}
        self._closed = False
        self._tasks: set[asyncio.Task[None]] = set()

    def _state(self, job_type: str) -> _TypeState:
        state = self._types.get(job_type)
        if state is None:
            state = self._types[job_type] = _TypeState()
        return state

    # -- long polling -----------------------------------------------------------------------
    async def activate(self, request: ActivationRequest, wait_s: float) -> list[ActivatedJob]:
        """Activate jobs now, or park up to ``wait_s`` seconds until some become available.

        Returns:
            The activated jobs; empty when none came in time (or the gateway is shutting down).
        """
        state = self._state(request.job_type)
        if wait_s > 0 and not self._closed and self._known_exhausted(state):
            return await self._park(state, request, wait_s)
        for attempt in range(MAX_RACE_RETRIES + 1):
            generation = state.generation
            jobs = await self._activate_counted(state, request)
            if jobs or wait_s <= 0 or self._closed:
                return jobs
            if state.generation == generation or attempt == MAX_RACE_RETRIES:
                break
        return await self._park(state, request, wait_s)

    def _known_exhausted(self, state: _TypeState) -> bool:
        return (
            state.exhausted_generation == state.generation
            and asyncio.get_running_loop().time() < state.exhausted_until
        )

    async def _activate_counted(self, state: _TypeState, request: ActivationRequest) -> list[ActivatedJob]:
        """Ask the engine, and remember when it had fewer jobs than asked for."""
        generation = state.generation
        jobs = await self._activate(request)
        if len(jobs) < request.max_jobs and state.generation == generation:
            state.exhausted_generation = generation
            state.exhausted_until = asyncio.get_running_loop().time() + EXHAUSTED_TRUST_S
        return jobs

    async def _park(self, state: _TypeState, request: ActivationRequest, wait_s: float) -> list[ActivatedJob]:
        waiter = _Waiter(request, asyncio.get_running_loop().create_future())
        state.waiters.append(waiter)
        try:
            return await asyncio.wait_for(asyncio.shield(waiter.future), wait_s)
        except TimeoutError:
            if waiter.future.done() and not waiter.future.cancelled():
                return waiter.future.result()  # delivered just as the time ran out
            if not waiter.busy:
                return []
            # An activation for this poll is running; its jobs are ours, and it ends in moments.
            waiter.expired = True
            return await waiter.future
        finally:
            if waiter in state.waiters:
                state.waiters.remove(waiter)
            if not waiter.future.done():
                waiter.future.cancel()

    # -- streams ----------------------------------------------------------------------------
    def open_stream(self, request: ActivationRequest) -> JobStream:
        """Register a job stream; jobs that become activatable from now on are pushed to it."""
        stream = JobStream(request)
        self._state(request.job_type).streams.append(stream)
        if self._closed:
            stream.queue.put_nowait(None)
        return stream

    def close_stream(self, stream: JobStream) -> None:
        """Unregister ``stream``; jobs still queued for it go to another consumer."""
        stream.closed = True
        state = self._state(stream.request.job_type)
        if stream in state.streams:
            state.streams.remove(stream)
        leftover = [job for job in _drain_queue(stream.queue) if job is not None]
        if leftover:
            self._rehome(state, stream.request, leftover)

    # -- notifications ----------------------------------------------------------------------
    def notify(self, job_type: str) -> None:
        """Jobs of ``job_type`` became activatable (called on the loop)."""
        state = self._state(job_type)
        state.generation += 1
        if self._closed or not (state.waiters or state.streams):
            return
        if state.draining:
            state.dirty = True
            return
        state.draining = True
        task = asyncio.get_running_loop().create_task(self._drain(state))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drain(self, state: _TypeState) -> None:
        try:
            while True:
                state.dirty = False
                await self._serve(state)
                if not state.dirty or self._closed:
                    return
        except Exception:
            logger.exception("job dispatch failed")
        finally:
            state.draining = False

    async def _serve(self, state: _TypeState) -> None:
        while not self._closed:
            if state.streams:
                served = await self._serve_stream(state)
            elif state.waiters:
                served = await self._serve_waiter(state)
            else:
                return
            if not served:
                return

    async def _serve_stream(self, state: _TypeState) -> bool:
        state.next_stream %= len(state.streams)
        head = state.streams[state.next_stream]
        state.next_stream += 1
        peers = [s for s in state.streams if s.request.equivalence == head.request.equivalence]
        batch = min(STREAM_BATCH_MAX, STREAM_BATCH_PER_CONSUMER * len(peers))
        request = ActivationRequest(
            head.request.job_type,
            head.request.worker,
            head.request.timeout_ms,
            batch,
            head.request.fetch_variables,
            head.request.tenant_ids,
        )
        try:
            jobs = await self._activate_counted(state, request)
        except Exception:
            logger.exception("activating jobs for a job stream failed")
            return False
        if jobs:
            self._rehome(state, head.request, jobs, prefer=head)
        return bool(jobs)

    async def _serve_waiter(self, state: _TypeState) -> bool:
        while state.waiters and state.waiters[0].future.done():
            state.waiters.popleft()
        if not state.waiters:
            return False
        waiter = state.waiters[0]
        waiter.busy = True
        try:
            jobs = await self._activate_counted(state, waiter.request)
        except Exception as exc:
            _remove(state.waiters, waiter)
            if not waiter.future.done():
                waiter.future.set_exception(exc)
            return True
        finally:
            waiter.busy = False
        if jobs:
            _remove(state.waiters, waiter)
            if waiter.future.done():
                self._rehome(state, waiter.request, jobs)
            else:
                waiter.future.set_result(jobs)
        elif waiter.expired and not waiter.future.done():
            waiter.future.set_result([])
        return bool(jobs)

    def _rehome(
        self,
        state: _TypeState,
        origin: ActivationRequest,
        jobs: list[ActivatedJob],
        prefer: JobStream | None = None,
    ) -> None:
        """Give already-activated jobs to open consumers; equivalent streams first, round robin."""
        streams = [s for s in state.streams if not s.closed and s.request.equivalence == origin.equivalence]
        if prefer is not None and prefer in streams:
            start = streams.index(prefer)
            streams = streams[start:] + streams[:start]
        if streams:
            for index, job in enumerate(jobs):
                streams[index % len(streams)].queue.put_nowait(job)
            return
        while state.waiters:
            waiter = state.waiters.popleft()
            if not waiter.future.done():
                waiter.future.set_result(jobs)
                return
        logger.warning(
            "%d activated job(s) of type %r lost their consumer; they become activatable again after their timeout",
            len(jobs),
            origin.job_type,
        )

    # -- shutdown ---------------------------------------------------------------------------
    def close(self) -> None:
        """End every long poll (empty, OK) and every stream; refuse to park new polls."""
        self._closed = True
        for state in self._types.values():
            while state.waiters:
                waiter = state.waiters.popleft()
                if not waiter.future.done() and not waiter.busy:
                    waiter.future.set_result([])
                elif waiter.busy:
                    waiter.expired = True
            for stream in state.streams:
                stream.queue.put_nowait(None)

    @property
    def parked(self) -> int:
        """Long polls parked now (for tests and metrics)."""
        return sum(len(s.waiters) for s in self._types.values())

    @property
    def streams(self) -> int:
        """Job streams open now."""
        return sum(len(s.streams) for s in self._types.values())


def _remove(waiters: deque[_Waiter], waiter: _Waiter) -> None:
    if waiter in waiters:
        waiters.remove(waiter)


def _drain_queue(queue: asyncio.Queue[ActivatedJob | None]) -> list[ActivatedJob | None]:
    items: list[ActivatedJob | None] = []
    while not queue.empty():
        items.append(queue.get_nowait())
    return items
