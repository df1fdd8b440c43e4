"""The state of the process-start outbox: which processes the registry has asked to start, for
which loan, and whether the engine has created them yet.

A start is queued in the same transaction as the registry write that calls for it (a loan
registered, an interest instalment missed), so neither can be kept without the other. Delivery
is :mod:`services.messaging.start_outbox`'s; this module only keeps the rows. Each row is
unique by its ``business_key`` (process, loan and what distinguishes one start of that process
for that loan from another), and once ``started_at`` is set it is never started again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Integer,
    String,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from services import audit
from services.clock import Clock
from services.db import Base
from services.errors import NotFound
from services.loans.schemas import LoanPublic
from services.loans.uniqueness import flush_unique
from services.loans.variables import loan_variables
from services.messaging.starter import START_KEY_VARIABLE

MAX_ERROR_CHARS = 1000
MATURITY_REMINDER = "loan-maturity-reminder"
INTEREST_WATCH = "loan-interest-watch"

_ID = BigInteger().with_variant(Integer, "sqlite")


class ProcessStart(Base):
    """One process instance to create for a loan, and what became of the tries so far."""

    __tablename__ = "loan_process_starts"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"), index=True)
    bpmn_process_id: Mapped[str] = mapped_column(String(64))
    business_key: Mapped[str] = mapped_column(String(200), unique=True)
    variables: Mapped[dict[str, Any]] = mapped_column(JSON)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    process_instance_key: Mapped[int | None] = mapped_column(BigInteger)
    start_error: Mapped[str | None] = mapped_column(String(MAX_ERROR_CHARS))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class PendingStart:
    """A queued start not yet made; ``attempts`` counts the tries before this one."""

    start_id: int
    business_key: str
    bpmn_process_id: str
    variables: dict[str, Any]
    attempts: int


def maturity_reminder_key(loan_no: str) -> str:
    return f"{MATURITY_REMINDER}:{loan_no}"


def interest_watch_key(loan_no: str, due_on: date) -> str:
    return f"{INTEREST_WATCH}:{loan_no}:{due_on.isoformat()}"


def enqueue_maturity_reminder(
    loan_id: int, loan: LoanPublic, *, session: Session, clock: Clock, actor: str
) -> int:
    """Queue the maturity reminder (第十六条) of a newly registered loan; returns the row id."""
    return enqueue_start(
        loan_id,
        MATURITY_REMINDER,
        loan_variables(loan),
        business_key=maturity_reminder_key(loan.loan_no),
        session=session,
        clock=clock,
        actor=actor,
    )


def enqueue_interest_watch(
    loan_id: int, loan: LoanPublic, due_on: date, *, session: Session, clock: Clock, actor: str
) -> int:
    """Queue the interest watch (第十七条第2项) of an instalment due ``due_on`` and missed.

    One watch per loan and due date: the same instalment reported missed twice watches once.
    """
    return enqueue_start(
        loan_id,
        INTEREST_WATCH,
        {**loan_variables(loan), "interestDueDate": due_on.isoformat()},
        business_key=interest_watch_key(loan.loan_no, due_on),
        session=session,
        clock=clock,
        actor=actor,
    )


def enqueue_start(
    loan_id: int,
    bpmn_process_id: str,
    variables: dict[str, Any],
    *,
    business_key: str,
    session: Session,
    clock: Clock,
    actor: str,  # the caller's own audit entry names the actor
) -> int:
    """Queue a start once per ``business_key`` in the caller's transaction; returns the row id.

    A key already queued (started or not) is left as it is. The instance gets the key as its
    ``startKey`` variable, so a later try can find what an earlier one created.
    """
    existing = session.scalar(select(ProcessStart.id).where(ProcessStart.business_key == business_key))
    if existing is not None:
        return existing
    row = ProcessStart(
        loan_id=loan_id,
        bpmn_process_id=bpmn_process_id,
        business_key=business_key,
        variables={**variables, START_KEY_VARIABLE: business_key},
        queued_at=clock.now().astimezone(UTC),
        attempts=0,
    )
    session.add(row)
    flush_unique(session, what=f"process start {business_key!r}")
    # No audit entry of its own: the registry write that queues it is audited in this transaction.
    return row.id


class ProcessStartPublic(BaseModel):
    """A process queued for a loan: started yet (with the instance), or why not."""

    model_config = ConfigDict(frozen=True)

    bpmn_process_id: str
    business_key: str
    started: bool
    process_instance_key: int | None
    started_at: datetime | None
    start_error: str | None
    attempts: int


def starts_of(loan_id: int, *, session: Session) -> list[ProcessStartPublic]:
    """The starts queued for a loan, oldest first, with their state."""
    stmt = select(ProcessStart).where(ProcessStart.loan_id == loan_id).order_by(ProcessStart.id)
    return [
        ProcessStartPublic(
            bpmn_process_id=row.bpmn_process_id,
            business_key=row.business_key,
            started=row.started_at is not None,
            process_instance_key=row.process_instance_key,
            started_at=_aware(row.started_at) if row.started_at else None,
            start_error=row.start_error,
            attempts=row.attempts,
        )
        for row in session.scalars(stmt)
    ]


def unstarted(
    *, session: Session, after_id: int | None = None, loan_id: int | None = None, limit: int | None = None
) -> list[int]:
    """Ids of queued starts not made yet, oldest first (only those after ``after_id`` / of a loan)."""
    stmt = select(ProcessStart.id).where(ProcessStart.started_at.is_(None)).order_by(ProcessStart.id)
    if after_id is not None:
        stmt = stmt.where(ProcessStart.id > after_id)
    if loan_id is not None:
        stmt = stmt.where(ProcessStart.loan_id == loan_id)
    return list(session.scalars(stmt.limit(limit)))


def last_start_id(*, session: Session) -> int:
    """The newest queued start's id (0 when none): what a later delivery can start after."""
    return int(session.scalar(select(func.coalesce(func.max(ProcessStart.id), 0))) or 0)


