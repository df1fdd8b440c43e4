"""One synchronous gRPC connection to a Zeebe gateway, shared by whatever calls it.

Publishing messages and starting process instances reach the same gateway the same way: a plain
``grpc`` channel (TLS when asked), pyzeebe's ``GatewayStub``, and an OAuth bearer token on every
call when client credentials are configured. This class holds that plumbing once.
"""

from __future__ import annotations

import threading
from typing import Any

import grpc
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from services.messaging.oauth import ClientCredentials, OAuthTokenSource, TokenUnavailable
from services.settings import Settings

# A call that failed with one of these may well succeed later unchanged; the rest need a fix.
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


class GatewayCallFailed(Exception):
    """A gateway call that did not go through: the gRPC status name, its detail, and whether the
    same call may succeed later unchanged (a missing token counts as UNAUTHENTICATED)."""

    def __init__(self, status: str, detail: str, *, retryable: bool) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.retryable = retryable


class GatewayConnection:
    """A lazily opened channel to a gateway, with the per-call deadline and metadata.

    Args:
        address: the gateway's ``host:port``.
        tls: use a TLS channel (required by gRPC to send a token on Camunda 8 SaaS).
        root_certificates: PEM of the CA to trust instead of the system roots.
        token_source: adds ``authorization: Bearer <token>`` to every call when given.
        timeout_s: deadline of one call.
        tenant_id: the tenant of what is sent (empty: the default tenant).
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
        self.timeout_s = timeout_s
        self.tenant_id = tenant_id
        self._tls = tls
        self._root_certificates = root_certificates
        self._token_source = token_source
        self._lock = threading.Lock()
        self._channel: grpc.Channel | None = None
        self._stub: GatewayStub | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> GatewayConnection:
        """The connection the ``XDT_GATEWAY_ADDRESS`` and ``XDT_ZEEBE_*`` settings describe.

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

    def metadata(self) -> tuple[tuple[str, str], ...]:
        """Call metadata: the bearer token when OAuth is configured.

        Raises:
            TokenUnavailable: the token endpoint did not issue a token.
        """
        if self._token_source is None:
            return ()
        return (("authorization", f"Bearer {self._token_source.token()}"),)

    def call(self, rpc: str, request: Any) -> Any:
        """Call the gateway's ``rpc`` with the deadline and the bearer token.

        Raises:
            GatewayCallFailed: the token could not be had, or the call failed.
        """
        try:
            metadata = self.metadata()
            method = getattr(self.gateway(), rpc)
            return method(request, timeout=self.timeout_s, metadata=metadata)
        except TokenUnavailable as exc:
            raise GatewayCallFailed("UNAUTHENTICATED", str(exc), retryable=True) from exc
        except grpc.RpcError as exc:
            code, detail = status_of(exc)
            raise GatewayCallFailed(
                code.name, f"{detail} (gateway {self.address})", retryable=code in RETRYABLE
            ) from exc

    def gateway(self) -> GatewayStub:
        """The stub, opening the channel on first use (building an app or a command costs none)."""
        with self._lock:
            if self._stub is None:
                if self._tls:
                    credentials = grpc.ssl_channel_credentials(root_certificates=self._root_certificates)
                    self._channel = grpc.secure_channel(self.address, credentials)
                else:
                    self._channel = grpc.insecure_channel(self.address)
                self._stub = GatewayStub(self._channel)
            return self._stub

    def close(self) -> None:
        """Close the channel; a later call opens a new one."""
        with self._lock:
            if self._channel is not None:
                self._channel.close()
            self._channel, self._stub = None, None


def status_of(exc: grpc.RpcError) -> tuple[grpc.StatusCode, str]:
    """The status code and detail of a failed call (UNKNOWN when the error carries none)."""
    if isinstance(exc, grpc.Call):
        return exc.code(), exc.details() or "no detail"
    return grpc.StatusCode.UNKNOWN, str(exc) or "no detail"


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
