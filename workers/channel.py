"""The gRPC channel to a Zeebe gateway: the embedded engine (plain), or a Camunda 8 cluster
(TLS, with OAuth client credentials for SaaS or self-managed Identity)."""

from dataclasses import dataclass
from pathlib import Path

import grpc
from pyzeebe import create_insecure_channel, create_oauth2_client_credentials_channel, create_secure_channel


@dataclass(frozen=True)
class GatewayTarget:
    """Where the workers connect and how they authenticate."""

    address: str
    tls: bool = False
    ca_cert: Path | None = None
    client_id: str | None = None
    client_secret: str | None = None
    authorization_server: str | None = None
    audience: str | None = None
    scope: str | None = None

    def __post_init__(self) -> None:
        host, _, port = self.address.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"gateway address must be HOST:PORT, got {self.address!r}")
        oauth = (self.client_id, self.client_secret, self.authorization_server)
        if any(oauth) and not all(oauth):
            raise ValueError("OAuth needs the client id, the client secret and the authorization server URL")
        if self.ca_cert is not None and not self.ca_cert.is_file():
            raise ValueError(f"CA certificate {self.ca_cert} does not exist")

    @property
    def uses_oauth(self) -> bool:
        return self.client_id is not None


def open_channel(target: GatewayTarget) -> grpc.aio.Channel:
    """A channel for ``target``; call inside a running event loop (grpc.aio binds to it)."""
    credentials = None
    if target.tls or target.uses_oauth:
        root = target.ca_cert.read_bytes() if target.ca_cert else None
        credentials = grpc.ssl_channel_credentials(root_certificates=root)
    if target.uses_oauth:
        return create_oauth2_client_credentials_channel(
            grpc_address=target.address,
            client_id=target.client_id or "",
            client_secret=target.client_secret or "",
            authorization_server=target.authorization_server or "",
            audience=target.audience,
            scope=target.scope,
            channel_credentials=credentials,
        )
    if credentials is not None:
        return create_secure_channel(grpc_address=target.address, channel_credentials=credentials)
    return create_insecure_channel(grpc_address=target.address)
