"""Starting process instances over the Zeebe gateway gRPC API (``CreateProcessInstance``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pyzeebe.proto.gateway_pb2 import CreateProcessInstanceRequest

from services.messaging.errors import StartFailed
from services.messaging.gateway import GatewayCallFailed, GatewayConnection
from services.settings import Settings

LATEST_VERSION = -1


class GrpcProcessStarter:
    """A :class:`~services.messaging.ProcessStarter` on a gateway connection (TLS, OAuth as set).

    Share the connection of a :class:`~services.messaging.GrpcPublisher` with
    ``GrpcProcessStarter(publisher.connection)``.
    """

    def __init__(self, connection: GatewayConnection) -> None:
        self.connection = connection

    @classmethod
    def from_settings(cls, settings: Settings) -> GrpcProcessStarter:
        """The starter the ``XDT_GATEWAY_ADDRESS`` and ``XDT_ZEEBE_*`` settings describe.

        Raises:
            ValueError: OAuth settings given only in part, or an unreadable certificate file.
        """
        return cls(GatewayConnection.from_settings(settings))

    @classmethod
    def at(cls, address: str) -> GrpcProcessStarter:
        """A starter on a plain (no TLS, no token) gateway, such as the embedded engine's."""
        return cls(GatewayConnection(address))

    def start(self, bpmn_process_id: str, variables: Mapping[str, Any], *, business_key: str) -> int:
        """Create an instance of the latest version of ``bpmn_process_id``; return its key.

        Raises:
            StartFailed: naming the gRPC status and whether a retry can help.
        """
        conn = self.connection
        request = CreateProcessInstanceRequest(
            bpmnProcessId=bpmn_process_id,
            version=LATEST_VERSION,
            variables=json.dumps(dict(variables), ensure_ascii=False),
            tenantId=conn.tenant_id,
        )
        try:
            answer = conn.call("CreateProcessInstance", request)
        except GatewayCallFailed as exc:
            raise StartFailed(
                bpmn_process_id=bpmn_process_id,
                business_key=business_key,
                status=exc.status,
                detail=exc.detail,
                retryable=exc.retryable,
            ) from exc
        return int(answer.processInstanceKey)

    def close(self) -> None:
        """Close the channel; a later start opens a new one."""
        self.connection.close()
