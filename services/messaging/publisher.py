"""The one thing the services need from a workflow engine's messaging: publish a message.

Callers depend on :class:`MessagePublisher`, so the API, the CLI and the outbox run the same way
against the embedded engine, a Camunda 8 cluster (both through :class:`GrpcPublisher`) or a test
double.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Protocol


class MessagePublisher(Protocol):
    """Publishes one message to the engine (Zeebe ``PublishMessage``)."""

    def publish(
        self,
        name: str,
        correlation_key: str,
        variables: Mapping[str, Any],
        message_id: str,
        ttl: timedelta,
    ) -> None:
        """Hand the message to the engine; return once the engine has accepted it.

        A message whose ``message_id`` the engine already holds counts as published: it is the
        same message sent again after an answer was lost.

        Raises:
            PublishFailed: the engine did not take the message.
        """
        ...
