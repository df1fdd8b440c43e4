"""Jobs: creation for job-based elements, and the job commands (activate, complete, fail, …).

State machine (SEMANTICS §2.2): ACTIVATABLE ⇄ ACTIVATED (deadline) → COMPLETED; FAIL with retries
→ ACTIVATABLE (or FAILED during back-off); FAIL without retries → FAILED + incident; THROW_ERROR →
ERROR_THROWN (caught: task terminated; uncaught: incident). Completed/canceled jobs leave memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.errors import InvalidArgument, InvalidState, NotFound
from engine.model.elements import EventType
from engine.records import JobIntent, ValueType
from engine.runtime.state import ElementInstance, Job

if TYPE_CHECKING:
    from engine.runtime.processor import Processor

DEFAULT_RETRIES = 3
MAX_ERROR_MESSAGE = 10_000

_JOB_VALUE = ValueType.JOB  # read once per module, not per record


def job_record(p: Processor, job: Job, intent: JobIntent, variables: dict[str, Any] | None = None) -> None:
    p.state.record(
        _JOB_VALUE,
        intent,
        job.key,
        p.now_ms,
        {
            "type": job.type,
            "worker": job.worker,
            "retries": job.retries,
            "deadline": job.deadline_ms if job.deadline_ms is not None else -1,
            "errorMessage": job.error_message,
            "customHeaders": job.custom_headers,
            "processInstanceKey": job.process_instance_key,
            "bpmnProcessId": job.bpmn_process_id,
            "processDefinitionVersion": job.version,
            "processDefinitionKey": job.process_definition_key,
            "elementId": job.element_id,
            "elementInstanceKey": job.element_instance_key,
            "variables": variables or {},
            "tenantId": "<default>",
        },
        job.process_instance_key,
    )


def create_job(
    p: Processor, ei: ElementInstance, job_type: str, retries: int, headers: dict[str, str]
) -> Job:
    job = Job(
        key=p.state.keys.next(),
        type=job_type,
        state="ACTIVATABLE",
        retries=retries,
        element_instance_key=ei.key,
        process_instance_key=ei.process_instance_key,
        process_definition_key=ei.process_definition_key,
        bpmn_process_id=ei.bpmn_process_id,
        version=ei.version,
        element_id=ei.element_id,
        custom_headers=headers,
    )
    p.state.add_job(job)
    ei.job_key = job.key
    p.state.touch(ei)
    job_record(p, job, JobIntent.CREATED)
    p.jobs_available.add(job_type)
    return job


def _job(p: Processor, key: int, intent: str, verb: str) -> Job:
    job = p.state.jobs.get(key)
    if job is None:
        raise NotFound(
            intent=intent, reason=f"Expected to {verb} job with key '{key}', but no such job was found"
        )
    return job


def _usable(p: Processor, key: int, intent: str, verb: str) -> Job:
    job = _job(p, key, intent, verb)
    if job.state not in ("ACTIVATABLE", "ACTIVATED"):
        raise InvalidState(
            intent=intent, reason=f"Expected to {verb} job with key '{key}', but it is in state '{job.state}'"
        )
    return job


def activate(p: Processor, job: Job, worker: str, timeout_ms: int) -> None:
    job.state = "ACTIVATED"
    job.worker = worker
    job.deadline_ms = p.now_ms + timeout_ms
    p.state.index_job(job)
    p.state.touch(job)
    job_record(p, job, JobIntent.ACTIVATED)


def complete(p: Processor, key: int, variables: dict[str, Any]) -> None:
    job = _usable(p, key, "COMPLETE", "complete")
    ei = p.state.elements[job.element_instance_key]
    job.state = "COMPLETED"
    job_record(p, job, JobIntent.COMPLETED, variables)
    p.state.drop_job(job)
    ei.job_key = -1
    p.behavior(ei).job_completed(p, ei, variables)


def fail(
    p: Processor, key: int, retries: int, message: str, backoff_ms: int, variables: dict[str, Any]
) -> None:
    job = _usable(p, key, "FAIL", "fail")
    ei = p.state.elements[job.element_instance_key]
    job.retries = retries
    job.error_message = message[:MAX_ERROR_MESSAGE]
    job.worker, job.deadline_ms = "", None
    if variables:
        p.scopes.set_locals(ei.key, variables)
    if retries > 0 and backoff_ms > 0:
        job.state, job.backoff_until_ms = "FAILED", p.now_ms + backoff_ms
    elif retries > 0:
        job.state = "ACTIVATABLE"
        p.jobs_available.add(job.type)
    else:
        job.state = "FAILED"
    p.state.index_job(job)
    p.state.touch(job)
    job_record(p, job, JobIntent.FAILED, variables)
    if retries <= 0:
        p.incident(ei, "JOB_NO_RETRIES", job.error_message or "No more retries left.", "job", job.key)


def throw_error(p: Processor, key: int, code: str, message: str, variables: dict[str, Any]) -> None:
    job = _usable(p, key, "THROW_ERROR", "throw an error for")
    ei = p.state.elements[job.element_instance_key]
    job.state, job.error_message = "ERROR_THROWN", message[:MAX_ERROR_MESSAGE]
    job.worker, job.deadline_ms = "", None
    p.state.index_job(job)
    p.state.touch(job)
    job_record(p, job, JobIntent.ERROR_THROWN, variables)
    if p.throw_event(ei, EventType.ERROR, code, variables, message) is None:
        text = f"Expected to throw an error event with the code '{code}' with message '{message}', but it was not caught."
        p.incident(ei, "UNHANDLED_ERROR_EVENT", text, "job", job.key)


def update_retries(p: Processor, key: int, retries: int) -> None:
    if retries < 1:
        raise InvalidArgument(
            intent="UPDATE_RETRIES",
            reason=f"Expected to update retries for job with key '{key}' with a positive amount of retries, "
            f"but the amount given was '{retries}'",
        )
    job = _job(p, key, "UPDATE_RETRIES", "update retries of")
    job.retries = retries
    p.state.touch(job)
    job_record(p, job, JobIntent.RETRIES_UPDATED)


def update_timeout(p: Processor, key: int, timeout_ms: int) -> None:
    job = _job(p, key, "UPDATE_TIMEOUT", "update the timeout of")
    if job.state != "ACTIVATED":
        raise InvalidState(
            intent="UPDATE_TIMEOUT",
            reason=f"Expected to update the timeout of job with key '{key}', but it is not active",
        )
    job.deadline_ms = p.now_ms + timeout_ms
    p.state.index_job(job)
    p.state.touch(job)
    job_record(p, job, JobIntent.TIMEOUT_UPDATED)


def make_activatable_again(p: Processor, job: Job, intent: JobIntent) -> None:
    job.state, job.worker, job.deadline_ms, job.backoff_until_ms = "ACTIVATABLE", "", None, None
    p.state.index_job(job)
    p.state.touch(job)
    job_record(p, job, intent)
    p.jobs_available.add(job.type)


def due_jobs(p: Processor, limit: int) -> int:
    """Time out expired activations and end elapsed back-offs; returns how many were handled."""
    import heapq

    heap, done = p.state.job_deadlines, 0
    while heap and heap[0][0] <= p.now_ms and done < limit:
        due, key = heapq.heappop(heap)
        job = p.state.jobs.get(key)
        if job is None:
            continue
        if job.state == "ACTIVATED" and job.deadline_ms == due:
            make_activatable_again(p, job, JobIntent.TIMED_OUT)
            done += 1
        elif job.state == "FAILED" and job.backoff_until_ms == due and job.retries > 0:
            make_activatable_again(p, job, JobIntent.RECURRED_AFTER_BACKOFF)
            done += 1
    return done


def next_job_due(p: Processor) -> int | None:
    import heapq

    heap = p.state.job_deadlines
    while heap:
        due, key = heap[0]
        job = p.state.jobs.get(key)
        if job is not None and due in (job.deadline_ms, job.backoff_until_ms):
            return due
        heapq.heappop(heap)
    return None
