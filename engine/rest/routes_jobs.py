"""Jobs over REST (Camunda 8.6+): activation with long polling, completion, failure, BPMN errors, updates.

REST long polls hold a server thread while they wait (the gRPC gateway is the efficient path for
workers); they wait on the engine's ``jobs_available`` notification, never by polling the engine.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Body, Response

from engine.api import ActivatedJob
from engine.gateway.documents import to_jsonable
from engine.rest import shapes
from engine.rest.context import RestContext
from engine.rest.models import JobActivation, JobCompletion, JobError, JobFailure, JobUpdate, KeyPath
from engine.rest.problems import Problem, parse_key

DEFAULT_LONG_POLL_MS = 10_000
MAX_LONG_POLL_MS = 60_000


class JobSignal:
    """An engine listener that lets request threads wait until jobs of a type become activatable."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._generation: dict[str, int] = defaultdict(int)

    def generation(self, job_type: str) -> int:
        with self._condition:
            return self._generation[job_type]

    def wait(self, job_type: str, since: int, timeout_s: float) -> None:
        """Return when jobs of ``job_type`` were announced after generation ``since``, or on time-out."""
        with self._condition:
            self._condition.wait_for(lambda: self._generation[job_type] != since, timeout_s)

    def jobs_available(self, job_type: str) -> None:
        with self._condition:
            self._generation[job_type] += 1
            self._condition.notify_all()

    def instance_ended(self, process_instance_key: int) -> None:
        """Not needed here."""


def _job(job: ActivatedJob) -> dict[str, Any]:
    return {
        "jobKey": str(job.key),
        "type": job.type,
        "processInstanceKey": str(job.process_instance_key),
        "processDefinitionKey": str(job.process_definition_key),
        "processDefinitionId": job.bpmn_process_id,
        "processDefinitionVersion": job.process_definition_version,
        "elementId": job.element_id,
        "elementInstanceKey": str(job.element_instance_key),
        "customHeaders": dict(job.custom_headers),
        "worker": job.worker,
        "retries": job.retries,
        "deadline": job.deadline_ms,
        "variables": to_jsonable(job.variables or {}),
        "tenantId": job.tenant_id or shapes.DEFAULT_TENANT,
        "kind": "BPMN_ELEMENT",
        "listenerEventType": "UNSPECIFIED",
    }


def _activate(ctx: RestContext, signal: JobSignal, body: JobActivation) -> list[ActivatedJob]:
    if any(t not in ("", shapes.DEFAULT_TENANT) for t in body.tenantIds or ()):
        raise Problem(400, "INVALID_ARGUMENT", "Only the default tenant exists: multi-tenancy is disabled")
    wait_ms = (
        0 if body.requestTimeout < 0 else min(body.requestTimeout or DEFAULT_LONG_POLL_MS, MAX_LONG_POLL_MS)
    )
    deadline = time.monotonic() + wait_ms / 1000
    while True:
        generation = signal.generation(body.type)
        jobs = ctx.engine.activate_jobs(
            job_type=body.type,
            worker=body.worker or "",
            timeout_ms=body.timeout,
            max_jobs=body.maxJobsToActivate,
            fetch_variables=tuple(body.fetchVariable or ()),
        )
        remaining = deadline - time.monotonic()
        if jobs or remaining <= 0:
            return jobs
        signal.wait(body.type, generation, remaining)


def register(router: APIRouter, ctx: RestContext) -> None:
    """Add the job endpoints to ``router``."""
    signal = JobSignal()
    ctx.engine.add_listener(signal)

    @router.post("/jobs/activation", tags=["Job"])
    def activate_jobs(body: JobActivation) -> dict[str, Any]:
        jobs = _activate(ctx, signal, body)
        ctx.changed()
        return {"jobs": [_job(j) for j in jobs]}

    @router.post("/jobs/{jobKey}/completion", tags=["Job"], status_code=204)
    def complete_job(jobKey: KeyPath, body: Annotated[JobCompletion | None, Body()] = None) -> Response:
        ctx.engine.complete_job(parse_key(jobKey, "jobKey"), body.variables if body else None)
        ctx.changed()
        return Response(status_code=204)

    @router.post("/jobs/{jobKey}/failure", tags=["Job"], status_code=204)
    def fail_job(jobKey: KeyPath, body: Annotated[JobFailure | None, Body()] = None) -> Response:
        body = body or JobFailure()
        ctx.engine.fail_job(
            parse_key(jobKey, "jobKey"),
            retries=body.retries,
            error_message=body.errorMessage or "",
            retry_backoff_ms=body.retryBackOff,
            variables=body.variables,
        )
        ctx.changed()
        return Response(status_code=204)

    @router.post("/jobs/{jobKey}/error", tags=["Job"], status_code=204)
    def throw_job_error(jobKey: KeyPath, body: JobError) -> Response:
        ctx.engine.throw_error(
            parse_key(jobKey, "jobKey"),
            error_code=body.errorCode,
            error_message=body.errorMessage or "",
            variables=body.variables,
        )
        ctx.changed()
        return Response(status_code=204)

    @router.patch("/jobs/{jobKey}", tags=["Job"], status_code=204)
    def update_job(jobKey: KeyPath, body: JobUpdate) -> Response:
        key = parse_key(jobKey, "jobKey")
        if body.changeset.retries is None and body.changeset.timeout is None:
            raise Problem(400, "INVALID_ARGUMENT", "changeset: give retries and/or timeout")
        if body.changeset.retries is not None:
            ctx.engine.update_job_retries(key, body.changeset.retries)
        if body.changeset.timeout is not None:
            ctx.engine.update_job_timeout(key, body.changeset.timeout)
        ctx.changed()
        return Response(status_code=204)
