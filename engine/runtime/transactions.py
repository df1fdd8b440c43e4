"""Loading the engine state from SQL and running commands as transactions with group commit.

Commands are serialised by one lock. Each runs against the in-memory state through the
:class:`Processor` and drains its follow-ups; the store then commits every changed row, the new
records and the counters in one transaction. Commands applied while another thread is writing
are committed together in the next transaction (group commit); each caller returns only once its
own command is durable. If anything fails after state changed, memory is discarded and reloaded
from SQL, so memory never runs ahead of the database.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Literal

from sqlalchemy import update
from sqlalchemy.engine import Connection

from engine.api import EngineListener
from engine.clock import Clock
from engine.errors import CommandRejected, EngineError
from engine.keys import KeyGenerator
from engine.runtime.definitions import Registry, Resource
from engine.runtime.processor import Processor
from engine.runtime.state import ENTITY_TYPES, State
from engine.store import Store, schema


class Transactions:
    """Mixin of :class:`engine.runtime.Engine`: state loading and the command transaction."""

    store: Store
    clock: Clock
    registry: Registry
    state: State
    processor: Processor
    _lock: threading.RLock
    _listeners: list[EngineListener]
    _pending_resources: list[Resource]
    _changed_resources: list[Resource]

    def _init_transactions(self) -> None:
        self._lock = threading.RLock()
        self._listeners = []
        self._pending_resources = []
        self._changed_resources = []
        self._flushed = threading.Condition()
        self._flushing = False
        self._applied = self._durable = self._failed_upto = 0
        self._to_notify: tuple[set[str], set[int]] = (set(), set())
        self._group = threading.local()

    # -- loading ----------------------------------------------------------------------------
    def _load(self) -> None:
        self.store.recover()
        last_key, last_position = self.store.counters()
        self.registry = Registry()
        for row in self.store.resources():
            self.registry.add(self._resource(row))
        self.state = State(KeyGenerator(last_key), last_position)
        for entity_type in ENTITY_TYPES:
            for data in self.store.live_rows(entity_type.TABLE):
                self.state.load(entity_type(**data))
        self.processor = Processor(self.state, self.registry, self.clock)

    @staticmethod
    def _resource(row: Mapping[str, Any]) -> Resource:
        res = Resource(
            key=row["key"],
            kind=row["kind"],
            resource_id=row["resource_id"],
            version=row["version"],
            name=row["name"],
            resource_name=row["resource_name"],
            checksum=row["checksum"],
            content=bytes(row["content"]),
            deployment_key=row["deployment_key"],
            parent_key=row["parent_key"],
            deployed_ms=row["deployed_ms"],
            version_tag=row["version_tag"],
            deleted=row["deleted"],
        )
        if res.kind == "process":
            from engine.model.parser import parse_bpmn

            res.model = next(p for p in parse_bpmn(res.content, res.resource_name) if p.id == res.resource_id)
        elif res.kind == "drg":
            from engine.dmn import parse_dmn

            res.model = parse_dmn(res.content, res.resource_name)
        return res

    # -- transactions -----------------------------------------------------------------------
    def _command(self) -> _Command:
        """Apply one command under the lock, then wait until it is durable (group commit).

        Commands applied while another thread is committing are written together in the next
        transaction; each caller returns only once its own command is committed. A failed write
        discards every uncommitted command (memory is reloaded from SQL) and fails their callers.
        """
        return _Command(self)

    @contextmanager
    def command_group(self) -> Iterator[None]:
        """Commands run inside (by this thread) share one wait for durability.

        Each is still applied as its own command — its own rejection, its own follow-ups — and
        every one of them is committed before the group ends, usually in a single transaction.
        This is the group commit that concurrent callers get, for one caller holding several
        commands at once (a worker with a batch of activated jobs). A group inside a group joins it.
        """
        if getattr(self._group, "ticket", None) is not None:
            yield
            return
        self._group.ticket = 0
        try:
            yield
        finally:
            ticket, self._group.ticket = self._group.ticket, None
            if ticket:
                self._await_durable(ticket)

    def _fold_before_read(self) -> None:
        """Bring the entity tables up to date for a query.

        With nothing applied but uncommitted and no commit in flight, the live entities are the
        committed state and are folded as they are, under the lock (so no command changes them
        meanwhile); otherwise the store folds its committed pending rows.
        """
        with self._lock:
            with self._flushed:
                idle = not self._flushing
            if idle and not self.state.dirty and not self.state.records:
                self.store.checkpoint(entities_as_committed=True)
                return
        self.store.checkpoint()

    def _reload_after_failure(self) -> None:
        """Memory may hold changes SQL never got: drop them all (and fail their waiting callers)."""
        self._pending_resources, self._changed_resources = [], []
        self._to_notify = (set(), set())
        with self._flushed:
            self._failed_upto = self._applied
            self._flushed.notify_all()
        self._load()

    def _await_durable(self, ticket: int) -> None:
        with self._flushed:
            while self._durable < ticket:
                if self._failed_upto >= ticket:
                    raise EngineError(
                        "the command was discarded because the engine state could not be written"
                    )
                if not self._flushing:
                    self._flushing = True
                    break
                self._flushed.wait()
            else:
                return
        try:
            upto, notify = self._flush()
        except BaseException:
            with self._lock:
                self._reload_after_failure()
            with self._flushed:
                self._flushing = False
                self._flushed.notify_all()
            raise
        with self._flushed:
            self._durable = max(self._durable, upto)
            self._flushing = False
            self._flushed.notify_all()
        self._notify(*notify)

    def _flush(self) -> tuple[int, tuple[set[str], set[int]]]:
        with self._lock:
            state = self.state
            upto = self._applied
            entities, records = state.take_changes()
            # Encode under the lock: once it is released another thread may apply a command that
            # changes these same live entities before this transaction is written.
            created, changed = self._pending_resources, self._changed_resources
            prepared = self.store.prepare(entities, records, fold=bool(created or changed))
            self._pending_resources, self._changed_resources = [], []
            last_key, position = state.keys.last, state.position
            notify, self._to_notify = self._to_notify, (set(), set())

        def write_resources(conn: Connection) -> None:
            if created:
                conn.execute(schema.resource.insert(), [_resource_row(r) for r in created])
            for res in changed:
                conn.execute(
                    update(schema.resource)
                    .where(schema.resource.c.key == res.key)
                    .values(deleted=res.deleted)
                )

        self.store.commit(
            entities,
            records,
            last_key,
            position,
            write_resources if created or changed else None,
            prepared=prepared,
        )
        return upto, notify

    def _notify(self, types: set[str], ended: set[int]) -> None:
        for listener in list(self._listeners):
            for job_type in types:
                listener.jobs_available(job_type)
            for key in ended:
                listener.instance_ended(key)


class _Command:
    """The context of one command (see :meth:`Transactions._command`).

    A class rather than a generator-based context manager: every command of the hot path goes
    through it, several per process instance.
    """

    __slots__ = ("owner", "position", "processor", "touches")

    def __init__(self, owner: Transactions) -> None:
        self.owner = owner

    def __enter__(self) -> Processor:
        owner = self.owner
        owner._lock.acquire()
        try:
            p = self.processor = owner.processor
            p.begin()
            self.position, self.touches = owner.state.position, owner.state.touches
        except BaseException:
            owner._lock.release()
            raise
        return p

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> Literal[False]:
        owner = self.owner
        p = self.processor
        try:
            if exc is None:
                try:
                    p.drain()
                except BaseException as failure:
                    self._discard(failure)
                    raise
            else:
                self._discard(exc)
                return False
            state = owner.state
            if state.position == self.position and state.touches == self.touches:
                return False
            owner._applied += 1
            ticket = owner._applied
            owner._to_notify[0].update(p.jobs_available)
            owner._to_notify[1].update(p.ended_instances)
            p.jobs_available, p.ended_instances = set(), set()
        finally:
            owner._lock.release()
        group = owner._group
        if getattr(group, "ticket", None) is not None:
            group.ticket = ticket  # the group waits once, for its last command
            return False
        owner._await_durable(ticket)
        return False

    def _discard(self, exc: BaseException) -> None:
        """A failed command: a rejection that changed nothing is only reported; anything else
        drops every uncommitted change (memory is reloaded)."""
        owner = self.owner
        state = owner.state
        unchanged = state.position == self.position and state.touches == self.touches
        if isinstance(exc, CommandRejected) and unchanged:
            return
        self.processor.queue.clear()
        owner._reload_after_failure()


def _resource_row(res: Resource) -> dict[str, Any]:
    return {
        "key": res.key,
        "kind": res.kind,
        "resource_id": res.resource_id,
        "version": res.version,
        "name": res.name,
        "resource_name": res.resource_name,
        "checksum": res.checksum,
        "content": res.content,
        "deployment_key": res.deployment_key,
        "parent_key": res.parent_key,
        "deployed_ms": res.deployed_ms,
        "version_tag": res.version_tag,
        "deleted": res.deleted,
    }
