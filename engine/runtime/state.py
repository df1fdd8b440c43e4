"""Runtime state: mutable entity rows held in memory, written through to SQL per transaction.

Every entity is a slotted dataclass whose fields are its persisted form (JSON-compatible values).
The :class:`State` keeps the *live* ones (running instances, open jobs, waiting timers…) with the
indexes the processor needs; finished entities are written once more (``live=False``) and dropped
from memory, so SQL keeps the history the query API reads. :meth:`State.touch` marks a row dirty;
the store flushes dirty rows and new records in one transaction.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from engine.keys import KeyGenerator
from engine.records import RecordType, ValueType
from engine.store.store import RecordEntry

_EVENT = RecordType.EVENT  # read once: an Enum attribute lookup per record adds up


@dataclass(slots=True)
class ElementInstance:
    """One element instance (the process instance itself is the one with ``flow_scope_key == -1``)."""

    TABLE: ClassVar[str] = "element_instance"
    key: int
    process_instance_key: int
    process_definition_key: int
    bpmn_process_id: str
    version: int
    element_id: str
    element_type: str
    flow_scope_key: int
    state: str
    start_ms: int
    end_ms: int | None = None
    live: bool = True
    parent_process_instance_key: int = -1
    parent_element_instance_key: int = -1
    tokens: int = 0
    joins: dict[str, list[str]] = field(default_factory=dict)
    job_key: int = -1
    user_task_key: int = -1
    child_instance_key: int = -1
    loop_counter: int = 0
    mi: dict[str, Any] | None = None
    pending: list[dict[str, Any]] = field(default_factory=list)
    after_terminate: dict[str, Any] | None = None
    triggered: dict[str, Any] | None = None
    incident_key: int = -1
    started_by_message: str | None = None


@dataclass(slots=True)
class Variable:
    TABLE: ClassVar[str] = "variable"
    key: int
    name: str
    value: Any
    scope_key: int
    process_instance_key: int
    live: bool = True


@dataclass(slots=True)
class Job:
    TABLE: ClassVar[str] = "job"
    key: int
    type: str
    state: str
    retries: int
    element_instance_key: int
    process_instance_key: int
    process_definition_key: int
    bpmn_process_id: str
    version: int
    element_id: str
    custom_headers: dict[str, str]
    worker: str = ""
    deadline_ms: int | None = None
    backoff_until_ms: int | None = None
    error_message: str = ""
    live: bool = True


@dataclass(slots=True)
class Timer:
    TABLE: ClassVar[str] = "timer"
    key: int
    due_ms: int
    target_element_id: str
    element_instance_key: int
    process_instance_key: int
    process_definition_key: int
    bpmn_process_id: str
    repetitions: int = 1
    interval: str | None = None
    cron: str | None = None
    state: str = "CREATED"
    live: bool = True


@dataclass(slots=True)
class Subscription:
    """A message or signal subscription (``kind``), or a message/signal start event (``start``)."""

    TABLE: ClassVar[str] = "subscription"
    key: int
    kind: str
    name: str
    correlation_key: str
    element_id: str
    element_instance_key: int
    process_instance_key: int
    process_definition_key: int
    bpmn_process_id: str
    interrupting: bool = True
    start: bool = False
    state: str = "OPEN"
    live: bool = True


@dataclass(slots=True)
class Message:
    TABLE: ClassVar[str] = "message"
    key: int
    name: str
    correlation_key: str
    message_id: str
    variables: dict[str, Any]
    deadline_ms: int
    correlated: list[str] = field(default_factory=list)
    live: bool = True


@dataclass(slots=True)
class Incident:
    TABLE: ClassVar[str] = "incident"
    key: int
    error_type: str
    error_message: str
    element_instance_key: int
    process_instance_key: int
    element_id: str
    bpmn_process_id: str
    created_ms: int
    job_key: int = -1
    retry: str = ""
    state: str = "ACTIVE"
    live: bool = True


@dataclass(slots=True)
class UserTask:
    TABLE: ClassVar[str] = "user_task"
    key: int
    element_instance_key: int
    process_instance_key: int
    process_definition_key: int
    bpmn_process_id: str
    element_id: str
    created_ms: int
    assignee: str | None = None
    candidate_groups: list[str] = field(default_factory=list)
    candidate_users: list[str] = field(default_factory=list)
    due_date: str | None = None
    follow_up_date: str | None = None
    form_key: int | None = None
    external_form_reference: str | None = None
    custom_headers: dict[str, str] = field(default_factory=dict)
    state: str = "CREATED"
    completed_ms: int | None = None
    live: bool = True


Entity = ElementInstance | Variable | Job | Timer | Subscription | Message | Incident | UserTask
ENTITY_TYPES: tuple[type[Any], ...] = (
    ElementInstance,
    Variable,
    Job,
    Timer,
    Subscription,
    Message,
    Incident,
    UserTask,
)
FIELD_NAMES: dict[str, tuple[str, ...]] = {t.TABLE: tuple(f.name for f in fields(t)) for t in ENTITY_TYPES}


def to_row(entity: Any) -> dict[str, Any]:
    """The persisted form of an entity: its fields by name."""
    return {name: getattr(entity, name) for name in FIELD_NAMES[entity.TABLE]}


class State:
    """Live entities with their indexes, plus the pending write set of the current transaction."""

    def __init__(self, keys: KeyGenerator, last_position: int) -> None:
        self.keys = keys
        self.position = last_position
        self.elements: dict[int, ElementInstance] = {}
        self.children: defaultdict[int, dict[int, None]] = defaultdict(dict)
        self.message_started: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
        self.variables: defaultdict[int, dict[str, Variable]] = defaultdict(dict)
        self.jobs: dict[int, Job] = {}
        self.activatable: defaultdict[str, dict[int, None]] = defaultdict(dict)
        self.job_deadlines: list[tuple[int, int]] = []
        self.timers: dict[int, Timer] = {}
        self.timer_heap: list[tuple[int, int]] = []
        self.owned: defaultdict[int, dict[int, None]] = defaultdict(dict)
        self.subscriptions: dict[int, Subscription] = {}
        self.subs_by_name: defaultdict[tuple[str, str], dict[int, None]] = defaultdict(dict)
        self.messages: dict[int, Message] = {}
        self.messages_by_name: defaultdict[tuple[str, str], dict[int, None]] = defaultdict(dict)
        self.message_heap: list[tuple[int, int]] = []
        self.incidents: dict[int, Incident] = {}
        self.user_tasks: dict[int, UserTask] = {}
        self.dirty: dict[tuple[str, int], Any] = {}
        self.records: list[RecordEntry] = []
        self.touches = 0

    # -- write set ----------------------------------------------------------------------------
    def touch(self, entity: Any) -> None:
        self.touches += 1
        self.dirty[(entity.TABLE, entity.key)] = entity

    def record(
        self,
        value_type: ValueType,
        intent: str,
        key: int,
        now_ms: int,
        value: dict[str, Any],
        process_instance_key: int = -1,
    ) -> None:
        """Append a record to the transaction (as the store writes it: a plain tuple, no object)."""
        self.position += 1
        self.records.append(
            (self.position, key, now_ms, value_type, intent, _EVENT, process_instance_key, value)
        )

    def take_changes(self) -> tuple[list[Any], list[RecordEntry]]:
        dirty, records = list(self.dirty.values()), self.records
        self.dirty, self.records = {}, []
        return dirty, records

    # -- element instances --------------------------------------------------------------------
    def add_element(self, ei: ElementInstance) -> None:
        self._index_element(ei)
        self.touch(ei)

    def _index_element(self, ei: ElementInstance) -> None:
        self.elements[ei.key] = ei
        if ei.flow_scope_key >= 0:
            self.children[ei.flow_scope_key][ei.key] = None
        elif ei.started_by_message:
            self.message_started[(ei.bpmn_process_id, ei.started_by_message)].add(ei.key)

    def drop_element(self, ei: ElementInstance) -> None:
        ei.live = False
        self.elements.pop(ei.key, None)
        self.children.pop(ei.key, None)
        if ei.started_by_message and ei.flow_scope_key < 0:
            self.message_started[(ei.bpmn_process_id, ei.started_by_message)].discard(ei.key)
        if ei.flow_scope_key >= 0 and ei.flow_scope_key in self.children:
            self.children[ei.flow_scope_key].pop(ei.key, None)
        for var in self.variables.pop(ei.key, {}).values():
            var.live = False
            self.touch(var)
        self.touch(ei)

    def child_instances(self, scope_key: int) -> list[ElementInstance]:
        return [self.elements[k] for k in self.children.get(scope_key, {})]

    # -- jobs ---------------------------------------------------------------------------------
    def add_job(self, job: Job) -> None:
        self.jobs[job.key] = job
        self.index_job(job)
        self.touch(job)

    def index_job(self, job: Job) -> None:
        self.activatable[job.type].pop(job.key, None)
        if job.state == "ACTIVATABLE":
            self.activatable[job.type][job.key] = None
        elif job.state == "ACTIVATED" and job.deadline_ms is not None:
            heapq.heappush(self.job_deadlines, (job.deadline_ms, job.key))
        elif job.state == "FAILED" and job.backoff_until_ms is not None:
            heapq.heappush(self.job_deadlines, (job.backoff_until_ms, job.key))

    def drop_job(self, job: Job) -> None:
        job.live = False
        self.jobs.pop(job.key, None)
        self.activatable[job.type].pop(job.key, None)
        self.touch(job)

    # -- timers -------------------------------------------------------------------------------
    def add_timer(self, timer: Timer) -> None:
        self.timers[timer.key] = timer
        self.owned[timer.element_instance_key][timer.key] = None
        heapq.heappush(self.timer_heap, (timer.due_ms, timer.key))
        self.touch(timer)

    def drop_timer(self, timer: Timer) -> None:
        timer.live = False
        self.timers.pop(timer.key, None)
        self._disown(timer.element_instance_key, timer.key)
        self.touch(timer)

    def _disown(self, owner: int, key: int) -> None:
        owned = self.owned.get(owner)
        if owned is not None:
            owned.pop(key, None)
            if not owned:
                del self.owned[owner]

    def owned_by(self, owner: int) -> list[Timer | Subscription]:
        found: list[Timer | Subscription] = []
        for key in list(self.owned.get(owner, ())):
            entity = self.timers.get(key) or self.subscriptions.get(key)
            if entity is not None:
                found.append(entity)
        return found

    # -- subscriptions & messages ---------------------------------------------------------------
    def add_subscription(self, sub: Subscription) -> None:
        self.subscriptions[sub.key] = sub
        self.subs_by_name[(sub.kind, sub.name)][sub.key] = None
        self.owned[sub.element_instance_key][sub.key] = None
        self.touch(sub)

    def drop_subscription(self, sub: Subscription) -> None:
        sub.live = False
        self.subscriptions.pop(sub.key, None)
        self.subs_by_name[(sub.kind, sub.name)].pop(sub.key, None)
        self._disown(sub.element_instance_key, sub.key)
        self.touch(sub)

    def add_message(self, msg: Message) -> None:
        self.messages[msg.key] = msg
        self.messages_by_name[(msg.name, msg.correlation_key)][msg.key] = None
        heapq.heappush(self.message_heap, (msg.deadline_ms, msg.key))
        self.touch(msg)

    def drop_message(self, msg: Message) -> None:
        msg.live = False
        self.messages.pop(msg.key, None)
        self.messages_by_name[(msg.name, msg.correlation_key)].pop(msg.key, None)
        self.touch(msg)

    # -- loading ------------------------------------------------------------------------------
    def load(self, entity: Any) -> None:
        """Put a live entity read from the store back into memory (no write)."""
        if isinstance(entity, ElementInstance):
            self._index_element(entity)
        elif isinstance(entity, Variable):
            self.variables[entity.scope_key][entity.name] = entity
        elif isinstance(entity, Job):
            self.jobs[entity.key] = entity
            self.index_job(entity)
        elif isinstance(entity, Timer):
            self.timers[entity.key] = entity
            self.owned[entity.element_instance_key][entity.key] = None
            heapq.heappush(self.timer_heap, (entity.due_ms, entity.key))
        elif isinstance(entity, Subscription):
            self.subscriptions[entity.key] = entity
            self.subs_by_name[(entity.kind, entity.name)][entity.key] = None
            self.owned[entity.element_instance_key][entity.key] = None
        elif isinstance(entity, Message):
            self.messages[entity.key] = entity
            self.messages_by_name[(entity.name, entity.correlation_key)][entity.key] = None
            heapq.heappush(self.message_heap, (entity.deadline_ms, entity.key))
        elif isinstance(entity, Incident):
            self.incidents[entity.key] = entity
        elif isinstance(entity, UserTask):
            self.user_tasks[entity.key] = entity
        else:  # pragma: no cover - a new entity type must be added here
            raise TypeError(f"unknown entity {type(entity).__name__}")
