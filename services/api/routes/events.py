"""External events: ``POST /api/events/{kind}`` validates, records and publishes the message.

The loan must be visible to the caller (``X-User``/``X-Role``/``X-Org``, see the loans routes);
``prefecture-review-result`` is entered by the prefecture or, on its behalf, the city office.
An ``Idempotency-Key`` header (or ``idempotency_key`` in the body) makes a retry return the first
result instead of recording twice.

The event is committed before its message goes to the engine (see :mod:`services.messaging`).
Status: 201 recorded and published; 200 a replay whose message is out; 202 recorded but not
published (``published: false`` with the error): the event is kept and
``POST /api/events/publish-pending`` (or ``xdt events publish-pending``) sends it later.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from pydantic import BaseModel

from services import loans, messaging
from services.api.deps import ClockDep, DbDep, SettingsDep
from services.api.routes.loans import PrincipalDep, require

router = APIRouter(prefix="/api/events", tags=["events"])


def get_publisher(request: Request) -> messaging.MessagePublisher:
    publisher: messaging.MessagePublisher = request.app.state.publisher
    return publisher


PublisherDep = Annotated[messaging.MessagePublisher, Depends(get_publisher)]


class EventMessage(BaseModel):
    """The message an event became, whether this call was a replay and whether it is published."""

    eventId: int
    messageName: str
    correlationKey: str
    messageId: str
    variables: dict[str, Any]
    replayed: bool
    published: bool
    publishedAt: datetime | None = None
    publishError: str | None = None


class DeliveryPublic(BaseModel):
    """One event tried by a publish-pending run."""

    eventId: int
    messageId: str
    published: bool
    publishError: str | None = None


class PendingPublic(BaseModel):
    """What a publish-pending run did; ``stoppedEarly`` when the engine could not be reached."""

    published: int
    failed: int
    stoppedEarly: bool
    deliveries: list[DeliveryPublic]


@router.post("/publish-pending")
def publish_pending(
    db: DbDep,
    clock: ClockDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    publisher: PublisherDep,
    limit: Annotated[int | None, Query(ge=1, le=10_000)] = None,
) -> PendingPublic:
    """Publish every recorded event whose message has not reached the engine, oldest first (city office)."""
    require(principal.role is loans.Role.CITY, principal, "publish pending events")
    report = messaging.publish_pending(
        db=db,
        publisher=publisher,
        clock=clock,
        actor=principal.actor,
        limit=limit,
        ttl_override_days=settings.message_ttl_days,
    )
    return PendingPublic(
        published=len(report.published),
        failed=len(report.failed),
        stoppedEarly=report.stopped_early,
        deliveries=[
            DeliveryPublic(
                eventId=d.event_id, messageId=d.message_id, published=d.published, publishError=d.error
            )
            for d in report.deliveries
        ],
    )


@router.post(
    "/{kind}", status_code=201, responses={200: {"model": EventMessage}, 202: {"model": EventMessage}}
)
def record_event(
    kind: loans.EventKind,
    data: loans.EventCreate,
    response: Response,
    db: DbDep,
    clock: ClockDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    publisher: PublisherDep,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> EventMessage:
    """Validate and record an external event about a loan, then publish its message."""
    with db.session() as session:
        loans.visible_loan(session, principal, data.loan_no)
        if kind is loans.EventKind.PREFECTURE_REVIEW_RESULT:
            require(
                principal.role in (loans.Role.PREFECTURE, loans.Role.CITY),
                principal,
                "enter the prefecture's review result",
            )
        if idempotency_key:
            data = data.model_copy(update={"idempotency_key": idempotency_key})
        recorded = loans.record_event(kind, data, session=session, clock=clock, actor=principal.actor)
    delivery = messaging.deliver(
        recorded,
        db=db,
        publisher=publisher,
        clock=clock,
        actor=principal.actor,
        ttl_override_days=settings.message_ttl_days,
    )
    if not delivery.published:
        response.status_code = 202
    elif recorded.replayed:
        response.status_code = 200
    event = recorded.event
    return EventMessage(
        eventId=recorded.event_id,
        messageName=event.message_name,
        correlationKey=event.correlation_key,
        messageId=event.message_id,
        variables=event.variables,
        replayed=recorded.replayed,
        published=delivery.published,
        publishedAt=delivery.published_at,
        publishError=delivery.error,
    )
