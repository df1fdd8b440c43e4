"""External events become Zeebe messages: the publisher interface, its gRPC implementation, the
time to live per message, and the outbox that makes sure every recorded event gets through."""

from services.messaging.errors import PublishFailed
from services.messaging.grpc_publisher import GrpcPublisher
from services.messaging.oauth import ClientCredentials, OAuthTokenSource, TokenUnavailable
from services.messaging.outbox import Delivery, PendingReport, deliver, publish_pending
from services.messaging.publisher import MessagePublisher
from services.messaging.ttl import MESSAGE_TTL, ttl_for

__all__ = [
    "MESSAGE_TTL",
    "ClientCredentials",
    "Delivery",
    "GrpcPublisher",
    "MessagePublisher",
    "OAuthTokenSource",
    "PendingReport",
    "PublishFailed",
    "TokenUnavailable",
    "deliver",
    "publish_pending",
    "ttl_for",
]
