"""Publishing over the Zeebe gateway gRPC API with a synchronous channel.

The API routes and the CLI are synchronous, so a plain ``grpc`` channel and the ``GatewayStub``
that pyzeebe ships are the simplest fit: no event loop to manage, one call per message. The same
code reaches the embedded engine and a Camunda 8 cluster (TLS, OAuth bearer token).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import grpc
from pyzeebe.proto.gateway_pb2 import PublishMessageRequest
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from services.messaging.errors import PublishFailed
from services.messaging.oauth import ClientCredentials, OAuthTokenSource, TokenUnavailable
from services.settings import Settings

# A publish that failed with one of these may well succeed later unchanged; the rest need a fix.
RETRYABLE = frozenset(
    {
        grpc.StatusCode.UNAVAILABLE,
        grpc.StatusCode.DEADLINE_EXCEEDED,
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        grpc.StatusCode.UNAUTHENTICATED,
        grpc.StatusCode.PERMISSION_DENIED,
        grpc.StatusCode.ABORTED,
        grpc.StatusCode.INTERNAL,
        grpc.StatusCode.UNKNOWN,
        grpc.StatusCode.CANCELLED,
    }
)


class GrpcPublisher:
    """A :class:`~services.messaging.MessagePublisher` that calls ``PublishMessage`` on a gateway.

    Args:
        address: the gateway's ``host:port``.
        tls: use a TLS channel (required by gRPC to send a token on Camunda 8 SaaS).
        root_certificates: PEM of the CA to trust instead of the system roots.
        token_source: adds ``authorization: Bearer <token>`` to every call when given.
        timeout_s: deadline of one call.
        tenant_id: the tenant of the messages (empty: the default tenant).
    """

    def __init__(
        self,
        address: str,
        *,
        tls: bool = False,
        root_certificates: bytes | None = None,
        token_source: OAuthTokenSource | None = None,
        timeout_s: float = 10.0,
        tenant_id: str = "",
    ) -> None:
        self.address = address
        self._tls = tls
        self._root_certificates = root_certificates
        self._token_source = token_source
        self._timeout_s = timeout_s
        self._tenant_id = tenant_id
        self._lock = threading.Lock()
        self._channel: grpc.Channel | None = None
        self._stub: GatewayStub | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> GrpcPublisher:
        """The publisher the ``XDT_GATEWAY_ADDRESS`` and ``XDT_ZEEBE_*`` settings describe.

        Raises:
            ValueError: OAuth settings given only in part, or an unreadable certificate file.
        """
        roots = settings.zeebe_root_certificates.read_bytes() if settings.zeebe_root_certificates else None
        return cls(
            settings.gateway_address,
            tls=settings.zeebe_tls or roots is not None,
            root_certificates=roots,
            token_source=_token_source(settings),
            timeout_s=settings.zeebe_request_timeout_s,
        )

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
        request = PublishMessageRequest(
            name=name,
            correlationKey=correlation_key,
            timeToLive=int(ttl.total_seconds() * 1000),
            messageId=message_id,
            variables=json.dumps(dict(variables), ensure_ascii=False),
            tenantId=self._tenant_id,
        )
        try:
            metadata = self._metadata()
            self._gateway().PublishMessage(request, timeout=self._timeout_s, metadata=metadata)
        except TokenUnavailable as exc:
            raise PublishFailed(
                message_name=name,
                message_id=message_id,
                status="UNAUTHENTICATED",
                detail=str(exc),
                retryable=True,
            ) from exc
        except grpc.RpcError as exc:
            code = exc.code() if isinstance(exc, grpc.Call) else grpc.StatusCode.UNKNOWN
            if code is grpc.StatusCode.ALREADY_EXISTS:
                return  # the engine holds this very message already: an earlier try got through
            detail = exc.details() if isinstance(exc, grpc.Call) else str(exc)
            raise PublishFailed(
                message_name=name,
                message_id=message_id,
                status=code.name,
                detail=f"{detail or 'no detail'} (gateway {self.address})",
                retryable=code in RETRYABLE,
            ) from exc

    def close(self) -> None:
        """Close the channel; a later publish opens a new one."""
        with self._lock:
            if self._channel is not None:
                self._channel.close()
            self._channel, self._stub = None, None

    def _metadata(self) -> tuple[tuple[str, str], ...]:
        if self._token_source is None:
            return ()
        return (("authorization", f"Bearer {self._token_source.token()}"),)

    def _gateway(self) -> GatewayStub:
        # Opened on first use, so building an app or a CLI command costs no connection.
        with self._lock:
            if self._stub is None:
                if self._tls:
                    credentials = grpc.ssl_channel_credentials(root_certificates=self._root_certificates)
                    self._channel = grpc.secure_channel(self.address, credentials)
                else:
                    self._channel = grpc.insecure_channel(self.address)
                self._stub = GatewayStub(self._channel)
            return self._stub


def _token_source(settings: Settings) -> OAuthTokenSource | None:
    secret = settings.zeebe_client_secret.get_secret_value() if settings.zeebe_client_secret else None
    given = {
        "XDT_ZEEBE_CLIENT_ID": settings.zeebe_client_id,
        "XDT_ZEEBE_CLIENT_SECRET": secret,
        "XDT_ZEEBE_TOKEN_URL": settings.zeebe_token_url,
    }
    if not any(given.values()):
        return None
    missing = [name for name, value in given.items() if not value]
    if missing:
        raise ValueError(f"OAuth towards the gateway needs {', '.join(missing)} as well")
    credentials = ClientCredentials(
        token_url=str(settings.zeebe_token_url),
        client_id=str(settings.zeebe_client_id),
        client_secret=str(secret),
        audience=settings.zeebe_token_audience,
    )
    return OAuthTokenSource(credentials, timeout_s=settings.zeebe_request_timeout_s)
