"""Gateway plumbing against a recording engine: status codes, long polls, streams, waiting for results."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from engine.errors import BackPressure
from engine.gateway import Gateway, GatewayOptions, build_gateway, job_dispatch
from engine.gateway.servicer import RPC_NAMES, GatewayServicer
from tests.engine.gateway.recording_engine import RecordingEngine


@pytest.fixture
def engine() -> RecordingEngine:
    return RecordingEngine()


@pytest.fixture
async def gateway(engine: RecordingEngine) -> AsyncIterator[Gateway]:
    gw = await build_gateway(engine, GatewayOptions(listen="127.0.0.1:0", max_message_bytes=64 * 1024))
    await gw.start()
    yield gw
    await gw.stop(1.0)


@pytest.fixture
async def channel(gateway: Gateway) -> AsyncIterator[grpc.aio.Channel]:
    async with grpc.aio.insecure_channel(gateway.address) as ch:
        yield ch


@pytest.fixture
def stub(channel: grpc.aio.Channel) -> GatewayStub:
    return GatewayStub(channel)


def later(delay_s: float, fn: object, *args: object, **kwargs: object) -> None:
    """Run ``fn`` on another thread after ``delay_s`` (as the engine would, from its own thread)."""
    timer = threading.Timer(delay_s, fn, args, kwargs)  # type: ignore[arg-type]
    timer.daemon = True
    timer.start()


async def collect(call: grpc.aio.UnaryStreamCall) -> list[pb.ActivatedJob]:
    jobs: list[pb.ActivatedJob] = []
    async for response in call:
        jobs.extend(response.jobs)
    return jobs


def test_all_21_rpcs_are_served_by_our_servicer() -> None:
    assert len(RPC_NAMES) == 21
    for name in RPC_NAMES:
        assert name in GatewayServicer.__dict__ or any(
            name in base.__dict__ for base in GatewayServicer.__mro__[1:4]
        )


async def test_unknown_job_is_not_found_with_zeebe_message(stub: GatewayStub) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.CompleteJob(pb.CompleteJobRequest(jobKey=42, variables="{}"))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    assert caught.value.details() == (
        "Command 'COMPLETE' rejected with code 'NOT_FOUND': "
        "Expected to complete job with key '42', but no such job was found"
    )


async def test_invalid_state_is_failed_precondition(stub: GatewayStub) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.FailJob(pb.FailJobRequest(jobKey=5, retries=1))
    assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "rejected with code 'INVALID_STATE'" in caught.value.details()


@pytest.mark.parametrize(
    ("document", "expected"),
    [("[1, 2]", "but was 'ARRAY'"), ("42", "but was 'INTEGER'"), ("{not json", "valid JSON")],
)
async def test_variables_must_be_a_json_object(
    stub: GatewayStub, engine: RecordingEngine, document: str, expected: str
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.CompleteJob(pb.CompleteJobRequest(jobKey=1, variables=document))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "Property 'variables' is invalid" in caught.value.details()
    assert expected in caught.value.details()
    assert not engine.calls, "a bad document never reaches the engine"


async def test_unsupported_rpcs_answer_unimplemented(stub: GatewayStub) -> None:
    for call in (
        stub.MigrateProcessInstance(pb.MigrateProcessInstanceRequest(processInstanceKey=1)),
        stub.ModifyProcessInstance(pb.ModifyProcessInstanceRequest(processInstanceKey=1)),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await call
        assert caught.value.code() == grpc.StatusCode.UNIMPLEMENTED
        assert "not supported" in caught.value.details()


async def test_unexpected_errors_are_internal(stub: GatewayStub) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.ResolveIncident(pb.ResolveIncidentRequest(incidentKey=1))
    assert caught.value.code() == grpc.StatusCode.INTERNAL
    assert caught.value.details().startswith("Unexpected error occurred during the request processing: ")


async def test_back_pressure_is_resource_exhausted(stub: GatewayStub, engine: RecordingEngine) -> None:
    engine.fail_with["publish_message"] = BackPressure("too busy")
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.PublishMessage(pb.PublishMessageRequest(name="m", correlationKey="k", variables="{}"))
    assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


async def test_other_tenants_are_refused(stub: GatewayStub) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.PublishMessage(pb.PublishMessageRequest(name="m", tenantId="acme"))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    response = await stub.PublishMessage(pb.PublishMessageRequest(name="m", tenantId="<default>"))
    assert (response.key, response.tenantId) == (9, "<default>")


async def test_oversized_message_is_refused(stub: GatewayStub) -> None:
    big = json.dumps({"blob": "x" * 100_000})
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.CompleteJob(pb.CompleteJobRequest(jobKey=1, variables=big))
    assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


async def test_activate_with_negative_request_timeout_answers_at_once(stub: GatewayStub) -> None:
    started = time.monotonic()
    jobs = await collect(
        stub.ActivateJobs(
            pb.ActivateJobsRequest(
                type="t", worker="w", timeout=1000, maxJobsToActivate=5, requestTimeout=-1
            ),
            timeout=5,
        )
    )
    assert jobs == []
    assert time.monotonic() - started < 1.0


async def test_long_poll_answers_as_soon_as_a_job_exists(stub: GatewayStub, engine: RecordingEngine) -> None:
    later(0.3, engine.add_job, "t", amount=100)
    started = time.monotonic()
    jobs = await collect(
        stub.ActivateJobs(
            pb.ActivateJobsRequest(
                type="t", worker="w1", timeout=1000, maxJobsToActivate=5, requestTimeout=20_000
            ),
            timeout=40,
        )
    )
    elapsed = time.monotonic() - started
    assert [json.loads(j.variables) for j in jobs] == [{"amount": 100}]
    assert jobs[0].worker == "w1" and json.loads(jobs[0].customHeaders) == {}
    assert 0.25 < elapsed < 5


async def test_long_poll_without_jobs_ends_ok_at_request_timeout(stub: GatewayStub) -> None:
    started = time.monotonic()
    jobs = await collect(
        stub.ActivateJobs(
            pb.ActivateJobsRequest(
                type="t", worker="w", timeout=1000, maxJobsToActivate=1, requestTimeout=400
            ),
            timeout=10,
        )
    )
    assert jobs == []
    assert 0.35 < time.monotonic() - started < 3


async def test_long_poll_ends_ok_before_the_client_deadline(stub: GatewayStub) -> None:
    started = time.monotonic()
    call = stub.ActivateJobs(
        pb.ActivateJobsRequest(type="t", worker="w", timeout=1000, maxJobsToActivate=1, requestTimeout=0),
        timeout=1.5,
    )
    assert await collect(call) == []
    assert await call.code() == grpc.StatusCode.OK
    assert time.monotonic() - started < 1.5


async def test_parked_polls_are_served_in_arrival_order(
    stub: GatewayStub, engine: RecordingEngine, gateway: Gateway
) -> None:
    calls = []
    for worker in ("a", "b", "c"):
        calls.append(
            asyncio.ensure_future(
                collect(
                    stub.ActivateJobs(
                        pb.ActivateJobsRequest(
                            type="fair",
                            worker=worker,
                            timeout=1000,
                            maxJobsToActivate=10,
                            requestTimeout=10_000,
                        ),
                        timeout=30,
                    )
                )
            )
        )
        deadline = time.monotonic() + 5
        while gateway.state.jobs.parked < len(calls):
            assert time.monotonic() < deadline
            await asyncio.sleep(0.01)
    keys = []
    for _ in range(3):
        keys.append(await asyncio.to_thread(engine.add_job, "fair"))
        await asyncio.sleep(0.05)
    results = await asyncio.gather(*calls)
    assert [[j.worker for j in r] for r in results] == [["a"], ["b"], ["c"]]
    assert sorted(j.key for r in results for j in r) == keys


async def test_stream_pushes_new_jobs_and_ends_ok_before_deadline(
    stub: GatewayStub, engine: RecordingEngine, gateway: Gateway
) -> None:
    call = stub.StreamActivatedJobs(
        pb.StreamActivatedJobsRequest(type="s", worker="sw", timeout=1000), timeout=2.0
    )
    received: list[pb.ActivatedJob] = []

    async def read() -> None:
        async for job in call:
            received.append(job)

    reader = asyncio.ensure_future(read())
    deadline = time.monotonic() + 5
    while gateway.state.jobs.streams < 1:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.01)
    key = await asyncio.to_thread(engine.add_job, "s")
    await reader
    assert [j.key for j in received] == [key]
    assert received[0].worker == "sw"
    assert await call.code() == grpc.StatusCode.OK


async def test_create_with_result_waits_for_the_end(stub: GatewayStub, engine: RecordingEngine) -> None:
    call = stub.CreateProcessInstanceWithResult(
        pb.CreateProcessInstanceWithResultRequest(
            request=pb.CreateProcessInstanceRequest(bpmnProcessId="p", version=-1, variables='{"a": 1}'),
            requestTimeout=10_000,
            fetchVariables=["a"],
        ),
        timeout=20,
    )
    deadline = time.monotonic() + 5
    while not any(c[0] == "create_instance" for c in engine.calls):
        assert time.monotonic() < deadline
        await asyncio.sleep(0.01)
    key = engine._next_key
    later(0.2, engine.end_instance, key, {"a": 2, "b": 3})
    response = await call
    assert response.processInstanceKey == key
    assert json.loads(response.variables) == {"a": 2}
    assert response.tenantId == "<default>"


async def test_create_with_result_times_out_with_deadline_exceeded(stub: GatewayStub) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.CreateProcessInstanceWithResult(
            pb.CreateProcessInstanceWithResultRequest(
                request=pb.CreateProcessInstanceRequest(bpmnProcessId="p", version=-1), requestTimeout=300
            ),
            timeout=10,
        )
    assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED


async def test_health_is_serving_for_gateway_and_server(channel: grpc.aio.Channel) -> None:
    health = health_pb2_grpc.HealthStub(channel)
    for service in ("gateway_protocol.Gateway", ""):
        response = await health.Check(health_pb2.HealthCheckRequest(service=service))
        assert response.status == health_pb2.HealthCheckResponse.SERVING


async def test_shutdown_ends_parked_polls_with_ok(engine: RecordingEngine) -> None:
    gw = await build_gateway(engine, GatewayOptions(listen="127.0.0.1:0"))
    await gw.start()
    async with grpc.aio.insecure_channel(gw.address) as ch:
        call = GatewayStub(ch).ActivateJobs(
            pb.ActivateJobsRequest(
                type="t", worker="w", timeout=1000, maxJobsToActivate=1, requestTimeout=30_000
            ),
            timeout=60,
        )
        reader = asyncio.ensure_future(collect(call))
        deadline = time.monotonic() + 5
        while gw.state.jobs.parked < 1:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.01)
        started = time.monotonic()
        await gw.stop(5.0)
        assert await reader == []
        assert await call.code() == grpc.StatusCode.OK
        assert time.monotonic() - started < 5


async def test_known_empty_type_parks_without_asking_the_engine(
    stub: GatewayStub, engine: RecordingEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(job_dispatch, "EXHAUSTED_TRUST_S", 60.0)  # no dependence on machine speed

    def activations() -> int:
        return sum(
            1 for name, _, kwargs in engine.calls if name == "activate_jobs" and kwargs["job_type"] == "idle"
        )

    request = pb.ActivateJobsRequest(
        type="idle", worker="w", timeout=1000, maxJobsToActivate=2, requestTimeout=200
    )
    assert await collect(stub.ActivateJobs(request, timeout=10)) == []
    asked = activations()
    assert asked >= 1
    assert await collect(stub.ActivateJobs(request, timeout=10)) == []
    assert activations() == asked, "a type known to be empty is not queried again"
    later(0.1, engine.add_job, "idle")
    waiting = pb.ActivateJobsRequest(
        type="idle", worker="w", timeout=1000, maxJobsToActivate=2, requestTimeout=5000
    )
    jobs = await collect(stub.ActivateJobs(waiting, timeout=10))
    assert len(jobs) == 1, "a notification still wakes the parked poll"
