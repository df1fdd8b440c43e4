"""Repayments and interest events booked against a loan, each kept once per idempotency key."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from services import audit
from services.clock import Clock, business_today
from services.errors import Conflict, ValidationFailed
from services.loans.enums import InterestEventKind, LoanStatus
from services.loans.models import InterestEvent, Loan, Repayment
from services.loans.registry import loan_by_no, loan_public
from services.loans.schemas import (
    InterestEventCreate,
    InterestEventPublic,
    RepaymentCreate,
    RepaymentPublic,
)
from services.loans.uniqueness import flush_unique
from services.messaging.start_log import enqueue_interest_watch


def record_repayment(
    loan_no: str, data: RepaymentCreate, *, session: Session, clock: Clock, actor: str
) -> RepaymentPublic:
    """Book a repayment; full repayment of the principal marks the loan REPAID.

    Without ``data.idempotency_key`` the key is derived from the content, so booking the same
    repayment twice (same date and amounts) is a no-op. A reused key with different content is
    refused.

    Raises:
        NotFound: the loan is unknown.
        ValidationFailed: both amounts zero, a date in the future or before disbursement, or
            more principal than is outstanding.
        Conflict: the key was used for a different repayment.
    """
    loan = loan_by_no(session, loan_no, for_update=True)
    key = (
        data.idempotency_key or f"repayment:{loan_no}:{data.paid_on}:{data.principal_fen}:{data.interest_fen}"
    )
    existing = session.scalar(select(Repayment).where(Repayment.idempotency_key == key))
    if existing is not None:
        return _replayed(existing, loan, data, key)
    _check_repayment(loan, data, today=business_today(clock))
    repayment = Repayment(
        loan_id=loan.id,
        paid_on=data.paid_on,
        principal_fen=data.principal_fen,
        interest_fen=data.interest_fen,
        idempotency_key=key,
        recorded_at=clock.now(),
    )
    session.add(repayment)
    loan.repaid_principal_fen += data.principal_fen
    if loan.outstanding_principal_fen == 0 and loan.status in (LoanStatus.ACTIVE, LoanStatus.DEFAULTED):
        loan.status = LoanStatus.REPAID
    flush_unique(session, what=f"repayment {key!r}")
    public = RepaymentPublic.model_validate(repayment)
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="loan.repayment",
        object_type="loan",
        object_id=loan_no,
        detail={**public.model_dump(mode="json"), "status": loan.status.value},
    )
    return public


def _replayed(existing: Repayment, loan: Loan, data: RepaymentCreate, key: str) -> RepaymentPublic:
    same = (
        existing.loan_id == loan.id
        and existing.paid_on == data.paid_on
        and existing.principal_fen == data.principal_fen
        and existing.interest_fen == data.interest_fen
    )
    if not same:
        raise Conflict(
            f"idempotency key {key!r} was already used for a different repayment", idempotency_key=key
        )
    return RepaymentPublic.model_validate(existing)


def _check_repayment(loan: Loan, data: RepaymentCreate, *, today: date) -> None:
    if data.principal_fen == 0 and data.interest_fen == 0:
        raise ValidationFailed(
            "a repayment needs a positive principal_fen or interest_fen", field="principal_fen"
        )
    _check_date(loan, data.paid_on, today=today, field="paid_on")
    if data.principal_fen > loan.outstanding_principal_fen:
        raise ValidationFailed(
            f"principal {data.principal_fen} fen exceeds the {loan.outstanding_principal_fen} fen outstanding "
            f"on loan {loan.loan_no}",
            field="principal_fen",
        )


def _check_date(loan: Loan, day: date, *, today: date, field: str) -> None:
    if day > today:
        raise ValidationFailed(f"{field} {day} is in the future (today is {today})", field=field)
    if day < loan.disbursed_on:
        raise ValidationFailed(
            f"{field} {day} is before the loan was disbursed on {loan.disbursed_on}", field=field
        )


def repayments_of(loan_no: str, *, session: Session) -> list[RepaymentPublic]:
    """Repayments of a loan in date order.

    Raises:
        NotFound: the loan is unknown.
    """
    loan = loan_by_no(session, loan_no)
    stmt = select(Repayment).where(Repayment.loan_id == loan.id).order_by(Repayment.paid_on, Repayment.id)
    return [RepaymentPublic.model_validate(r) for r in session.scalars(stmt)]


def record_interest_event(
    loan_no: str, data: InterestEventCreate, *, session: Session, clock: Clock, actor: str
) -> InterestEventPublic:
    """Record that an interest instalment fell due, was paid or was missed; a missed one queues
    the interest watch (第十七条第2项) of that due date in the same transaction.

    Raises:
        NotFound: the loan is unknown.
        ValidationFailed: a date in the future or before disbursement.
        Conflict: the key was used for a different event.
    """
    loan = loan_by_no(session, loan_no)
    key = data.idempotency_key or f"interest:{loan_no}:{data.kind.value}:{data.due_on}:{data.occurred_on}"
    existing = session.scalar(select(InterestEvent).where(InterestEvent.idempotency_key == key))
    if existing is not None:
        if (existing.loan_id, existing.kind, existing.due_on, existing.amount_fen) != (
            loan.id,
            data.kind,
            data.due_on,
            data.amount_fen,
        ):
            raise Conflict(
                f"idempotency key {key!r} was already used for a different interest event",
                idempotency_key=key,
            )
        return InterestEventPublic.model_validate(existing)
    _check_date(loan, data.occurred_on, today=business_today(clock), field="occurred_on")
    event = InterestEvent(
        loan_id=loan.id,
        kind=data.kind,
        due_on=data.due_on,
        occurred_on=data.occurred_on,
        amount_fen=data.amount_fen,
        idempotency_key=key,
        recorded_at=clock.now(),
    )
    session.add(event)
    flush_unique(session, what=f"interest event {key!r}")
    public = InterestEventPublic.model_validate(event)
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action=f"loan.interest.{data.kind.value.lower()}",
        object_type="loan",
        object_id=loan_no,
        detail=public.model_dump(mode="json"),
    )
    if data.kind is InterestEventKind.MISSED:
        enqueue_interest_watch(
            loan.id, loan_public(loan), data.due_on, session=session, clock=clock, actor=actor
        )
    return public


def interest_events_of(loan_no: str, *, session: Session) -> list[InterestEventPublic]:
    """Interest events of a loan in the order they were recorded.

    Raises:
        NotFound: the loan is unknown.
    """
    loan = loan_by_no(session, loan_no)
    stmt = select(InterestEvent).where(InterestEvent.loan_id == loan.id).order_by(InterestEvent.id)
    return [InterestEventPublic.model_validate(e) for e in session.scalars(stmt)]
