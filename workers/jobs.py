"""Helpers every task function uses: reading a job's variables and headers strictly, and the
idempotency key its effects are filed under.

A job can run more than once: a worker may crash after the effect committed but before the
completion reached the gateway, or the job may time out and be handed to another worker. Every
effect is therefore keyed on the job's element instance, which stays the same across retries,
time-outs and re-activation, and the services return the stored result for a replayed key.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar

import pydantic
from pyzeebe import Job, JobController
from pyzeebe.errors import BusinessError

M = TypeVar("M", bound=pydantic.BaseModel)
logger = logging.getLogger(__name__)


class JobInputInvalid(ValueError):
    """The job's variables or headers do not fit what the task needs; the job fails with this
    message, so it shows as an incident naming the missing or malformed variable."""


def effect_key(job: Job, *parts: str) -> str:
    """The idempotency key of an effect of ``job`` (``parts`` tell apart several effects)."""
    suffix = "".join(f":{p}" for p in parts)
    return f"zeebe:{job.process_instance_key}:{job.element_instance_key}{suffix}"


def job_actor(prefix: str, job: Job) -> str:
    """The audit actor of a job: the worker, the job type and the element that asked."""
    return f"{prefix}:{job.type}@{job.bpmn_process_id}/{job.element_id}"


def variables(job: Job, model: type[M]) -> M:
    """``job.variables`` validated against ``model``.

    Raises:
        JobInputInvalid: naming every variable at fault.
    """
    try:
        return model.model_validate(job.variables)
    except pydantic.ValidationError as exc:
        raise JobInputInvalid(_describe(job, "variables", exc)) from exc


def header(job: Job, name: str) -> str:
    """A required custom header of the task.

    Raises:
        JobInputInvalid: when the diagram does not set it.
    """
    value = job.custom_headers.get(name)
    if value is None or not str(value).strip():
        raise JobInputInvalid(f"{job.type} at {job.element_id}: task header {name!r} is required")
    return str(value).strip()


def optional_header(job: Job, name: str) -> str | None:
    value = job.custom_headers.get(name)
    return str(value).strip() if value is not None and str(value).strip() else None


def _describe(job: Job, what: str, exc: pydantic.ValidationError) -> str:
    problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or '(root)'}: {e['msg']}" for e in exc.errors())
    return f"{job.type} at {job.element_id}: bad {what}: {problems}"


class Outcome(Exception):
    """A business outcome the diagram models with an error boundary event (e.g. FUND_EXHAUSTED).

    Unlike pyzeebe's ``BusinessError`` it carries variables, which Zeebe sets at the catching
    event's scope, so the path after the boundary event sees what happened (amounts paid...).
    """

    def __init__(self, code: str, message: str, variables: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.variables = variables or {}


async def outcome_handler(exc: Exception, job: Job, controller: JobController) -> None:
    """Throw a modelled outcome as a BPMN error; fail the job on anything else (retries, incident)."""
    if isinstance(exc, Outcome):
        await controller.set_error_status(exc.message, error_code=exc.code, variables=exc.variables)
    elif isinstance(exc, BusinessError):
        await controller.set_error_status(str(exc), error_code=exc.error_code)
    else:
        logger.warning("job %s (%s at %s) failed: %s", job.key, job.type, job.element_id, exc)
        await controller.set_failure_status(f"{type(exc).__name__}: {exc}")