def claim(start_id: int, *, session: Session, clock: Clock, lease: timedelta) -> PendingStart | None:
    """Take a queued start for one try, so a concurrent delivery leaves it alone for ``lease``.

    Returns None when it is started already or another delivery holds it. The claim is one
    conditional update, atomic on SQLite and PostgreSQL alike; a delivery that dies while holding
    it only delays the start until the lease runs out.
    """
    now = clock.now().astimezone(UTC)
    row = session.get(ProcessStart, start_id)
    if row is None:
        raise NotFound(f"no queued process start with id {start_id}", start_id=start_id)
    tries_before = row.attempts
    taken = session.execute(
        update(ProcessStart)
        .where(
            ProcessStart.id == start_id,
            ProcessStart.started_at.is_(None),
            ProcessStart.attempts == tries_before,
            or_(ProcessStart.claimed_until.is_(None), ProcessStart.claimed_until <= now),
        )
        .values(claimed_until=now + lease, attempts=tries_before + 1, last_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return PendingStart(start_id, row.business_key, row.bpmn_process_id, dict(row.variables), tries_before)


def mark_started(start_id: int, instance_key: int, *, session: Session, clock: Clock, actor: str) -> datetime:
    """Note the instance the engine created; a start already marked keeps its first instance."""
    row = _row(session, start_id)
    if row.started_at is not None:
        return _aware(row.started_at)
    now = clock.now().astimezone(UTC)
    row.started_at, row.process_instance_key = now, instance_key
    row.start_error, row.claimed_until = None, None
    _audit(session, row, "process.started", clock=clock, actor=actor, process_instance_key=instance_key)
    return now


def mark_start_failed(start_id: int, error: str, *, session: Session, clock: Clock, actor: str) -> None:
    """Keep why the start failed and release the claim; the row waits for the next try."""
    row = _row(session, start_id)
    if row.started_at is not None:
        return  # a concurrent try got through; its success stands
    row.start_error, row.claimed_until = error[:MAX_ERROR_CHARS], None
    _audit(session, row, "process.start-failed", clock=clock, actor=actor, error=error)


def _row(session: Session, start_id: int) -> ProcessStart:
    row = session.get(ProcessStart, start_id, with_for_update=True, populate_existing=True)
    if row is None:
        raise NotFound(f"no queued process start with id {start_id}", start_id=start_id)
    return row


def _audit(
    session: Session, row: ProcessStart, action: str, *, clock: Clock, actor: str, **detail: object
) -> None:
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action=action,
        object_type="loan",
        object_id=str(row.variables.get("loanNo", row.loan_id)),
        detail={"business_key": row.business_key, "start_id": row.id, "attempts": row.attempts, **detail},
    )


def _aware(instant: datetime) -> datetime:
    # SQLite hands back the stored UTC instants without their zone.
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant
