"""Validating and recording external events (see :mod:`services.loans.events`).

Recording is idempotent: the first record of a key is kept with the message it produced, and a
replay returns that same message, so publishing it again is safe (the broker drops a duplicate
``message_id``). A repayment or interest payment is also booked in the registry.

Each recorded event gets an outbox row (:class:`EventPublication`) in the same transaction: it
says whether the message has reached the engine yet and why the last try failed. Delivery itself
is :mod:`services.messaging`'s; this module only keeps the state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from services import audit
from services.clock import Clock
from services.db import Base
from services.errors import Conflict, NotFound
from services.loans.enums import InterestEventKind
from services.loans.events import (
    EventCreate,
    EventKind,
    ValidatedEvent,
    build_event,
    correlation_key,
    derived_key,
)
from services.loans.models import LoanEvent
from services.loans.registry import loan_by_no
from services.loans.repayments import record_interest_event, record_repayment
from services.loans.schemas import InterestEventCreate, RepaymentCreate
from services.loans.uniqueness import flush_unique

MAX_ERROR_CHARS = 1000


class EventPublication(Base):
    """The outbox state of one recorded event: published to the engine yet, and the last error."""

    __tablename__ = "loan_event_publications"

    event_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("loan_events.id"), primary_key=True
    )
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    publish_error: Mapped[str | None] = mapped_column(String(MAX_ERROR_CHARS))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class RecordedEvent:
    """A recorded event: its row id, the message to publish, whether it was a replay, and when
    its message reached the engine (None while it has not)."""

    event_id: int
    event: ValidatedEvent
    replayed: bool
    published_at: datetime | None = None
    publish_error: str | None = None


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
        outbox = session.get(EventPublication, existing.id)
        return RecordedEvent(
            event_id=existing.id,
            event=_stored(existing),
            replayed=True,
            published_at=_aware(outbox.published_at) if outbox and outbox.published_at else None,
            publish_error=outbox.publish_error if outbox else None,
        )
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
    session.add(EventPublication(event_id=row.id, attempts=0))
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
        correlation_key=correlation_key(kind, loan_no, row.idempotency_key),
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


def unpublished_events(*, session: Session, limit: int | None = None) -> list[tuple[int, ValidatedEvent]]:
    """Recorded events whose message has not reached the engine, oldest first, with their ids."""
    stmt = (
        select(LoanEvent)
        .join(EventPublication, EventPublication.event_id == LoanEvent.id)
        .where(EventPublication.published_at.is_(None))
        .order_by(LoanEvent.id)
        .limit(limit)
    )
    return [(row.id, _stored(row)) for row in session.scalars(stmt)]


def mark_published(event_id: int, *, session: Session, clock: Clock, actor: str) -> datetime:
    """Note that the event's message reached the engine; a second call keeps the first instant.

    Raises:
        NotFound: no recorded event has this id.
    """
    outbox = _outbox(session, event_id)
    if outbox.published_at is not None:
        return _aware(outbox.published_at)
    now = clock.now().astimezone(UTC)
    outbox.published_at, outbox.publish_error = now, None
    outbox.attempts += 1
    outbox.last_attempt_at = now
    _audit_publication(
        session, event_id, "event.published", clock=clock, actor=actor, attempts=outbox.attempts
    )
    return now


def mark_publish_failed(event_id: int, error: str, *, session: Session, clock: Clock, actor: str) -> None:
    """Keep why publishing failed; the event stays in the outbox for the next try.

    Raises:
        NotFound: no recorded event has this id.
    """
    outbox = _outbox(session, event_id)
    if outbox.published_at is not None:
        return  # a concurrent try got through; its success stands
    outbox.publish_error = error[:MAX_ERROR_CHARS]
    outbox.attempts += 1
    outbox.last_attempt_at = clock.now().astimezone(UTC)
    _audit_publication(
        session,
        event_id,
        "event.publish-failed",
        clock=clock,
        actor=actor,
        attempts=outbox.attempts,
        error=error,
    )


def _aware(instant: datetime) -> datetime:
    # SQLite hands back the stored UTC instants without their zone.
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant


def _outbox(session: Session, event_id: int) -> EventPublication:
    event = session.get(LoanEvent, event_id)
    if event is None:
        raise NotFound(f"no recorded event with id {event_id}", event_id=event_id)
    outbox = session.get(EventPublication, event_id, with_for_update=True)
    if outbox is None:  # recorded before the outbox existed and not backfilled
        outbox = EventPublication(event_id=event_id, attempts=0)
        session.add(outbox)
    return outbox


def _audit_publication(
    session: Session, event_id: int, action: str, *, clock: Clock, actor: str, **detail: object
) -> None:
    event = session.get(LoanEvent, event_id)
    assert event is not None
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action=action,
        object_type="loan",
        object_id=str(event.payload["variables"]["loanNo"]),
        detail={"idempotency_key": event.idempotency_key, "event_id": event_id, **detail},
    )
