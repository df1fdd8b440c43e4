"""Publishing over the Zeebe gateway gRPC API with a synchronous channel.

The API routes and the CLI are synchronous, so a plain ``grpc`` channel and the ``GatewayStub``
that pyzeebe ships are the simplest fit: no event loop to manage, one call per message. The same
code reaches the embedded engine and a Camunda 8 cluster (TLS, OAuth bearer token); the channel
itself is a :class:`~services.messaging.gateway.GatewayConnection`, shared with the process
starter.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import grpc
from pyzeebe.proto.gateway_pb2 import PublishMessageRequest

from services.messaging.errors import PublishFailed
from services.messaging.gateway import RETRYABLE, GatewayCallFailed, GatewayConnection
from services.settings import Settings

__all__ = ["RETRYABLE", "GrpcPublisher"]


class GrpcPublisher:
    """A :class:`~services.messaging.MessagePublisher` that calls ``PublishMessage`` on a gateway
    connection (TLS, OAuth as set); a :class:`~services.messaging.GrpcProcessStarter` may share it.
    """

    def __init__(self, connection: GatewayConnection) -> None:
        self.connection = connection

    @classmethod
    def from_settings(cls, settings: Settings) -> GrpcPublisher:
        """The publisher the ``XDT_GATEWAY_ADDRESS`` and ``XDT_ZEEBE_*`` settings describe.

        Raises:
            ValueError: OAuth settings given only in part, or an unreadable certificate file.
        """
        return cls(GatewayConnection.from_settings(settings))

    @classmethod
    def at(cls, address: str) -> GrpcPublisher:
        """A publisher on a plain (no TLS, no token) gateway, such as the embedded engine's."""
        return cls(GatewayConnection(address))

    @property
    def address(self) -> str:
        return self.connection.address

    def publish(
        self,
        name: str,
        correlation_key: str,
        variables: Mapping[str, Any],
        message_id: str,
        ttl: timedelta,
    ) -> None:
        """Publish one message; a duplicate ``message_id`` still buffered counts as published.

        Raises:
            PublishFailed: naming the gRPC status and whether a retry can help.
        """
        conn = self.connection
        request = PublishMessageRequest(
            name=name,
            correlationKey=correlation_key,
            timeToLive=int(ttl.total_seconds() * 1000),
            messageId=message_id,
            variables=json.dumps(dict(variables), ensure_ascii=False),
            tenantId=conn.tenant_id,
        )
        try:
            conn.call("PublishMessage", request)
        except GatewayCallFailed as exc:
            if exc.status == grpc.StatusCode.ALREADY_EXISTS.name:
                return  # the engine holds this very message already: an earlier try got through
            raise PublishFailed(
                message_name=name,
                message_id=message_id,
                status=exc.status,
                detail=exc.detail,
                retryable=exc.retryable,
            ) from exc

    def close(self) -> None:
        """Close the channel; a later publish opens a new one."""
        self.connection.close()
