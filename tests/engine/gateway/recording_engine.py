"""A small in-memory stand-in for ``EngineApi``, only for gateway plumbing tests.

It records every call, keeps a queue of jobs per type, and raises the engine's own errors, so the
tests can pin status-code mapping and long-poll timing without a BPMN engine behind the gateway.
End-to-end behaviour is tested against the real engine elsewhere.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from engine.api import ActivatedJob, DeployedProcess, Deployment, InstanceCreated, InstanceResult, Topology
from engine.errors import InvalidState, NotFound


class RecordingEngine:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self.listeners: list[Any] = []
        self._lock = threading.Lock()
        self._jobs: dict[int, ActivatedJob] = {}
        self._activated: set[int] = set()
        self._next_key = 1000
        self.results: dict[int, InstanceResult] = {}
        self.fail_with: dict[str, Exception] = {}

    # -- helpers for tests -------------------------------------------------------------------
    def _record(self, _method: str, *args: Any, **kwargs: Any) -> None:
        self.calls.append((_method, args, kwargs))
        error = self.fail_with.get(_method)
        if error is not None:
            raise error

    def add_job(self, job_type: str, **variables: Any) -> int:
        with self._lock:
            self._next_key += 1
            key = self._next_key
            self._jobs[key] = ActivatedJob(
                key=key,
                type=job_type,
                process_instance_key=1,
                bpmn_process_id="p",
                process_definition_version=1,
                process_definition_key=2,
                element_id="task",
                element_instance_key=3,
                custom_headers={},
                worker="",
                retries=3,
                deadline_ms=0,
                variables=dict(variables),
            )
        for listener in list(self.listeners):
            listener.jobs_available(job_type)
        return key

    def end_instance(self, key: int, variables: dict[str, Any]) -> None:
        created = InstanceCreated(
            process_definition_key=2, bpmn_process_id="p", version=1, process_instance_key=key
        )
        self.results[key] = InstanceResult(created, variables)
        for listener in list(self.listeners):
            listener.instance_ended(key)

    # -- EngineApi subset ------------------------------------------------------------------------
    def add_listener(self, listener: Any) -> Callable[[], None]:
        self.listeners.append(listener)
        return lambda: self.listeners.remove(listener)

    def activate_jobs(
        self, *, job_type: str, worker: str, timeout_ms: int, max_jobs: int, **kwargs: Any
    ) -> list[ActivatedJob]:
        self._record("activate_jobs", job_type=job_type, worker=worker, max_jobs=max_jobs)
        with self._lock:
            keys = [k for k, j in self._jobs.items() if j.type == job_type and k not in self._activated][
                :max_jobs
            ]
            self._activated.update(keys)
            return [replace(self._jobs[k], worker=worker, deadline_ms=timeout_ms) for k in keys]

    def complete_job(self, job_key: int, variables: dict[str, Any] | None = None) -> None:
        self._record("complete_job", job_key, variables)
        with self._lock:
            if job_key not in self._jobs:
                raise NotFound(
                    intent="COMPLETE",
                    reason=f"Expected to complete job with key '{job_key}', but no such job was found",
                )
            del self._jobs[job_key]

    def fail_job(self, job_key: int, **kwargs: Any) -> None:
        self._record("fail_job", job_key, **kwargs)
        raise InvalidState(
            intent="FAIL", reason=f"Expected to fail job with key '{job_key}', but it is in state 'FAILED'"
        )

    def create_instance(self, **kwargs: Any) -> InstanceCreated:
        self._record("create_instance", **kwargs)
        with self._lock:
            self._next_key += 1
            key = self._next_key
        return InstanceCreated(
            process_definition_key=2, bpmn_process_id="p", version=1, process_instance_key=key
        )

    def instance_result(self, process_instance_key: int, fetch_variables: Any = ()) -> InstanceResult | None:
        result = self.results.get(process_instance_key)
        if result is None:
            return None
        wanted = set(fetch_variables)
        variables = {k: v for k, v in result.variables.items() if not wanted or k in wanted}
        return InstanceResult(result.created, variables)

    def deploy(self, resources: Any, tenant_id: str = "") -> Deployment:
        self._record("deploy", resources, tenant_id)
        name = resources[0][0]
        return Deployment(key=7, processes=(DeployedProcess("p", 1, 8, name),))

    def publish_message(self, **kwargs: Any) -> int:
        self._record("publish_message", **kwargs)
        return 9

    def topology(self) -> Topology:
        return Topology()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def next_due(self) -> datetime | None:
        return None

    def tick(self) -> int:
        return 0

    def close(self) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        def unsupported(*args: Any, **kwargs: Any) -> Any:
            self._record(name, *args, **kwargs)
            raise NotImplementedError(name)

        return unsupported
