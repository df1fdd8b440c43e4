"""Unmodified pyzeebe clients and workers against the real engine over real gRPC.

No ``from __future__ import annotations`` here: pyzeebe injects ``Job`` by comparing annotation objects.
"""

import json
from collections.abc import Callable
from typing import Any

import grpc
import pytest
from pyzeebe import Job, ZeebeClient
from pyzeebe.errors import (
    BusinessError,
    DecisionNotFoundError,
    InvalidJSONError,
    MessageAlreadyExistsError,
    ProcessDefinitionNotFoundError,
    ProcessInstanceNotFoundError,
    ProcessInvalidError,
)
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from engine.gateway import GatewayOptions
from engine.query import InstanceState
from engine.server import ServerHandle, run_in_thread
from tests.engine.gateway.conftest import BPMN, RunningWorker, eventually


def state_of(engine: Any, key: int) -> InstanceState:
    return engine.process_instance(key).state


async def test_topology_and_health(client: ZeebeClient, served: ServerHandle) -> None:
    topology = await client.topology()
    assert topology.cluster_size == 1 and topology.partitions_count == 1
    assert topology.brokers[0].port == served.port
    health = await client.healthcheck()
    assert health.status == health.ServingStatus.SERVING


async def test_deploy_create_and_workers_complete(
    client: ZeebeClient, workers: Callable[..., RunningWorker], real_engine: Any
) -> None:
    deployed = await client.deploy_resource(str(BPMN / "three-tasks.bpmn"))
    assert [p.bpmn_process_id for p in deployed.deployments] == ["gw-three"]
    seen: list[tuple[str, int]] = []
    worker = workers("e2e")

    @worker.worker.task(task_type="step1")
    async def step1(amount: int) -> dict[str, Any]:
        seen.append(("step1", amount))
        return {"amount": amount + 1}

    @worker.worker.task(task_type="step2")
    async def step2(job: Job) -> dict[str, Any]:
        seen.append(("step2", job.variables["amount"]))
        return {"checked": True}

    @worker.worker.task(task_type="step3")
    async def step3(amount: int, checked: bool) -> dict[str, Any]:
        seen.append(("step3", amount))
        return {"total": amount * 100}

    worker.start()
    created = await client.run_process("gw-three", {"amount": 1})
    await eventually(lambda: state_of(real_engine, created.process_instance_key) == InstanceState.COMPLETED)
    assert seen == [("step1", 1), ("step2", 2), ("step3", 2)]


async def test_run_process_with_result_returns_fetched_variables(
    client: ZeebeClient, workers: Callable[..., RunningWorker]
) -> None:
    await client.deploy_resource(str(BPMN / "three-tasks.bpmn"))
    worker = workers("result")
    for task_type in ("step1", "step2", "step3"):
        worker.worker.task(task_type=task_type)(_add_step(task_type))
    worker.start()
    result = await client.run_process_with_result(
        "gw-three", {"steps": []}, timeout=20_000, variables_to_fetch=["steps"]
    )
    assert result.variables == {"steps": ["step1", "step2", "step3"]}


def _add_step(name: str) -> Callable[..., Any]:
    async def handler(steps: list[str]) -> dict[str, Any]:
        return {"steps": [*steps, name]}

    return handler


async def test_failed_job_is_retried_with_fewer_retries(
    client: ZeebeClient, workers: Callable[..., RunningWorker], real_engine: Any
) -> None:
    await client.deploy_resource(str(BPMN / "single-task.bpmn"))
    attempts: list[int] = []
    worker = workers("flaky")

    @worker.worker.task(task_type="work")
    async def work(job: Job) -> dict[str, Any]:
        attempts.append(job.retries)
        if len(attempts) == 1:
            raise RuntimeError("temporary outage")
        return {}

    worker.start()
    created = await client.run_process("gw-single", {})
    await eventually(lambda: state_of(real_engine, created.process_instance_key) == InstanceState.COMPLETED)
    assert attempts == [2, 1]


