"""The Zeebe gateway gRPC API over the embedded engine, for unmodified clients (pyzeebe, zbctl).

Build with :func:`build_gateway` on a running event loop, or run the whole engine process with
:mod:`engine.server`.
"""

from engine.gateway.grpc_server import GATEWAY_SERVICE, Gateway, build_gateway
from engine.gateway.options import DEFAULT_GRPC_ADDRESS, GatewayOptions
from engine.gateway.status import STATUS_BY_ERROR, status_for

__all__ = [
    "DEFAULT_GRPC_ADDRESS",
    "GATEWAY_SERVICE",
    "STATUS_BY_ERROR",
    "Gateway",
    "GatewayOptions",
    "build_gateway",
    "status_for",
]
