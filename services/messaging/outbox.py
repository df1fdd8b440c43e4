"""Every recorded event reaches the engine as a message, exactly once as far as the engine sees.

The order is record → commit → publish → mark published. The event is committed before the
engine hears of it, so a crash or an engine outage can lose nothing: the event stays in the
outbox, unpublished, and :func:`publish_pending` sends it later. The message id is the event's
idempotency key, so a publish repeated after a lost answer is refused by the engine as a
duplicate, which the publisher counts as success.

These functions span several transactions, so they take the :class:`~services.db.Database`
rather than one session. The event log is imported as a module: the loan registry queues process
starts through this package while the event log is still importing the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import services.loans.event_log as event_log
from services.clock import Clock
from services.db import Database
from services.loans.events import ValidatedEvent
from services.messaging.errors import PublishFailed
from services.messaging.publisher import MessagePublisher
from services.messaging.ttl import ttl_for


@dataclass(frozen=True)
class Delivery:
    """What became of one event's message."""

    event_id: int
    message_id: str
    published: bool
    published_at: datetime | None = None
    error: str | None = None
    retryable: bool = True


@dataclass(frozen=True)
class PendingReport:
    """The outcome of one :func:`publish_pending` run, in the order the events were tried."""

    deliveries: list[Delivery] = field(default_factory=list)
    stopped_early: bool = False
    """True when a passing failure (engine unreachable...) ended the run before the last event."""

    @property
    def published(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.published]

    @property
    def failed(self) -> list[Delivery]:
        return [d for d in self.deliveries if not d.published]


def deliver(
    recorded: event_log.RecordedEvent,
    *,
    db: Database,
    publisher: MessagePublisher,
    clock: Clock,
    actor: str,
    ttl_override_days: int | None = None,
) -> Delivery:
    """Publish a committed event's message unless it is already out, and note the outcome.

    A replayed event whose message went out before is not sent again. A failure is kept on the
    event and returned, not raised: the event is recorded either way.
    """
    if recorded.published_at is not None:
        return Delivery(
            event_id=recorded.event_id,
            message_id=recorded.event.message_id,
            published=True,
            published_at=recorded.published_at,
        )
    return _publish_one(
        recorded.event_id,
        recorded.event,
        db=db,
        publisher=publisher,
        clock=clock,
        actor=actor,
        ttl_override_days=ttl_override_days,
    )


def publish_pending(
    *,
    db: Database,
    publisher: MessagePublisher,
    clock: Clock,
    actor: str,
    limit: int | None = None,
    ttl_override_days: int | None = None,
) -> PendingReport:
    """Publish every unpublished event, oldest first.

    A passing failure (the engine unreachable, a deadline, a refused token) ends the run, since
    the events after it would fail the same way and must not overtake it. A refusal that would
    repeat (malformed message) is kept on that event and the run goes on, so one bad event
    cannot hold back all the others; it stays unpublished and visible with its error.
    """
    with db.session() as session:
        pending = event_log.unpublished_events(session=session, limit=limit)
    deliveries: list[Delivery] = []
    for event_id, event in pending:
        outcome = _publish_one(
            event_id,
            event,
            db=db,
            publisher=publisher,
            clock=clock,
            actor=actor,
            ttl_override_days=ttl_override_days,
        )
        deliveries.append(outcome)
        if not outcome.published and outcome.retryable:
            return PendingReport(deliveries=deliveries, stopped_early=len(deliveries) < len(pending))
    return PendingReport(deliveries=deliveries)


def _publish_one(
    event_id: int,
    event: ValidatedEvent,
    *,
    db: Database,
    publisher: MessagePublisher,
    clock: Clock,
    actor: str,
    ttl_override_days: int | None,
) -> Delivery:
    try:
        publisher.publish(
            event.message_name,
            event.correlation_key,
            event.variables,
            event.message_id,
            ttl_for(event.message_name, override_days=ttl_override_days),
        )
    except PublishFailed as exc:
        with db.session() as session:
            event_log.mark_publish_failed(event_id, exc.message, session=session, clock=clock, actor=actor)
        return Delivery(
            event_id=event_id,
            message_id=event.message_id,
            published=False,
            error=exc.message,
            retryable=exc.retryable,
        )
    with db.session() as session:
        at = event_log.mark_published(event_id, session=session, clock=clock, actor=actor)
    return Delivery(event_id=event_id, message_id=event.message_id, published=True, published_at=at)