async def test_business_error_is_caught_on_the_diagram(
    client: ZeebeClient, workers: Callable[..., RunningWorker], real_engine: Any
) -> None:
    await client.deploy_resource(str(BPMN / "error.bpmn"))
    notified: list[str] = []
    worker = workers("payments")

    @worker.worker.task(task_type="pay")
    async def pay() -> dict[str, Any]:
        raise BusinessError("NO_MONEY", "account empty")

    @worker.worker.task(task_type="notify")
    async def notify(job: Job) -> dict[str, Any]:
        notified.append(job.element_id)
        return {}

    worker.start()
    created = await client.run_process("gw-error", {})
    await eventually(lambda: state_of(real_engine, created.process_instance_key) == InstanceState.COMPLETED)
    assert notified == ["notify"]


async def test_published_message_completes_the_waiting_instance(
    client: ZeebeClient, real_engine: Any
) -> None:
    await client.deploy_resource(str(BPMN / "message.bpmn"))
    waiting = await client.run_process("gw-message", {"caseId": "case-7"})
    other = await client.run_process("gw-message", {"caseId": "case-8"})
    await client.publish_message("approved", correlation_key="case-7", variables={"by": "city"})
    await eventually(lambda: state_of(real_engine, waiting.process_instance_key) == InstanceState.COMPLETED)
    assert state_of(real_engine, other.process_instance_key) == InstanceState.ACTIVE


async def test_cancel_and_not_found(client: ZeebeClient, real_engine: Any) -> None:
    await client.deploy_resource(str(BPMN / "single-task.bpmn"))
    created = await client.run_process("gw-single", {})
    await client.cancel_process_instance(created.process_instance_key)
    assert state_of(real_engine, created.process_instance_key) == InstanceState.CANCELED
    with pytest.raises(ProcessInstanceNotFoundError):
        await client.cancel_process_instance(created.process_instance_key)


async def test_client_errors_map_to_pyzeebe_exceptions(client: ZeebeClient, tmp_path: Any) -> None:
    with pytest.raises(ProcessDefinitionNotFoundError):
        await client.run_process("no-such-process", {})
    broken = tmp_path / "broken.bpmn"
    broken.write_text("<bpmn:definitions xmlns:bpmn='http://www.omg.org/spec/BPMN/20100524/MODEL'>")
    with pytest.raises(ProcessInvalidError):
        await client.deploy_resource(str(broken))
    await client.deploy_resource(str(BPMN / "single-task.bpmn"))
    with pytest.raises(InvalidJSONError):
        await client.run_process("gw-single", {"bad": float("nan")})


async def test_job_rpcs_status_codes_with_the_real_engine(served: ServerHandle, client: ZeebeClient) -> None:
    await client.deploy_resource(str(BPMN / "single-task.bpmn"))
    await client.run_process("gw-single", {})
    async with grpc.aio.insecure_channel(served.address) as channel:
        stub = GatewayStub(channel)
        jobs = []
        async for response in stub.ActivateJobs(
            pb.ActivateJobsRequest(
                type="work", worker="raw", timeout=60_000, maxJobsToActivate=5, requestTimeout=5_000
            )
        ):
            jobs.extend(response.jobs)
        assert len(jobs) == 1
        again = [
            r
            async for r in stub.ActivateJobs(
                pb.ActivateJobsRequest(
                    type="work", worker="raw2", timeout=60_000, maxJobsToActivate=5, requestTimeout=-1
                )
            )
        ]
        assert again == [], "an activated job is not handed out twice before its timeout"
        await stub.CompleteJob(pb.CompleteJobRequest(jobKey=jobs[0].key, variables='{"ok": true}'))
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await stub.CompleteJob(pb.CompleteJobRequest(jobKey=jobs[0].key))
        assert caught.value.code() == grpc.StatusCode.NOT_FOUND
        assert f"Expected to complete job with key '{jobs[0].key}'" in caught.value.details()


async def test_job_too_large_for_a_message_becomes_an_incident(real_engine: Any) -> None:
    real_engine.deploy([("single-task.bpmn", (BPMN / "single-task.bpmn").read_bytes())])
    created = real_engine.create_instance(bpmn_process_id="gw-single", variables={"blob": "x" * 100_000})
    handle = run_in_thread(real_engine, port=0, gateway=GatewayOptions(max_message_bytes=64 * 1024))
    try:
        async with grpc.aio.insecure_channel(handle.address) as channel:
            call = GatewayStub(channel).ActivateJobs(
                pb.ActivateJobsRequest(
                    type="work", worker="w", timeout=60_000, maxJobsToActivate=1, requestTimeout=-1
                )
            )
            assert [r async for r in call] == []
            assert await call.code() == grpc.StatusCode.OK
    finally:
        handle.stop()
    incidents = real_engine.incidents(process_instance_key=created.process_instance_key).items
    assert len(incidents) == 1 and "exceed the maximum message size" in incidents[0].error_message


