"""Shared reads: loans by number and the default case of a loan."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.cases.enums import CaseStatus
from services.cases.results import DefaultCase
from services.cases.tables import DefaultCaseRow
from services.errors import NotFound, ValidationFailed
from services.loans.models import Loan
from services.loans.triggers import DefaultTrigger


def open_case_row(session: Session, loan_id: int) -> DefaultCaseRow | None:
    """The loan's open case, if any (there is at most one)."""
    stmt = select(DefaultCaseRow).where(
        DefaultCaseRow.loan_id == loan_id, DefaultCaseRow.status == CaseStatus.OPEN.value
    )
    return session.scalars(stmt.order_by(DefaultCaseRow.id)).first()


def current_case_row(session: Session, loan: Loan) -> DefaultCaseRow:
    """The loan's open case, or else its latest case.

    Raises:
        NotFound: the loan has never been in a default case.
    """
    row = open_case_row(session, loan.id)
    if row is None:
        stmt = select(DefaultCaseRow).where(DefaultCaseRow.loan_id == loan.id)
        row = session.scalars(stmt.order_by(DefaultCaseRow.id.desc())).first()
    if row is None:
        raise NotFound(f"loan {loan.loan_no} has no default case", loan_no=loan.loan_no)
    return row


def utc(instant: datetime) -> datetime:
    """An instant as stored, back as an aware UTC datetime.

    Instants are stored in UTC; SQLite hands them back without a zone, PostgreSQL in the
    connection's zone, so both are brought to the same aware value here.
    """
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


def case_public(row: DefaultCaseRow, loan_no: str, *, replayed: bool) -> DefaultCase:
    return DefaultCase(
        case_id=row.id,
        loan_no=loan_no,
        trigger=DefaultTrigger(row.trigger),
        trigger_date=row.trigger_date,
        status=CaseStatus(row.status),
        opened_at=utc(row.opened_at),
        replayed=replayed,
    )


def loans_by_no(session: Session, loan_nos: list[str], *, field: str) -> dict[str, Loan]:
    """The loans with these numbers.

    Raises:
        ValidationFailed: naming ``field`` and every unknown number.
    """
    found = {
        loan.loan_no: loan for loan in session.scalars(select(Loan).where(Loan.loan_no.in_(set(loan_nos))))
    }
    unknown = [no for no in loan_nos if no not in found]
    if unknown:
        raise ValidationFailed(
            f"{field}: unknown loan number(s) {', '.join(unknown)}", field=field, unknown=unknown
        )
    return found


def check_key(idempotency_key: str) -> str:
    """The key, stripped.

    Raises:
        ValidationFailed: an empty key or one longer than 200 characters.
    """
    key = idempotency_key.strip()
    if not key or len(key) > 200:
        raise ValidationFailed("idempotency_key must have 1 to 200 characters", field="idempotency_key")
    return key
