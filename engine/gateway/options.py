"""Configuration of the Zeebe gateway: address, limits, time-outs, TLS and the bearer-token check."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_GRPC_ADDRESS = "127.0.0.1:26500"
ZEEBE_MAX_MESSAGE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class GatewayOptions:
    """How the gRPC gateway listens and behaves. Defaults follow Zeebe's gateway."""

    listen: str = DEFAULT_GRPC_ADDRESS
    """``host:port`` to bind; port 0 picks a free port."""

    max_message_bytes: int = ZEEBE_MAX_MESSAGE_BYTES
    """Largest request or response message (Zeebe's default is 4 MB)."""

    long_poll_default_ms: int = 10_000
    """How long ActivateJobs waits for jobs when the request says ``requestTimeout=0``."""

    request_timeout_default_ms: int = 15_000
    """How long CreateProcessInstanceWithResult waits when the request says ``requestTimeout=0``."""

    deadline_margin_ms: int = 500
    """Long polls and job streams end with OK this long before the client's deadline."""

    max_in_flight: int = 2_000
    """Engine commands queued at once before new ones are refused with RESOURCE_EXHAUSTED."""

    engine_threads: int = 4
    """Threads that run the engine's synchronous commands off the event loop."""

    tls_cert: Path | None = None
    """PEM server certificate chain; with ``tls_key`` the gateway serves TLS only."""

    tls_key: Path | None = None
    """PEM private key for ``tls_cert``."""

    bearer_tokens: frozenset[str] = field(default_factory=frozenset)
    """When non-empty, every Gateway call must carry ``authorization: Bearer <one of these>``."""

    def __post_init__(self) -> None:
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ValueError("TLS needs both a certificate (tls_cert) and a private key (tls_key)")
        if self.max_message_bytes < 1024:
            raise ValueError(f"max_message_bytes must be at least 1024, got {self.max_message_bytes}")
        host, sep, port = self.listen.rpartition(":")
        if not sep or not host or not port.isdigit():
            raise ValueError(f"listen address must be host:port, got {self.listen!r}")

    @property
    def tls(self) -> bool:
        """Whether the gateway serves TLS."""
        return self.tls_cert is not None

    def grpc_server_options(self) -> list[tuple[str, Any]]:
        """Channel arguments for ``grpc.aio.server``.

        Clients (pyzeebe, zbctl) ping every 45 s on long-lived calls; the server must accept that
        instead of answering GOAWAY ``too_many_pings``.
        """
        return [
            ("grpc.max_receive_message_length", self.max_message_bytes),
            ("grpc.max_send_message_length", self.max_message_bytes),
            ("grpc.keepalive_permit_without_calls", 1),
            ("grpc.http2.min_recv_ping_interval_without_data_ms", 10_000),
            ("grpc.http2.min_ping_interval_without_data_ms", 10_000),
            ("grpc.http2.max_ping_strikes", 0),
            # Without this two servers may share a port silently, which hides misconfiguration.
            ("grpc.so_reuseport", 0),
        ]
