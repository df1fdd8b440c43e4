"""An embedded engine, its gateway and the workers, on one clock that only moves when told to."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from engine.clock import FakeClock
from engine.query import (
    IncidentView,
    InstanceState,
    JobState,
    ProcessInstanceView,
    TimerView,
    UserTaskState,
    UserTaskView,
)
from engine.server import ServerHandle, deploy_directory, open_engine, run_in_thread
from services import loans
from services.db import Database
from services.messaging import GrpcPublisher, deliver
from services.settings import PROJECT_ROOT
from workers.channel import GatewayTarget
from workers.context import WorkerContext
from workers.runner import WorkersThread, start_in_thread

BPMN_DIR = PROJECT_ROOT / "bpmn"
_BUSY_JOBS = (JobState.ACTIVATABLE, JobState.ACTIVATED)


class Stuck(AssertionError):
    """The processes did not come to rest: an incident, or work that never finished."""


@dataclass
class EmbeddedStack:
    """Engine + gateway + workers + services database on a :class:`FakeClock`.

    Open with :meth:`open` (a context manager); everything runs over real gRPC exactly as with
    ``xdt serve``, only the clock is the caller's.
    """

    engine: Any
    server: ServerHandle
    db: Database
    clock: FakeClock
    documents_dir: Path
    workers: WorkersThread | None
    _exit: ExitStack
    _position: int = 0

    @classmethod
    def open(
        cls,
        *,
        engine_db_url: str,
        services_db_url: str,
        start: datetime,
        documents_dir: Path,
        bpmn_dir: Path = BPMN_DIR,
        worker_families: list[str] | None = None,
        start_workers: bool = True,
    ) -> EmbeddedStack:
        exit_stack = ExitStack()
        clock = FakeClock(start)
        engine = open_engine(engine_db_url, clock=clock)
        exit_stack.callback(engine.close)
        try:
            deploy_directory(engine, bpmn_dir)
            server = run_in_thread(engine, port=0)
            exit_stack.callback(server.stop)
            db = Database(services_db_url)
            exit_stack.callback(db.dispose)
            stack = cls(engine, server, db, clock, documents_dir, None, exit_stack)
            if start_workers:
                stack.start_workers(worker_families)
            return stack
        except BaseException:
            exit_stack.close()
            raise

    # -- lifecycle ------------------------------------------------------------------------------
    @property
    def context(self) -> WorkerContext:
        return WorkerContext(db=self.db, clock=self.clock, documents_dir=self.documents_dir)

    @property
    def gateway(self) -> GatewayTarget:
        return GatewayTarget(address=self.server.address)

    def start_workers(self, families: list[str] | None = None) -> WorkersThread:
        """Start (more) workers on their own thread; they stop with the stack."""
        workers = start_in_thread(self.gateway, self.context, families=families, request_timeout=2000)
        self._exit.callback(workers.stop)
        self.workers = workers
        return workers

    def close(self) -> None:
        self._exit.close()

    def __enter__(self) -> EmbeddedStack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the clock ------------------------------------------------------------------------------
    def advance(self, delta: timedelta, *, settle: bool = True) -> None:
        """Move the clock forward by ``delta``, firing every timer due on the way in due order,
        each followed by the work it causes (as if that much time had really passed)."""
        self.advance_to(self.clock.now() + delta, settle=settle)

    def advance_to(self, instant: datetime, *, settle: bool = True) -> None:
        if settle:
            self.settle()
        while True:
            due = self._next_timer()
            if due is None or due.due_date > instant:
                break
            self.clock.pin(max(due.due_date, self.clock.now()))
            self.server.poke()
            self._wait(
                partial(self._timer_fired, due.key, due.due_date), f"timer {due.target_element_id} to fire"
            )
            if settle:
                self.settle()
        self.clock.pin(instant)
        self.server.poke()
        if settle:
            self.settle()

    def _next_timer(self) -> TimerView | None:
        page = self.engine.timers(limit=1)  # waiting timers come soonest first
        return page.items[0] if page.items else None

    def _timer_fired(self, key: int, due_date: datetime) -> bool:
        # A cycle timer may keep its key and only move its due date to the next repetition.
        return all(t.key != key or t.due_date != due_date for t in self.engine.timers(limit=1000).items)

    # -- waiting --------------------------------------------------------------------------------
    def settle(self, timeout_s: float = 60.0) -> None:
        """Wait until no job is waiting or in a worker's hands, failing on any incident."""

        def quiet() -> bool:
            self._raise_on_incident()
            # Two job queries are not one snapshot: a job may complete and hand over to the next
            # in between. Quiet means no busy job while the record log stood still.
            before = self._log_position()
            busy = any(self.engine.jobs(state=s, limit=1).total for s in _BUSY_JOBS)
            return not busy and self._log_position() == before

        self._wait(quiet, "the workers to finish their jobs", timeout_s)
        self._raise_on_incident()

    def _log_position(self) -> int:
        while True:
            batch = self.engine.records(after_position=self._position, limit=1000)
            if not batch:
                return self._position
            self._position = batch[-1].position

    def incidents(self) -> list[IncidentView]:
        return list(self.engine.incidents(limit=100).items)

    def _raise_on_incident(self) -> None:
        active = self.incidents()
        if active:
            text = "; ".join(
                f"{i.bpmn_process_id}/{i.element_id}: {i.error_type}: {i.error_message}" for i in active
            )
            raise Stuck(f"incident: {text}")

    def _wait(self, check: Callable[[], bool], what: str, timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not check():
            if time.monotonic() > deadline:
                raise Stuck(f"timed out after {timeout_s}s waiting for {what}")
            time.sleep(0.01)

    # -- the processes --------------------------------------------------------------------------
    def start(self, bpmn_process_id: str, variables: dict[str, Any]) -> int:
        created = self.engine.create_instance(bpmn_process_id=bpmn_process_id, variables=variables)
        self.settle()
        return int(created.process_instance_key)

    def instances(self, bpmn_process_id: str, *, loan_no: str | None = None) -> list[ProcessInstanceView]:
        variable = None if loan_no is None else ("loanNo", loan_no)
        page = self.engine.process_instances(bpmn_process_id=bpmn_process_id, variable=variable, limit=1000)
        return sorted(page.items, key=lambda p: p.key)

    def instance(self, key: int) -> ProcessInstanceView:
        return self.engine.process_instance(key)  # type: ignore[no-any-return]

    def variables(self, process_instance_key: int) -> dict[str, Any]:
        """The instance's root-scope variables."""
        page = self.engine.variables(
            process_instance_key=process_instance_key, scope_key=process_instance_key
        )
        return {v.name: v.value for v in page.items}

    def visited(self, process_instance_key: int) -> list[str]:
        """Element ids the instance has entered, in order."""
        page = self.engine.element_instances(process_instance_key, limit=1000)
        return [e.element_id for e in sorted(page.items, key=lambda e: e.key)]

    def open_tasks(
        self, *, process_instance_key: int | None = None, candidate_group: str | None = None
    ) -> list[UserTaskView]:
        tasks = self.engine.user_tasks(
            state=UserTaskState.CREATED,
            process_instance_key=process_instance_key,
            candidate_group=candidate_group,
        )
        return sorted(tasks.items, key=lambda t: t.key)

    def task(self, element_id: str, *, process_instance_key: int | None = None) -> UserTaskView:
        """The one open user task of ``element_id``."""
        found = [
            t
            for t in self.open_tasks(process_instance_key=process_instance_key)
            if t.element_id == element_id
        ]
        if len(found) != 1:
            open_ids = [t.element_id for t in self.open_tasks()]
            raise Stuck(f"expected one open task {element_id}, found {len(found)}; open: {open_ids}")
        return found[0]

    def complete(
        self, element_id: str, variables: dict[str, Any], *, process_instance_key: int | None = None
    ) -> None:
        """Complete the open user task of ``element_id`` as staff would, then let the work settle."""
        task = self.task(element_id, process_instance_key=process_instance_key)
        self.engine.complete_user_task(task.key, variables)
        self.settle()

    def report(
        self,
        kind: loans.EventKind,
        data: loans.EventCreate,
        *,
        actor: str = "bank:staff",
        settle: bool = True,
    ) -> Any:
        """Record an external event and publish it as its message over gRPC, as the API does.

        Raises:
            Stuck: the message did not reach the engine.
        """
        with self.db.session() as session:
            recorded = loans.record_event(kind, data, session=session, clock=self.clock, actor=actor)
        publisher = GrpcPublisher.at(self.server.address)
        try:
            delivery = deliver(recorded, db=self.db, publisher=publisher, clock=self.clock, actor=actor)
        finally:
            publisher.close()
        if not delivery.published:
            raise Stuck(f"{kind.value} for {data.loan_no} was recorded but not published: {delivery.error}")
        if settle:
            self.settle()
        return recorded

    def completed(self, key: int) -> bool:
        return self.instance(key).state == InstanceState.COMPLETED
