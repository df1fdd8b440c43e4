"""External events: ``POST /api/events/{kind}`` validates, records and returns the message.

The loan must be visible to the caller (``X-User``/``X-Role``/``X-Org``, see the loans routes);
``prefecture-review-result`` is entered by the prefecture or, on its behalf, the city office.
An ``Idempotency-Key`` header (or ``idempotency_key`` in the body) makes a retry return the first
result with status 200 instead of 201.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Response
from pydantic import BaseModel

from services import loans
from services.api.deps import ClockDep, SessionDep
from services.api.routes.loans import PrincipalDep, require

router = APIRouter(prefix="/api/events", tags=["events"])


class EventMessage(BaseModel):
    """The message an event becomes (to publish to Zeebe) and whether this call was a replay."""

    eventId: int
    messageName: str
    correlationKey: str
    messageId: str
    variables: dict[str, Any]
    replayed: bool


@router.post("/{kind}", status_code=201)
def record_event(
    kind: loans.EventKind,
    data: loans.EventCreate,
    response: Response,
    session: SessionDep,
    clock: ClockDep,
    principal: PrincipalDep,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> EventMessage:
    """Validate and record an external event about a loan."""
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
    if recorded.replayed:
        response.status_code = 200
    event = recorded.event
    return EventMessage(
        eventId=recorded.event_id,
        messageName=event.message_name,
        correlationKey=event.correlation_key,
        messageId=event.message_id,
        variables=event.variables,
        replayed=recorded.replayed,
    )
