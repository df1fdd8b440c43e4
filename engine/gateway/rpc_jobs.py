"""Job RPCs: activation (long-polling and streaming), completion, failure, errors, retries, time-outs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from pyzeebe.proto import gateway_pb2 as pb

from engine.api import ActivatedJob
from engine.errors import InvalidArgument
from engine.gateway.convert import RESPONSE_OVERHEAD_BYTES, activated_job, job_batches, job_size
from engine.gateway.documents import parse_variables
from engine.gateway.job_dispatch import ActivationRequest
from engine.gateway.rpc_base import RpcBase, check_tenants, logger, seconds_left, streaming, unary


def _validate_activation(job_type: str, timeout_ms: int, max_jobs: int | None) -> None:
    if not job_type.strip():
        raise InvalidArgument(
            intent="ACTIVATE", reason="Expected to activate jobs of a type, but the type was blank"
        )
    if timeout_ms < 1:
        raise InvalidArgument(
            intent="ACTIVATE",
            reason=f"Expected to activate jobs with a timeout of at least 1 ms, but it was {timeout_ms}",
        )
    if max_jobs is not None and max_jobs < 1:
        raise InvalidArgument(
            intent="ACTIVATE",
            reason=f"Expected to activate jobs with maxJobsToActivate greater than zero, but it was {max_jobs}",
        )


class JobRpcs(RpcBase):
    """ActivateJobs, StreamActivatedJobs, CompleteJob, FailJob, ThrowError, UpdateJobRetries, UpdateJobTimeout."""

    def _long_poll_seconds(self, request_timeout_ms: int, context: Any) -> float:
        if request_timeout_ms < 0:
            return 0.0
        wanted_ms = request_timeout_ms or self.options.long_poll_default_ms
        return seconds_left(context, wanted_ms / 1000, self.options.deadline_margin_ms / 1000)

    @streaming
    async def ActivateJobs(
        self, request: pb.ActivateJobsRequest, context: Any
    ) -> AsyncIterator[pb.ActivateJobsResponse]:
        _validate_activation(request.type, request.timeout, request.maxJobsToActivate)
        check_tenants(request.tenantIds, rpc="ActivateJobs", intent="ACTIVATE")
        activation = ActivationRequest(
            job_type=request.type,
            worker=request.worker,
            timeout_ms=request.timeout,
            max_jobs=request.maxJobsToActivate,
            fetch_variables=tuple(request.fetchVariable),
        )
        jobs = await self.state.jobs.activate(
            activation, self._long_poll_seconds(request.requestTimeout, context)
        )
        jobs = await self._deliverable(jobs)
        for batch in job_batches(jobs, self.options.max_message_bytes):
            yield batch

    @streaming
    async def StreamActivatedJobs(
        self, request: pb.StreamActivatedJobsRequest, context: Any
    ) -> AsyncIterator[pb.ActivatedJob]:
        _validate_activation(request.type, request.timeout, None)
        check_tenants(request.tenantIds, rpc="StreamActivatedJobs", intent="ACTIVATE")
        activation = ActivationRequest(
            job_type=request.type,
            worker=request.worker,
            timeout_ms=request.timeout,
            fetch_variables=tuple(request.fetchVariable),
        )
        stream = self.state.jobs.open_stream(activation)
        margin = self.options.deadline_margin_ms / 1000
        try:
            while True:
                wait = (
                    None if context.time_remaining() is None else seconds_left(context, float("inf"), margin)
                )
                job = await stream.next(wait)
                if job is None:
                    return  # shutdown, or OK shortly before the client's deadline: pyzeebe reconnects
                if not await self._deliverable([job]):
                    continue
                yield activated_job(job)
        finally:
            self.state.jobs.close_stream(stream)

    async def _deliverable(self, jobs: list[ActivatedJob]) -> list[ActivatedJob]:
        """Jobs that fit in a message; the others fail with no retries, so ops see an incident
        instead of a job that no worker can ever receive (Zeebe raises MESSAGE_SIZE_EXCEEDED)."""
        limit = self.options.max_message_bytes - RESPONSE_OVERHEAD_BYTES
        fitting = []
        for job in jobs:
            size = job_size(job)
            if size <= limit:
                fitting.append(job)
                continue
            reason = (
                f"Expected to send job '{job.key}' to a worker, but its variables and headers ({size} bytes) "
                f"exceed the maximum message size ({self.options.max_message_bytes} bytes)"
            )
            try:
                await self.calls(self.engine.fail_job, job.key, retries=0, error_message=reason)
            except Exception:
                logger.exception("could not raise an incident for oversized job %s", job.key)
        return fitting

    @unary
    async def CompleteJob(self, request: pb.CompleteJobRequest, context: Any) -> pb.CompleteJobResponse:
        variables = parse_variables(request.variables, intent="COMPLETE")
        await self.calls(self.engine.complete_job, request.jobKey, variables)
        return pb.CompleteJobResponse()

    @unary
    async def FailJob(self, request: pb.FailJobRequest, context: Any) -> pb.FailJobResponse:
        variables = parse_variables(request.variables, intent="FAIL")
        await self.calls(
            self.engine.fail_job,
            request.jobKey,
            retries=request.retries,
            error_message=request.errorMessage,
            retry_backoff_ms=request.retryBackOff,
            variables=variables,
        )
        return pb.FailJobResponse()

    @unary
    async def ThrowError(self, request: pb.ThrowErrorRequest, context: Any) -> pb.ThrowErrorResponse:
        variables = parse_variables(request.variables, intent="THROW_ERROR")
        await self.calls(
            self.engine.throw_error,
            request.jobKey,
            error_code=request.errorCode,
            error_message=request.errorMessage,
            variables=variables,
        )
        return pb.ThrowErrorResponse()

    @unary
    async def UpdateJobRetries(
        self, request: pb.UpdateJobRetriesRequest, context: Any
    ) -> pb.UpdateJobRetriesResponse:
        await self.calls(self.engine.update_job_retries, request.jobKey, request.retries)
        return pb.UpdateJobRetriesResponse()

    @unary
    async def UpdateJobTimeout(
        self, request: pb.UpdateJobTimeoutRequest, context: Any
    ) -> pb.UpdateJobTimeoutResponse:
        await self.calls(self.engine.update_job_timeout, request.jobKey, request.timeout)
        return pb.UpdateJobTimeoutResponse()
