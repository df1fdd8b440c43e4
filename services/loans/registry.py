"""The loan registry: registering loans, reading them back, and moving them through their
lifecycle (:class:`~services.loans.enums.LoanStatus`)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from services import audit
from services.clock import Clock, business_today
from services.db import immediate_transaction
from services.errors import Conflict, NotFound, ValidationFailed
from services.loans.blacklist import ensure_not_blacklisted
from services.loans.borrowers import borrower_by_identifier, parties_of
from services.loans.enums import ALLOWED_STATUS_CHANGES, LoanStatus
from services.loans.models import Loan
from services.loans.reference import bank_by_code, township_by_code, village_in
from services.loans.schemas import BorrowerPublic, LoanCreate, LoanPublic
from services.loans.triggers import DefaultTrigger
from services.loans.uniqueness import flush_unique
from services.messaging.start_log import enqueue_maturity_reminder


def register_loan(data: LoanCreate, *, session: Session, clock: Clock, actor: str) -> LoanPublic:
    """Register a disbursed loan for an already registered borrower, and queue its maturity
    reminder (第十六条) in the same transaction (:mod:`services.messaging` starts it after commit).

    Raises:
        ValidationFailed: unknown bank, township, village or borrower; dates out of order or in
            the future.
        Conflict: the loan number is taken, or the borrower, its legal representative or a
            shareholder is blacklisted (the message names the listing).
    """
    if session.scalar(select(Loan.id).where(Loan.loan_no == data.loan_no)) is not None:
        raise Conflict(f"loan number {data.loan_no} is already registered", loan_no=data.loan_no)
    check_loan_dates(data.disbursed_on, data.matures_on, today=business_today(clock))
    try:
        borrower = borrower_by_identifier(session, data.borrower)
        bank = bank_by_code(session, data.bank_code)
        township = township_by_code(session, data.township_code)
        village = village_in(session, township, data.village_code) if data.village_code else None
    except NotFound as exc:
        raise ValidationFailed(exc.message, **exc.fields) from exc
    ensure_not_blacklisted(session, parties_of(borrower))
    loan = Loan(
        loan_no=data.loan_no,
        borrower=borrower,
        bank=bank,
        township=township,
        village=village,
        principal_fen=data.principal_fen,
        annual_rate_bp=data.annual_rate_bp,
        disbursed_on=data.disbursed_on,
        matures_on=data.matures_on,
        purpose=data.purpose.strip(),
        status=LoanStatus.ACTIVE,
        repaid_principal_fen=0,
        created_at=clock.now(),
    )
    session.add(loan)
    flush_unique(session, what=f"loan {data.loan_no}")
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="loan.register",
        object_type="loan",
        object_id=loan.loan_no,
        detail=data.model_dump(mode="json"),
    )
    public = loan_public(loan)
    enqueue_maturity_reminder(loan.id, public, session=session, clock=clock, actor=actor)
    return public


def check_loan_dates(disbursed_on: date, matures_on: date, *, today: date) -> None:
    """Refuse a maturity on or before disbursement, or a disbursement after ``today``.

    Raises:
        ValidationFailed: naming the offending field.
    """
    if matures_on <= disbursed_on:
        raise ValidationFailed(
            f"maturity date {matures_on} is not after disbursement date {disbursed_on}", field="matures_on"
        )
    if disbursed_on > today:
        raise ValidationFailed(
            f"disbursement date {disbursed_on} is in the future (today is {today})", field="disbursed_on"
        )


def loan_by_no(session: Session, loan_no: str, *, for_update: bool = False) -> Loan:
    """The loan with this number; ``for_update`` locks it until the transaction ends.

    Raises:
        NotFound: naming the loan number.
    """
    stmt = select(Loan).where(Loan.loan_no == loan_no)
    if for_update:
        # Serialises read-then-write on one loan: a row lock on PostgreSQL, the write lock on SQLite.
        immediate_transaction(session)
        stmt = stmt.with_for_update(of=Loan)
    loan = session.scalar(stmt)
    if loan is None:
        raise NotFound(f"unknown loan {loan_no!r}", loan_no=loan_no)
    return loan


def get_loan(loan_no: str, *, session: Session) -> LoanPublic:
    """The loan with this number (no visibility check: see :mod:`services.loans.scoping`).

    Raises:
        NotFound: naming the loan number.
    """
    return loan_public(loan_by_no(session, loan_no))


def loan_public(loan: Loan) -> LoanPublic:
    return LoanPublic(
        loan_no=loan.loan_no,
        borrower=BorrowerPublic.model_validate(loan.borrower),
        bank_code=loan.bank.code,
        township_code=loan.township.code,
        village_code=loan.village.code if loan.village else None,
        principal_fen=loan.principal_fen,
        annual_rate_bp=loan.annual_rate_bp,
        disbursed_on=loan.disbursed_on,
        matures_on=loan.matures_on,
        purpose=loan.purpose,
        status=loan.status,
        default_trigger=loan.default_trigger,
        repaid_principal_fen=loan.repaid_principal_fen,
        outstanding_principal_fen=loan.outstanding_principal_fen,
    )


def set_loan_status(
    loan_no: str,
    status: LoanStatus,
    *,
    trigger: DefaultTrigger | None = None,
    note: str = "",
    session: Session,
    clock: Clock,
    actor: str,
) -> LoanPublic:
    """Move a loan to ``status``; setting the status it already has changes nothing.

    Args:
        trigger: required when ``status`` is DEFAULTED: which item of 第十七条 applies.
        note: free text kept in the audit log.

    Raises:
        NotFound: the loan is unknown.
        ValidationFailed: DEFAULTED without a trigger.
        Conflict: the move is not allowed from the current status.
    """
    loan = loan_by_no(session, loan_no, for_update=True)
    if loan.status is status:
        return loan_public(loan)
    if status is LoanStatus.DEFAULTED and trigger is None:
        raise ValidationFailed("a default needs its 第十七条 trigger", field="trigger")
    if status not in ALLOWED_STATUS_CHANGES[loan.status]:
        raise Conflict(
            f"loan {loan_no} is {loan.status.value} and cannot become {status.value}",
            loan_no=loan_no,
            status=loan.status.value,
        )
    before = loan.status
    loan.status = status
    if trigger is not None:
        loan.default_trigger = trigger
    session.flush()
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="loan.status",
        object_type="loan",
        object_id=loan_no,
        detail={
            "from": before.value,
            "to": status.value,
            "trigger": trigger.value if trigger else None,
            "note": note,
        },
    )
    return loan_public(loan)
