"""Cluster and resource RPCs: topology, deployment, deletion, messages, signals, incidents, decisions."""

from __future__ import annotations

from typing import Any

from pyzeebe.proto import gateway_pb2 as pb

from engine.errors import InvalidArgument
from engine.gateway import convert
from engine.gateway.documents import parse_variables
from engine.gateway.rpc_base import RpcBase, check_tenant, unary


class ResourceRpcs(RpcBase):
    """Topology, DeployResource, DeployProcess, DeleteResource, PublishMessage, BroadcastSignal,
    ResolveIncident, EvaluateDecision."""

    @unary
    async def Topology(self, request: pb.TopologyRequest, context: Any) -> pb.TopologyResponse:
        result = await self.calls(self.engine.topology)
        return convert.topology(result, host=self.state.host, port=self.state.port)

    @unary
    async def DeployResource(
        self, request: pb.DeployResourceRequest, context: Any
    ) -> pb.DeployResourceResponse:
        tenant_id = check_tenant(request.tenantId, rpc="DeployResource", intent="CREATE")
        resources = [(r.name, bytes(r.content)) for r in request.resources]
        if not resources:
            raise InvalidArgument(
                intent="CREATE", reason="Expected to deploy at least one resource, but none given"
            )
        result = await self.calls(self.engine.deploy, resources, tenant_id)
        return convert.deployment(result)

    @unary
    async def DeployProcess(self, request: pb.DeployProcessRequest, context: Any) -> pb.DeployProcessResponse:
        resources = [(p.name, bytes(p.definition)) for p in request.processes]
        if not resources:
            raise InvalidArgument(
                intent="CREATE", reason="Expected to deploy at least one resource, but none given"
            )
        result = await self.calls(self.engine.deploy, resources, "")
        return convert.deploy_process(result)

    @unary
    async def DeleteResource(
        self, request: pb.DeleteResourceRequest, context: Any
    ) -> pb.DeleteResourceResponse:
        await self.calls(self.engine.delete_resource, request.resourceKey)
        return pb.DeleteResourceResponse()

    @unary
    async def PublishMessage(
        self, request: pb.PublishMessageRequest, context: Any
    ) -> pb.PublishMessageResponse:
        tenant_id = check_tenant(request.tenantId, rpc="PublishMessage", intent="PUBLISH")
        variables = parse_variables(request.variables, intent="PUBLISH")
        key = await self.calls(
            self.engine.publish_message,
            name=request.name,
            correlation_key=request.correlationKey,
            time_to_live_ms=request.timeToLive,
            message_id=request.messageId,
            variables=variables,
            tenant_id=tenant_id,
        )
        return pb.PublishMessageResponse(key=key, tenantId=convert.tenant(tenant_id))

    @unary
    async def BroadcastSignal(
        self, request: pb.BroadcastSignalRequest, context: Any
    ) -> pb.BroadcastSignalResponse:
        tenant_id = check_tenant(request.tenantId, rpc="BroadcastSignal", intent="BROADCAST")
        variables = parse_variables(request.variables, intent="BROADCAST")
        key = await self.calls(self.engine.broadcast_signal, request.signalName, variables, tenant_id)
        return pb.BroadcastSignalResponse(key=key, tenantId=convert.tenant(tenant_id))

    @unary
    async def ResolveIncident(
        self, request: pb.ResolveIncidentRequest, context: Any
    ) -> pb.ResolveIncidentResponse:
        await self.calls(self.engine.resolve_incident, request.incidentKey)
        return pb.ResolveIncidentResponse()

    @unary
    async def EvaluateDecision(
        self, request: pb.EvaluateDecisionRequest, context: Any
    ) -> pb.EvaluateDecisionResponse:
        tenant_id = check_tenant(request.tenantId, rpc="EvaluateDecision", intent="EVALUATE")
        variables = parse_variables(request.variables, intent="EVALUATE")
        if request.decisionId:
            target: dict[str, Any] = {"decision_id": request.decisionId}
        elif request.decisionKey > 0:
            target = {"decision_key": request.decisionKey}
        else:
            raise InvalidArgument(
                intent="EVALUATE",
                reason="Expected either a decision id or a valid decision key, but none provided",
            )
        result = await self.calls(
            self.engine.evaluate_decision, **target, variables=variables, tenant_id=tenant_id
        )
        return convert.evaluated_decision(result)
