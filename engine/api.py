"""The engine's public command surface: what the gateway (gRPC, REST), tests and tools call.

``engine.runtime.Engine`` implements :class:`EngineApi`. Every method is synchronous, thread-safe
(commands are serialised; each one and all its follow-up effects commit in one transaction) and
raises :class:`engine.errors.CommandRejected` subclasses for rejections. Variables cross this
boundary as plain JSON-compatible dicts (numbers may be int, float or Decimal).

Waiting (long-polling, create-with-result) is the gateway's business: it registers a listener
with :meth:`EngineApi.add_listener` and is told when jobs of a type become activatable or when a
process instance ends.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

Variables = dict[str, Any]


@dataclass(frozen=True, slots=True)
class DeployedProcess:
    bpmn_process_id: str
    version: int
    process_definition_key: int
    resource_name: str
    tenant_id: str = "<default>"


@dataclass(frozen=True, slots=True)
class DeployedDecision:
    decision_id: str
    decision_name: str
    version: int
    decision_key: int
    decision_requirements_id: str
    decision_requirements_key: int
    tenant_id: str = "<default>"


@dataclass(frozen=True, slots=True)
class DeployedDecisionRequirements:
    decision_requirements_id: str
    decision_requirements_name: str
    version: int
    decision_requirements_key: int
    resource_name: str
    tenant_id: str = "<default>"


@dataclass(frozen=True, slots=True)
class DeployedForm:
    form_id: str
    version: int
    form_key: int
    resource_name: str
    tenant_id: str = "<default>"


@dataclass(frozen=True, slots=True)
class Deployment:
    key: int
    processes: tuple[DeployedProcess, ...] = ()
    decisions: tuple[DeployedDecision, ...] = ()
    decision_requirements: tuple[DeployedDecisionRequirements, ...] = ()
    forms: tuple[DeployedForm, ...] = ()
    tenant_id: str = "<default>"


@dataclass(frozen=True, slots=True)
class StartInstruction:
    element_id: str


@dataclass(frozen=True, slots=True)
class InstanceCreated:
    process_definition_key: int
    bpmn_process_id: str
    version: int
    process_instance_key: int
    tenant_id: str = "<default>"


@dataclass(frozen=True, slots=True)
class InstanceResult:
    """Outcome of a finished instance, for CreateProcessInstanceWithResult."""

    created: InstanceCreated
    variables: Variables


@dataclass(frozen=True, slots=True)
class ActivatedJob:
    key: int
    type: str
    process_instance_key: int
    bpmn_process_id: str
    process_definition_version: int
    process_definition_key: int
    element_id: str
    element_instance_key: int
    custom_headers: Mapping[str, str]
    worker: str
    retries: int
    deadline_ms: int
    variables: Variables
    tenant_id: str = "<default>"


@dataclass(frozen=True, slots=True)
class EvaluatedDecision:
    """Result of EvaluateDecision: the decision output (JSON) and each decision evaluated."""

    decision_id: str
    decision_key: int
    decision_version: int
    decision_name: str
    decision_requirements_id: str
    decision_requirements_key: int
    output: Any
    evaluated_decisions: tuple[Mapping[str, Any], ...] = ()
    failed_decision_id: str = ""
    failure_message: str = ""
    tenant_id: str = "<default>"


@dataclass(frozen=True, slots=True)
class Topology:
    cluster_size: int = 1
    partitions_count: int = 1
    replication_factor: int = 1
    gateway_version: str = "8.6.0"
    brokers: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)


class EngineListener(Protocol):
    """Notified after a command commits. Called on the engine's thread: must not block."""

    def jobs_available(self, job_type: str) -> None: ...

    def instance_ended(self, process_instance_key: int) -> None: ...


