"""The services talk to the engine: external events become Zeebe messages, and the registry's
process starts (a loan registered, an interest instalment missed) become process instances.

Both go through an outbox committed with the business write, so an engine outage loses nothing:
the publisher and starter interfaces, their gRPC implementations on one gateway connection, the
time to live per message, and the delivery runs that retry what is still pending.
"""

from services.messaging.errors import PublishFailed, StartFailed
from services.messaging.gateway import GatewayConnection
from services.messaging.grpc_publisher import GrpcPublisher
from services.messaging.grpc_starter import GrpcProcessStarter
from services.messaging.oauth import ClientCredentials, OAuthTokenSource, TokenUnavailable
from services.messaging.outbox import Delivery, PendingReport, deliver, publish_pending
from services.messaging.publisher import MessagePublisher
from services.messaging.start_outbox import StartDelivery, StartReport, start_pending
from services.messaging.starter import InstanceLookup, ProcessStarter
from services.messaging.ttl import MESSAGE_TTL, ttl_for

__all__ = [
    "MESSAGE_TTL",
    "ClientCredentials",
    "Delivery",
    "GatewayConnection",
    "GrpcProcessStarter",
    "GrpcPublisher",
    "InstanceLookup",
    "MessagePublisher",
    "OAuthTokenSource",
    "PendingReport",
    "ProcessStarter",
    "PublishFailed",
    "StartDelivery",
    "StartFailed",
    "StartReport",
    "TokenUnavailable",
    "deliver",
    "publish_pending",
    "start_pending",
    "ttl_for",
]
