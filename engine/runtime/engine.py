"""``Engine``: the embedded engine's command surface (:class:`engine.api.EngineApi`) and read side
(:class:`engine.query.EngineQuery`).

Every method validates its input, then runs as one command (``Transactions._command``): applied to
the in-memory state by the :class:`Processor` and committed with all its follow-ups in one SQL
transaction before the method returns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from itertools import islice
from typing import Any, TypeVar

from engine.api import (
    ActivatedJob,
    Deployment,
    EngineListener,
    EvaluatedDecision,
    InstanceCreated,
    InstanceResult,
    StartInstruction,
    Topology,
    Variables,
)
from engine.clock import Clock, SystemClock, from_millis, to_millis
from engine.errors import CommandRejected, InvalidArgument, InvalidState, NotFound
from engine.records import JobIntent, TimerIntent
from engine.runtime import jobs as job_commands
from engine.runtime import messages, scheduling, signals
from engine.runtime.behaviors import user_task as user_tasks
from engine.runtime.definitions import Resource
from engine.runtime.deploy import Deployer, parse_resources
from engine.runtime.expressions import plain
from engine.runtime.instances import start_instance
from engine.runtime.processor import Processor
from engine.runtime.queries import SqlQuery
from engine.runtime.transactions import Transactions
from engine.store import Store

T = TypeVar("T")
TENANT = "<default>"
TICK_BATCH = 200


def _tenant(tenant_id: str) -> None:
    if tenant_id not in ("", TENANT):
        raise InvalidArgument(
            intent="CREATE",
            reason=f"Expected to handle request with tenant identifier '{tenant_id}', but multi-tenancy is disabled",
        )


def _variables(variables: Mapping[str, Any] | None) -> dict[str, Any]:
    if variables is None:
        return {}
    if not isinstance(variables, Mapping):
        raise InvalidArgument(
            intent="UPDATE",
            reason="Property 'variables' is invalid: Expected document to be a root level object",
        )
    return {str(k): plain(v) for k, v in variables.items()}


class Engine(Transactions, SqlQuery):
    """The embedded Zeebe-compatible engine.

    Args:
        store: the engine's database.
        clock: where "now" comes from (``FakeClock`` in tests and dev).
    """

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or SystemClock()
        self._init_transactions()
        self._load()
        store.fold_before_read = self._fold_before_read

    @classmethod
    def open(cls, url: str, *, clock: Clock | None = None) -> Engine:
        """Open (creating if new) the engine database at ``url``."""
        return cls(Store(url), clock)

    # -- deployment -------------------------------------------------------------------------
    def deploy(self, resources: Sequence[tuple[str, bytes]], tenant_id: str = "") -> Deployment:
        _tenant(tenant_id)
        parsed = parse_resources(list(resources))
        with self._command() as p:
            deployer = Deployer(p)
            result = deployer.deploy(parsed)
            self._pending_resources += deployer.created
        return result

    def delete_resource(self, resource_key: int) -> None:
        with self._command() as p:
            deployer = Deployer(p)
            deployer.delete(resource_key)
            self._changed_resources += deployer.changed

    # -- process instances ------------------------------------------------------------------
    def _definition(self, bpmn_process_id: str | None, key: int | None, version: int) -> Resource:
        reg = self.registry
        if bpmn_process_id:
            res = (
                reg.latest("process", bpmn_process_id)
                if version < 0
                else reg.version("process", bpmn_process_id, version)
            )
            if res is None:
                detail = f" and version '{version}'" if version >= 0 else ""
                raise NotFound(
                    intent="CREATE",
                    reason=f"Expected to find process definition with process ID '{bpmn_process_id}'{detail}, but none found",
                )
            return res
        if key is not None and key >= 0:
            res = reg.get(key, "process")
            if res is None:
                raise NotFound(
                    intent="CREATE",
                    reason=f"Expected to find process definition with key '{key}', but none found",
                )
            return res
        raise InvalidArgument(
            intent="CREATE",
            reason="Expected at least a bpmnProcessId or a key greater than -1, but none given",
        )

    def create_instance(
        self,
        *,
        bpmn_process_id: str | None = None,
        process_definition_key: int | None = None,
        version: int = -1,
        variables: Variables | None = None,
        start_instructions: Sequence[StartInstruction] = (),
        tenant_id: str = "",
    ) -> InstanceCreated:
        _tenant(tenant_id)
        document = _variables(variables)
        with self._command() as p:
            res = self._definition(bpmn_process_id, process_definition_key, version)
            process = res.process
            if start_instructions:
                starts = [s.element_id for s in start_instructions]
                for element_id in starts:
                    element = process.elements.get(element_id)
                    if element is None:
                        raise InvalidArgument(
                            intent="CREATE",
                            reason=f"Expected to create instance of process with start instructions but no element found with id '{element_id}'.",
                        )
                    if element.parent_id != process.id:
                        raise InvalidArgument(
                            intent="CREATE",
                            reason=f"Expected to create instance of process with start instructions but the element with "
                            f"id '{element_id}' is inside '{element.parent_id}'; the embedded engine starts only at "
                            "elements of the process scope.",
                        )
            else:
                start = process.none_start_event(process.id)
                if start is None:
                    raise InvalidState(
                        intent="CREATE",
                        reason="Expected to create instance of process with none start event, but there is no such event",
                    )
                starts = [start.id]
            root = start_instance(p, res, document, starts)
        return InstanceCreated(res.key, res.resource_id, res.version, root.key)

    def instance_result(
        self, process_instance_key: int, fetch_variables: Sequence[str] = ()
    ) -> InstanceResult | None:
        with self._lock:
            if process_instance_key in self.state.elements:
                return None
        view = self.process_instance(process_instance_key)
        if view.state == "CANCELED":
            raise InvalidState(
                intent="CREATE_WITH_AWAITING_RESULT",
                reason=f"Process instance '{process_instance_key}' was canceled",
            )
        if view.state != "COMPLETED":
            return None
        rows = self.variables(scope_key=process_instance_key, limit=100_000).items
        values = {v.name: v.value for v in rows if not fetch_variables or v.name in fetch_variables}
        created = InstanceCreated(
            view.process_definition_key, view.bpmn_process_id, view.version, process_instance_key
        )
        return InstanceResult(created, values)

    def cancel_instance(self, process_instance_key: int) -> None:
        with self._command() as p:
            root = self.state.elements.get(process_instance_key)
            if root is None or root.flow_scope_key >= 0:
                raise NotFound(
                    intent="CANCEL",
                    reason=f"Expected to cancel a process instance with key '{process_instance_key}', but no such process was found",
                )
            if root.parent_process_instance_key >= 0:
                raise InvalidState(
                    intent="CANCEL",
                    reason=f"Expected to cancel a process instance with key '{process_instance_key}', but it is created by a "
                    f"parent process instance. Cancel the root process instance '{root.parent_process_instance_key}' instead.",
                )
            p.terminate(root)

    def set_variables(self, element_instance_key: int, variables: Variables, *, local: bool = False) -> int:
        document = _variables(variables)
        with self._command() as p:
            ei = self.state.elements.get(element_instance_key)
            if ei is None:
                raise NotFound(
                    intent="UPDATE",
                    reason=f"Expected to update variables for element with key '{element_instance_key}', but no such element was found",
                )
            key = self.state.keys.next()
            if local:
                p.scopes.set_locals(ei.key, document)
            else:
                p.scopes.propagate(ei.key, document)
        return key

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
    ) -> list[ActivatedJob]:
        if not job_type.strip():
            raise InvalidArgument(
                intent="ACTIVATE", reason="Expected to activate jobs with a non-blank type, but it was blank"
            )
        if timeout_ms < 1 or max_jobs < 1:
            raise InvalidArgument(
                intent="ACTIVATE",
                reason=f"Expected to activate jobs with a positive timeout and amount, but got timeout '{timeout_ms}' and amount '{max_jobs}'",
            )
        for tenant in tenant_ids:
            _tenant(tenant)
        with self._command() as p:
            keys = list(islice(self.state.activatable.get(job_type, {}), max_jobs))
            jobs = [self.state.jobs[k] for k in keys]
            for job in jobs:
                job_commands.activate(p, job, worker, timeout_ms)
            activated = [self._activated(p, job, fetch_variables) for job in jobs]
        return activated

    def _activated(self, p: Processor, job: Any, fetch: Sequence[str]) -> ActivatedJob:
        visible = p.scopes.visible(job.element_instance_key)
        if fetch:
            visible = {k: v for k, v in visible.items() if k in fetch}
        return ActivatedJob(
            key=job.key,
            type=job.type,
            process_instance_key=job.process_instance_key,
            bpmn_process_id=job.bpmn_process_id,
            process_definition_version=job.version,
            process_definition_key=job.process_definition_key,
            element_id=job.element_id,
            element_instance_key=job.element_instance_key,
            custom_headers=dict(job.custom_headers),
            worker=job.worker,
            retries=job.retries,
            deadline_ms=job.deadline_ms or 0,
            variables=visible,
        )

    def complete_job(self, job_key: int, variables: Variables | None = None) -> None:
        document = _variables(variables)
        with self._command() as p:
            job_commands.complete(p, job_key, document)

    def complete_jobs(
        self, completions: Sequence[tuple[int, Variables | None]]
    ) -> list[CommandRejected | None]:
        """Complete several jobs at once, as an in-process worker holding a batch of activated jobs.

        Each completion is its own command, applied or rejected on its own exactly as
        :meth:`complete_job`; they are committed together (one transaction as a rule, the group
        commit concurrent CompleteJob calls get) and all are durable when this returns.

        Returns, per completion in order, None or the rejection (e.g. NotFound for an unknown job).
        """
        outcomes: list[CommandRejected | None] = []
        with self.command_group():
            for job_key, variables in completions:
                try:
                    self.complete_job(job_key, variables)
                except CommandRejected as exc:
                    outcomes.append(exc)
                else:
                    outcomes.append(None)
        return outcomes

    def fail_job(
        self,
        job_key: int,
        *,
        retries: int,
        error_message: str = "",
        retry_backoff_ms: int = 0,
        variables: Variables | None = None,
    ) -> None:
        document = _variables(variables)
        with self._command() as p:
            job_commands.fail(p, job_key, retries, error_message, retry_backoff_ms, document)

    def throw_error(
        self, job_key: int, *, error_code: str, error_message: str = "", variables: Variables | None = None
    ) -> None:
        document = _variables(variables)
        with self._command() as p:
            job_commands.throw_error(p, job_key, error_code, error_message, document)

    def update_job_retries(self, job_key: int, retries: int) -> None:
        with self._command() as p:
            job_commands.update_retries(p, job_key, retries)

    def update_job_timeout(self, job_key: int, timeout_ms: int) -> None:
        with self._command() as p:
            job_commands.update_timeout(p, job_key, timeout_ms)

    # -- messages, signals, decisions, incidents ---------------------------------------------
    def publish_message(
        self,
        *,
        name: str,
        correlation_key: str,
        time_to_live_ms: int,
        message_id: str = "",
        variables: Variables | None = None,
        tenant_id: str = "",
    ) -> int:
        _tenant(tenant_id)
        document = _variables(variables)
        with self._command() as p:
            key, _ = messages.publish(p, name, correlation_key, time_to_live_ms, message_id, document)
        return key

    def correlate_message(
        self, *, name: str, correlation_key: str, variables: Variables | None = None, tenant_id: str = ""
    ) -> tuple[int, int]:
        _tenant(tenant_id)
        document = _variables(variables)
        with self._command() as p:
            key, reached = messages.publish(p, name, correlation_key, 0, "", document)
            if not reached:
                raise NotFound(
                    intent="CORRELATE",
                    reason=f"Expected to find subscription for message with name '{name}' and correlation key '{correlation_key}', but none was found.",
                )
        return key, reached[0]

    def broadcast_signal(
        self, signal_name: str, variables: Variables | None = None, tenant_id: str = ""
    ) -> int:
        _tenant(tenant_id)
        document = _variables(variables)
        with self._command() as p:
            return signals.broadcast(p, signal_name, document)

    def evaluate_decision(
        self,
        *,
        decision_id: str | None = None,
        decision_key: int | None = None,
        variables: Variables | None = None,
        tenant_id: str = "",
    ) -> EvaluatedDecision:
        _tenant(tenant_id)
        document = _variables(variables)
        from engine.runtime.decisions import run_decision

        with self._command() as p:
            if decision_id:
                decision = self.registry.latest("decision", decision_id)
            elif decision_key is not None and decision_key >= 0:
                decision = self.registry.get(decision_key, "decision")
            else:
                raise InvalidArgument(
                    intent="EVALUATE",
                    reason="Expected either a decision id or a valid decision key, but none provided",
                )
            if decision is None:
                ref = f"id '{decision_id}'" if decision_id else f"key '{decision_key}'"
                raise NotFound(
                    intent="EVALUATE", reason=f"Expected to evaluate decision but no decision found for {ref}"
                )
            evaluation = run_decision(p, decision, document)
            drg = self.registry.by_key[decision.parent_key]
        return EvaluatedDecision(
            decision_id=decision.resource_id,
            decision_key=decision.key,
            decision_version=decision.version,
            decision_name=decision.name or "",
            decision_requirements_id=drg.resource_id,
            decision_requirements_key=drg.key,
            output=evaluation.output,
            evaluated_decisions=tuple(evaluation.evaluated_decisions),
            failed_decision_id=evaluation.failed_decision_id,
            failure_message=evaluation.failure_message,
        )

    def resolve_incident(self, incident_key: int) -> None:
        with self._command() as p:
            inc = self.state.incidents.get(incident_key)
            if inc is None:
                raise NotFound(
                    intent="RESOLVE",
                    reason=f"Expected to resolve incident with key '{incident_key}', but no such incident was found",
                )
            job = self.state.jobs.get(inc.job_key) if inc.job_key >= 0 else None
            if job is not None and job.retries <= 0 and inc.error_type == "JOB_NO_RETRIES":
                raise InvalidState(
                    intent="RESOLVE",
                    reason=f"Expected to resolve incident with key '{incident_key}', but job with key '{job.key}' has no retries left. "
                    "Please update the job retries and retry resolving the incident",
                )
            p.close_incident(inc)
            ei = self.state.elements.get(inc.element_instance_key)
            if job is not None:
                job_commands.make_activatable_again(p, job, JobIntent.RETRIES_UPDATED)
            elif ei is not None and inc.retry == "activate":
                p.run_activation(ei)
            elif ei is not None and inc.retry == "complete":
                p.run_completion(ei)

    # -- user tasks -------------------------------------------------------------------------
    def assign_user_task(self, user_task_key: int, assignee: str, *, allow_override: bool = True) -> None:
        with self._command() as p:
            user_tasks.assign(p, user_task_key, assignee, allow_override)

    def unassign_user_task(self, user_task_key: int) -> None:
        with self._command() as p:
            user_tasks.assign(p, user_task_key, None, True)

    def update_user_task(self, user_task_key: int, changes: Mapping[str, Any]) -> None:
        with self._command() as p:
            user_tasks.update(p, user_task_key, dict(changes))

    def complete_user_task(
        self, user_task_key: int, variables: Variables | None = None, action: str = "complete"
    ) -> None:
        document = _variables(variables)
        with self._command() as p:
            user_tasks.complete(p, user_task_key, document)

    # -- time -------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock.now()

    def tick(self) -> int:
        total = 0
        while True:
            with self._command() as p:
                done = scheduling.fire_due_timers(p, TICK_BATCH)
                done += job_commands.due_jobs(p, TICK_BATCH)
                done += messages.expire_due(p, TICK_BATCH)
            total += done
            if done == 0:
                return total

    def next_due(self) -> datetime | None:
        with self._lock:
            p = self.processor
            dues = [
                d
                for d in (
                    scheduling.next_timer_due(p),
                    job_commands.next_job_due(p),
                    messages.next_message_due(p),
                )
                if d is not None
            ]
        return from_millis(min(dues)) if dues else None

    def move_timer(self, timer_key: int, due: datetime, *, reason: str = "") -> None:
        if due.tzinfo is None:
            raise InvalidArgument(intent="MIGRATE", reason="Expected a timezone-aware due date")
        with self._command() as p:
            timer = self.state.timers.get(timer_key)
            if timer is None:
                raise NotFound(
                    intent="MIGRATE",
                    reason=f"Expected to move timer with key '{timer_key}', but no such timer is waiting",
                )
            previous = timer.due_ms
            timer.due_ms = to_millis(due)
            self.state.touch(timer)
            import heapq

            heapq.heappush(self.state.timer_heap, (timer.due_ms, timer.key))
            from engine.runtime.behaviors.events import timer_record

            timer_record(p, timer, TimerIntent.MIGRATED, {"previousDueDate": previous, "reason": reason})

    # -- plumbing ---------------------------------------------------------------------------
    def topology(self) -> Topology:
        return Topology(
            brokers=(
                {
                    "nodeId": 0,
                    "host": "127.0.0.1",
                    "port": 26501,
                    "partitions": ({"partitionId": 1, "role": "LEADER", "health": "HEALTHY"},),
                    "version": "8.6.0",
                },
            )
        )

    def add_listener(self, listener: EngineListener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def remove() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return remove

    def close(self) -> None:
        with self._lock:
            self.store.close()