class EngineApi(Protocol):
    """Commands, in the vocabulary of the Zeebe gateway protocol."""

    # -- deployment -------------------------------------------------------------------------
    def deploy(self, resources: Sequence[tuple[str, bytes]], tenant_id: str = "") -> Deployment: ...

    def delete_resource(self, resource_key: int) -> None: ...

    # -- process instances ------------------------------------------------------------------
    def create_instance(
        self,
        *,
        bpmn_process_id: str | None = None,
        process_definition_key: int | None = None,
        version: int = -1,
        variables: Variables | None = None,
        start_instructions: Sequence[StartInstruction] = (),
        tenant_id: str = "",
    ) -> InstanceCreated: ...

    def instance_result(
        self, process_instance_key: int, fetch_variables: Sequence[str] = ()
    ) -> InstanceResult | None:
        """The result if the instance has completed, None while it is running.

        Raises NotFound for unknown keys and InvalidState if the instance was cancelled.
        """
        ...

    def cancel_instance(self, process_instance_key: int) -> None: ...

    def set_variables(
        self, element_instance_key: int, variables: Variables, *, local: bool = False
    ) -> int: ...

    # -- jobs -------------------------------------------------------------------------------
    def activate_jobs(
        self,
        *,
        job_type: str,
        worker: str,
        timeout_ms: int,
        max_jobs: int,
        fetch_variables: Sequence[str] = (),
        tenant_ids: Sequence[str] = (),
    ) -> list[ActivatedJob]: ...

    def complete_job(self, job_key: int, variables: Variables | None = None) -> None: ...

    def fail_job(
        self,
        job_key: int,
        *,
        retries: int,
        error_message: str = "",
        retry_backoff_ms: int = 0,
        variables: Variables | None = None,
    ) -> None: ...

    def throw_error(
        self, job_key: int, *, error_code: str, error_message: str = "", variables: Variables | None = None
    ) -> None: ...

    def update_job_retries(self, job_key: int, retries: int) -> None: ...

    def update_job_timeout(self, job_key: int, timeout_ms: int) -> None: ...

    # -- messages, signals, decisions, incidents --------------------------------------------
    def publish_message(
        self,
        *,
        name: str,
        correlation_key: str,
        time_to_live_ms: int,
        message_id: str = "",
        variables: Variables | None = None,
        tenant_id: str = "",
    ) -> int: ...

    def correlate_message(
        self, *, name: str, correlation_key: str, variables: Variables | None = None, tenant_id: str = ""
    ) -> tuple[int, int]:
        """Correlate immediately (REST ``/messages/correlation``); returns (message key, process instance key)."""
        ...

    def broadcast_signal(
        self, signal_name: str, variables: Variables | None = None, tenant_id: str = ""
    ) -> int: ...

    def evaluate_decision(
        self,
        *,
        decision_id: str | None = None,
        decision_key: int | None = None,
        variables: Variables | None = None,
        tenant_id: str = "",
    ) -> EvaluatedDecision: ...

    def resolve_incident(self, incident_key: int) -> None: ...

    # -- user tasks (Camunda user tasks; REST only, as in Zeebe) ----------------------------
    def assign_user_task(self, user_task_key: int, assignee: str, *, allow_override: bool = True) -> None: ...

    def unassign_user_task(self, user_task_key: int) -> None: ...

    def update_user_task(self, user_task_key: int, changes: Mapping[str, Any]) -> None: ...

    def complete_user_task(
        self, user_task_key: int, variables: Variables | None = None, action: str = "complete"
    ) -> None: ...

    # -- time ---------------------------------------------------------------------------------
    def now(self) -> datetime: ...

    def tick(self) -> int:
        """Process everything due at the clock's current time (timers in due order, job time-outs,
        job back-offs, message TTLs). Returns how many items were processed."""
        ...

    def next_due(self) -> datetime | None:
        """The earliest instant at which :meth:`tick` would have work, for the scheduler."""
        ...

    def move_timer(self, timer_key: int, due: datetime, *, reason: str = "") -> None:
        """Beyond Zeebe: move a waiting timer's due date (recorded as TIMER MIGRATED... record)."""
        ...

    # -- plumbing ---------------------------------------------------------------------------
    def topology(self) -> Topology: ...

    def add_listener(self, listener: EngineListener) -> Callable[[], None]:
        """Register a listener; returns a function that removes it."""
        ...

    def close(self) -> None: ...
