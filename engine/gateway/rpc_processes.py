"""Process instance RPCs: create (with or without awaiting the result), cancel, variables, modify, migrate."""

from __future__ import annotations

import asyncio
from typing import Any

from pyzeebe.proto import gateway_pb2 as pb

from engine.api import InstanceCreated, InstanceResult, StartInstruction
from engine.errors import InvalidArgument, Unsupported
from engine.gateway.convert import tenant
from engine.gateway.documents import dump_json, parse_variables
from engine.gateway.rpc_base import RpcBase, check_tenant, seconds_left, unary
from engine.gateway.status import DeadlineExceeded


def creation_arguments(request: pb.CreateProcessInstanceRequest, *, intent: str, rpc: str) -> dict[str, Any]:
    """Keyword arguments for ``EngineApi.create_instance``; a non-empty process id wins over a key."""
    arguments: dict[str, Any] = {
        "variables": parse_variables(request.variables, intent=intent),
        "start_instructions": tuple(StartInstruction(i.elementId) for i in request.startInstructions),
        "tenant_id": check_tenant(request.tenantId, rpc=rpc, intent=intent),
    }
    if request.bpmnProcessId:
        arguments.update(bpmn_process_id=request.bpmnProcessId, version=request.version)
    elif request.processDefinitionKey >= 0:
        arguments["process_definition_key"] = request.processDefinitionKey
    else:
        raise InvalidArgument(
            intent=intent, reason="Expected at least a bpmnProcessId or a key greater than -1, but none given"
        )
    return arguments


class ProcessRpcs(RpcBase):
    """CreateProcessInstance(+WithResult), CancelProcessInstance, SetVariables, Modify/Migrate (unsupported)."""

    @unary
    async def CreateProcessInstance(
        self, request: pb.CreateProcessInstanceRequest, context: Any
    ) -> pb.CreateProcessInstanceResponse:
        arguments = creation_arguments(request, intent="CREATE", rpc="CreateProcessInstance")
        created = await self.calls(self.engine.create_instance, **arguments)
        return pb.CreateProcessInstanceResponse(
            processDefinitionKey=created.process_definition_key,
            bpmnProcessId=created.bpmn_process_id,
            version=created.version,
            processInstanceKey=created.process_instance_key,
            tenantId=tenant(created.tenant_id),
        )

    @unary
    async def CreateProcessInstanceWithResult(
        self, request: pb.CreateProcessInstanceWithResultRequest, context: Any
    ) -> pb.CreateProcessInstanceWithResultResponse:
        arguments = creation_arguments(
            request.request, intent="CREATE_WITH_AWAITING_RESULT", rpc="CreateProcessInstanceWithResult"
        )
        timeout_ms = request.requestTimeout or self.options.request_timeout_default_ms
        created = await self.calls(self.engine.create_instance, **arguments)
        result = await self.await_result(created, tuple(request.fetchVariables), timeout_ms / 1000, context)
        return pb.CreateProcessInstanceWithResultResponse(
            processDefinitionKey=created.process_definition_key,
            bpmnProcessId=created.bpmn_process_id,
            version=created.version,
            processInstanceKey=created.process_instance_key,
            variables=dump_json(result.variables),
            tenantId=tenant(created.tenant_id),
        )

    async def await_result(
        self, created: InstanceCreated, fetch: tuple[str, ...], timeout_s: float, context: Any | None
    ) -> InstanceResult:
        """Wait until the instance ends and return its result (also used by the REST gateway).

        Raises:
            DeadlineExceeded: the instance did not end within ``timeout_s`` (it keeps running).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (timeout_s if context is None else seconds_left(context, timeout_s, 0.05))
        key = created.process_instance_key
        waiters = self.state.instances
        while True:
            ended = waiters.register(key)
            try:
                result = await self.calls(self.engine.instance_result, key, fetch)
                if result is not None:
                    return result
                remaining = deadline - loop.time()
                if remaining > 0:
                    await asyncio.wait({ended}, timeout=remaining)
            finally:
                waiters.discard(key, ended)
            if loop.time() >= deadline:
                result = await self.calls(self.engine.instance_result, key, fetch)
                if result is not None:
                    return result
                raise DeadlineExceeded(
                    f"Time out between gateway and broker: Request to create process instance with result "
                    f"(key '{key}') timed out after {timeout_s:g}s; the instance keeps running"
                )

    @unary
    async def CancelProcessInstance(
        self, request: pb.CancelProcessInstanceRequest, context: Any
    ) -> pb.CancelProcessInstanceResponse:
        await self.calls(self.engine.cancel_instance, request.processInstanceKey)
        return pb.CancelProcessInstanceResponse()

    @unary
    async def SetVariables(self, request: pb.SetVariablesRequest, context: Any) -> pb.SetVariablesResponse:
        variables = parse_variables(request.variables, intent="UPDATE") or {}
        key = await self.calls(
            self.engine.set_variables, request.elementInstanceKey, variables, local=request.local
        )
        return pb.SetVariablesResponse(key=key)

    @unary
    async def ModifyProcessInstance(
        self, request: pb.ModifyProcessInstanceRequest, context: Any
    ) -> pb.ModifyProcessInstanceResponse:
        raise Unsupported("ModifyProcessInstance", "process instance modification is not implemented")

    @unary
    async def MigrateProcessInstance(
        self, request: pb.MigrateProcessInstanceRequest, context: Any
    ) -> pb.MigrateProcessInstanceResponse:
        raise Unsupported("MigrateProcessInstance", "process instance migration is not implemented")
