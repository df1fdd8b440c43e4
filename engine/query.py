"""The engine's read side: what the ops view, the tasklist and the REST search endpoints call.

``engine.runtime.Engine`` implements :class:`EngineQuery`. Results are frozen dataclasses; times
are timezone-aware UTC datetimes; variables values are decoded JSON. Every list method takes
``limit``/``offset`` paging and returns a :class:`Page` (``total`` counts all matches). Results are
ordered by key (creation order) unless a method says otherwise. Reading never blocks commands for
long: queries run against the committed SQL state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")


class InstanceState(StrEnum):
    """Process instance state as Operate shows it."""

    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    CANCELED = "CANCELED"


class ElementState(StrEnum):
    """Flow-node instance state (Operate's view of the Zeebe lifecycle)."""

    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    TERMINATED = "TERMINATED"


class JobState(StrEnum):
    ACTIVATABLE = "ACTIVATABLE"
    ACTIVATED = "ACTIVATED"
    FAILED = "FAILED"
    ERROR_THROWN = "ERROR_THROWN"
    COMPLETED = "COMPLETED"
    CANCELED = "CANCELED"


class TimerState(StrEnum):
    CREATED = "CREATED"
    TRIGGERED = "TRIGGERED"
    CANCELED = "CANCELED"


class IncidentState(StrEnum):
    ACTIVE = "ACTIVE"
    RESOLVED = "RESOLVED"


class UserTaskState(StrEnum):
    CREATED = "CREATED"
    COMPLETED = "COMPLETED"
    CANCELED = "CANCELED"


class SubscriptionState(StrEnum):
    OPEN = "OPEN"
    CORRELATED = "CORRELATED"
    CLOSED = "CLOSED"


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of results; ``total`` is the number of matches before paging."""

    items: tuple[T, ...]
    total: int


@dataclass(frozen=True, slots=True)
class ProcessDefinitionView:
    key: int
    bpmn_process_id: str
    name: str | None
    version: int
    resource_name: str
    deployment_key: int
    deployed_at: datetime
    version_tag: str | None = None
    deleted: bool = False
    tenant_id: str = "<default>"


@dataclass(frozen=True, slots=True)
class ProcessInstanceView:
    key: int
    bpmn_process_id: str
    version: int
    process_definition_key: int
    state: InstanceState
    start_date: datetime
    end_date: datetime | None
    parent_process_instance_key: int
    parent_element_instance_key: int
    has_incident: bool
    tenant_id: str = "<default>"


@dataclass(frozen=True, slots=True)
class ElementInstanceView:
    key: int
    process_instance_key: int
    element_id: str
    element_name: str | None
    element_type: str
    flow_scope_key: int
    state: ElementState
    lifecycle: str
    start_date: datetime
    end_date: datetime | None
    has_incident: bool


@dataclass(frozen=True, slots=True)
class VariableView:
    key: int
    name: str
    value: Any
    scope_key: int
    process_instance_key: int


@dataclass(frozen=True, slots=True)
class JobView:
    key: int
    type: str
    state: JobState
    retries: int
    worker: str
    deadline: datetime | None
    error_message: str
    custom_headers: dict[str, str]
    process_instance_key: int
    element_instance_key: int
    element_id: str
    bpmn_process_id: str


@dataclass(frozen=True, slots=True)
class TimerView:
    key: int
    due_date: datetime
    state: TimerState
    target_element_id: str
    repetitions: int
    process_instance_key: int
    element_instance_key: int
    process_definition_key: int
    bpmn_process_id: str


@dataclass(frozen=True, slots=True)
class MessageSubscriptionView:
    key: int
    message_name: str
    correlation_key: str
    state: SubscriptionState
    element_id: str
    process_instance_key: int
    element_instance_key: int
    bpmn_process_id: str
    is_start_event: bool


@dataclass(frozen=True, slots=True)
class IncidentView:
    key: int
    error_type: str
    error_message: str
    state: IncidentState
    process_instance_key: int
    element_instance_key: int
    element_id: str
    job_key: int
    bpmn_process_id: str
    creation_time: datetime


@dataclass(frozen=True, slots=True)
class UserTaskView:
    key: int
    element_id: str
    element_instance_key: int
    process_instance_key: int
    bpmn_process_id: str
    process_definition_key: int
    state: UserTaskState
    assignee: str | None
    candidate_groups: tuple[str, ...]
    candidate_users: tuple[str, ...]
    due_date: datetime | None
    follow_up_date: datetime | None
    form_key: int | None
    external_form_reference: str | None
    custom_headers: dict[str, str]
    creation_date: datetime
    completion_date: datetime | None
    element_name: str | None = None


@dataclass(frozen=True, slots=True)
class FormView:
    key: int
    form_id: str
    version: int
    schema: dict[str, Any]
    resource_name: str
    version_tag: str | None = None


@dataclass(frozen=True, slots=True)
class RecordView:
    """One entry of the append-only record log (Zeebe's exporter envelope, flattened)."""

    position: int
    key: int
    timestamp: datetime
    value_type: str
    intent: str
    record_type: str
    process_instance_key: int
    value: dict[str, Any]


class EngineQuery(Protocol):
    """Read-only access to the engine's state, for the ops view and the tasklist."""

    def process_definitions(
        self,
        *,
        bpmn_process_id: str | None = None,
        latest_only: bool = False,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[ProcessDefinitionView]: ...

    def process_definition(self, key: int) -> ProcessDefinitionView:
        """Raises NotFound for unknown keys."""
        ...

    def process_definition_xml(self, key: int) -> str:
        """The deployed BPMN XML of the definition's resource. Raises NotFound."""
        ...

    def process_instances(
        self,
        *,
        bpmn_process_id: str | None = None,
        process_definition_key: int | None = None,
        state: InstanceState | None = None,
        variable: tuple[str, Any] | None = None,
        started_after: datetime | None = None,
        started_before: datetime | None = None,
        has_incident: bool | None = None,
        parent_process_instance_key: int | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[ProcessInstanceView]:
        """``variable=(name, value)`` matches instances whose root-scope variable equals value."""
        ...

    def process_instance(self, key: int) -> ProcessInstanceView:
        """Raises NotFound for unknown keys."""
        ...

    def element_instances(
        self,
        process_instance_key: int,
        *,
        state: ElementState | None = None,
        limit: int = 1000,
        offset: int = 0,
    ) -> Page[ElementInstanceView]: ...

    def variables(
        self,
        *,
        process_instance_key: int | None = None,
        scope_key: int | None = None,
        name: str | None = None,
        limit: int = 1000,
        offset: int = 0,
    ) -> Page[VariableView]: ...

    def jobs(
        self,
        *,
        process_instance_key: int | None = None,
        job_type: str | None = None,
        state: JobState | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[JobView]: ...

    def timers(
        self,
        *,
        process_instance_key: int | None = None,
        state: TimerState | None = TimerState.CREATED,
        due_before: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[TimerView]:
        """Timers ordered by due date (active ones by default)."""
        ...

    def message_subscriptions(
        self,
        *,
        process_instance_key: int | None = None,
        message_name: str | None = None,
        state: SubscriptionState | None = SubscriptionState.OPEN,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[MessageSubscriptionView]: ...

    def incidents(
        self,
        *,
        process_instance_key: int | None = None,
        state: IncidentState | None = IncidentState.ACTIVE,
        error_type: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[IncidentView]: ...

    def user_tasks(
        self,
        *,
        assignee: str | None = None,
        candidate_group: str | None = None,
        candidate_user: str | None = None,
        state: UserTaskState | None = None,
        process_instance_key: int | None = None,
        bpmn_process_id: str | None = None,
        due_before: datetime | None = None,
        due_after: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[UserTaskView]: ...

    def user_task(self, key: int) -> UserTaskView:
        """Raises NotFound for unknown keys."""
        ...

    def form(self, *, key: int | None = None, form_id: str | None = None) -> FormView:
        """By key, or the latest version of ``form_id``. Raises NotFound."""
        ...

    def records(
        self,
        *,
        process_instance_key: int | None = None,
        value_types: Sequence[str] = (),
        after_position: int = 0,
        limit: int = 1000,
    ) -> list[RecordView]:
        """Records in position order (an instance's history, or the global feed after a position)."""
        ...
