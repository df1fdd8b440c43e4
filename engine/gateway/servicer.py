"""The ``gateway_protocol.Gateway`` servicer: all 21 RPCs of the stubs pyzeebe ships."""

from __future__ import annotations

from pyzeebe.proto import gateway_pb2_grpc

from engine.gateway.rpc_jobs import JobRpcs
from engine.gateway.rpc_processes import ProcessRpcs
from engine.gateway.rpc_resources import ResourceRpcs

RPC_NAMES: tuple[str, ...] = (
    "ActivateJobs",
    "StreamActivatedJobs",
    "CancelProcessInstance",
    "CompleteJob",
    "CreateProcessInstance",
    "CreateProcessInstanceWithResult",
    "EvaluateDecision",
    "DeployProcess",
    "DeployResource",
    "FailJob",
    "ThrowError",
    "PublishMessage",
    "ResolveIncident",
    "SetVariables",
    "Topology",
    "UpdateJobRetries",
    "ModifyProcessInstance",
    "MigrateProcessInstance",
    "UpdateJobTimeout",
    "DeleteResource",
    "BroadcastSignal",
)


class GatewayServicer(JobRpcs, ProcessRpcs, ResourceRpcs, gateway_pb2_grpc.GatewayServicer):
    """Serves the Zeebe gateway protocol against an :class:`engine.api.EngineApi`."""
