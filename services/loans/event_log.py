"""Validating and recording external events (see :mod:`services.loans.events`).

Recording is idempotent: the first record of a key is kept with the message it produced, and a
replay returns that same message, so publishing it again is safe (the broker drops a duplicate
``message_id``). A repayment or interest payment is also booked in the registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from services import audit
from services.clock import Clock
from services.errors import Conflict
from services.loans.enums import InterestEventKind
from services.loans.events import EventCreate, EventKind, ValidatedEvent, build_event, derived_key
from services.loans.models import LoanEvent
from services.loans.registry import loan_by_no
from services.loans.repayments import record_interest_event, record_repayment
from services.loans.schemas import InterestEventCreate, RepaymentCreate
from services.loans.uniqueness import flush_unique


@dataclass(frozen=True)
class RecordedEvent:
    """A recorded event: its row id, the message to publish, and whether it was a replay."""

    event_id: int
    event: ValidatedEvent
    replayed: bool


def validate_event(kind: EventKind, data: EventCreate, *, session: Session, clock: Clock) -> ValidatedEvent:
    """Check an event and describe the message it becomes, without recording anything.

    Raises:
        NotFound: the loan is unknown.
        ValidationFailed: listing every field at fault.
    """
    return build_event(kind, data, loan_by_no(session, data.loan_no), clock=clock)


def record_event(
    kind: EventKind, data: EventCreate, *, session: Session, clock: Clock, actor: str
) -> RecordedEvent:
    """Validate and keep an event once per idempotency key, booking repayments it carries.

    Raises:
        NotFound: the loan is unknown.
        ValidationFailed: listing every field at fault.
        Conflict: the idempotency key was used for a different event.
    """
    key = data.idempotency_key or derived_key(kind, data)
    data = data.model_copy(update={"idempotency_key": key})
    given = data.model_dump(mode="json")
    # Lock the loan first so a concurrent duplicate waits here and then finds the first record.
    loan = loan_by_no(session, data.loan_no, for_update=True)
    existing = session.scalar(select(LoanEvent).where(LoanEvent.idempotency_key == key))
    if existing is not None:
        if existing.kind != kind.value or existing.payload["input"] != given:
            raise Conflict(
                f"idempotency key {key!r} was already used for a different event", idempotency_key=key
            )
        return RecordedEvent(event_id=existing.id, event=_stored(existing), replayed=True)
    event = build_event(kind, data, loan, clock=clock)
    _book(kind, data, session=session, clock=clock, actor=actor)
    row = LoanEvent(
        idempotency_key=key,
        kind=kind.value,
        loan_id=loan.id,
        event_date=data.event_date,
        payload={"input": given, "variables": event.variables},
        actor=actor,
        recorded_at=clock.now(),
    )
    session.add(row)
    flush_unique(session, what=f"event {key!r}")
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action=f"event.{kind.value}",
        object_type="loan",
        object_id=loan.loan_no,
        detail={"idempotency_key": key, "variables": event.variables},
    )
    return RecordedEvent(event_id=row.id, event=event, replayed=False)


def _book(kind: EventKind, data: EventCreate, *, session: Session, clock: Clock, actor: str) -> None:
    key = f"event:{data.idempotency_key}"
    if kind is EventKind.REPAYMENT_RECORDED:
        repayment = RepaymentCreate(
            paid_on=data.event_date,
            principal_fen=data.amount_fen or 0,
            interest_fen=data.interest_fen or 0,
            idempotency_key=key,
        )
        record_repayment(data.loan_no, repayment, session=session, clock=clock, actor=actor)
    elif kind is EventKind.INTEREST_PAID:
        paid = InterestEventCreate(
            kind=InterestEventKind.PAID,
            due_on=data.due_date or data.event_date,
            occurred_on=data.event_date,
            amount_fen=data.amount_fen or 0,
            idempotency_key=key,
        )
        record_interest_event(data.loan_no, paid, session=session, clock=clock, actor=actor)


def _stored(row: LoanEvent) -> ValidatedEvent:
    kind = EventKind(row.kind)
    loan_no = str(row.payload["variables"]["loanNo"])
    return ValidatedEvent(
        kind=kind,
        message_name=kind.message_name,
        correlation_key=loan_no,
        variables=dict(row.payload["variables"]),
        idempotency_key=row.idempotency_key,
    )


def events_of(loan_no: str, *, session: Session) -> list[ValidatedEvent]:
    """The recorded events of a loan, oldest first.

    Raises:
        NotFound: the loan is unknown.
    """
    loan = loan_by_no(session, loan_no)
    stmt = select(LoanEvent).where(LoanEvent.loan_id == loan.id).order_by(LoanEvent.id)
    return [_stored(row) for row in session.scalars(stmt)]