async def test_streaming_worker_receives_pushed_jobs(
    client: ZeebeClient, workers: Callable[..., RunningWorker], real_engine: Any, served: ServerHandle
) -> None:
    await client.deploy_resource(str(BPMN / "single-task.bpmn"))
    pushed: list[int] = []
    # A long poll interval keeps the poller out of the way: jobs arrive through the stream.
    worker = workers("streamer", stream_enabled=True, request_timeout=30_000)

    @worker.worker.task(task_type="work")
    async def work(job: Job) -> dict[str, Any]:
        pushed.append(job.key)
        return {}

    worker.start()
    await eventually(
        lambda: served.server.gateway is not None and served.server.gateway.state.jobs.streams >= 1
    )
    created = [await client.run_process("gw-single", {}) for _ in range(5)]
    await eventually(
        lambda: all(state_of(real_engine, c.process_instance_key) == InstanceState.COMPLETED for c in created)
    )
    assert len(pushed) == len(set(pushed)) == 5


async def test_message_id_is_unique_while_buffered(client: ZeebeClient) -> None:
    await client.publish_message(
        "approved", correlation_key="c-9", time_to_live_in_milliseconds=60_000, message_id="m-1"
    )
    with pytest.raises(MessageAlreadyExistsError):
        await client.publish_message(
            "approved", correlation_key="c-9", time_to_live_in_milliseconds=60_000, message_id="m-1"
        )


async def test_decision_evaluation_and_signal_broadcast(client: ZeebeClient) -> None:
    await client.deploy_resource(str(BPMN / "level.dmn"))
    result = await client.evaluate_decision(
        decision_key=None, decision_id="gw-level", variables={"amount": 250}
    )
    assert result.decision_output == "high"  # one output column: the value itself, as in Zeebe
    assert result.evaluated_decisions[0].matched_rules[0].rule_id == "high"
    # audit values travel as JSON text encoded once, so the client decodes them to the value itself
    assert result.evaluated_decisions[0].decision_output == "high"
    assert result.evaluated_decisions[0].matched_rules[0].evaluated_outputs[0].output_value == "high"
    with pytest.raises(DecisionNotFoundError):
        await client.evaluate_decision(decision_key=None, decision_id="no-such-decision", variables={})
    broadcast = await client.broadcast_signal("nobody-listens")
    assert broadcast.key > 0 and broadcast.tenant_id == "<default>"


async def test_raw_rpcs_variables_retries_timeout_delete(
    served: ServerHandle, client: ZeebeClient, real_engine: Any
) -> None:
    deployed = await client.deploy_resource(str(BPMN / "single-task.bpmn"))
    created = await client.run_process("gw-single", {"a": 1})
    async with grpc.aio.insecure_channel(served.address) as channel:
        stub = GatewayStub(channel)
        await stub.SetVariables(
            pb.SetVariablesRequest(
                elementInstanceKey=created.process_instance_key, variables='{"a": 2, "b": "x"}'
            )
        )
        jobs = [
            j
            async for r in stub.ActivateJobs(
                pb.ActivateJobsRequest(
                    type="work", worker="raw", timeout=60_000, maxJobsToActivate=1, requestTimeout=-1
                )
            )
            for j in r.jobs
        ]
        assert json.loads(jobs[0].variables) == {"a": 2, "b": "x"}
        await stub.UpdateJobRetries(pb.UpdateJobRetriesRequest(jobKey=jobs[0].key, retries=5))
        await stub.UpdateJobTimeout(pb.UpdateJobTimeoutRequest(jobKey=jobs[0].key, timeout=120_000))
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await stub.UpdateJobRetries(pb.UpdateJobRetriesRequest(jobKey=jobs[0].key, retries=0))
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        definition_key = deployed.deployments[0].process_definition_key
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await stub.DeleteResource(pb.DeleteResourceRequest(resourceKey=definition_key))
        assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION  # an instance still runs
        await client.cancel_process_instance(created.process_instance_key)
        await stub.DeleteResource(pb.DeleteResourceRequest(resourceKey=definition_key))
    with pytest.raises(ProcessDefinitionNotFoundError):
        await client.run_process("gw-single", {})
