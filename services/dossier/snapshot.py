"""What the registry knows about a loan at the moment a paper is issued, read once and frozen.

The document builders are pure functions of this snapshot, the process variables and the
organisations directory; this module is the only part of document assembly that reads the
database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.errors import NotFound
from services.loans import interest_events_of, repayments_of
from services.loans.enums import BorrowerKind, InterestEventKind, ListedAs
from services.loans.models import BlacklistEntry, BlacklistListing, Borrower
from services.loans.registry import loan_by_no


@dataclass(frozen=True, slots=True)
class RepaymentFact:
    """A booked repayment: principal and interest parts."""

    paid_on: date
    principal_fen: int
    interest_fen: int


@dataclass(frozen=True, slots=True)
class InterestFact:
    """An interest instalment that fell due, was paid or was missed."""

    kind: InterestEventKind
    due_on: date
    amount_fen: int


@dataclass(frozen=True, slots=True)
class LoanSnapshot:
    """A loan with its borrower, bank and place names, repayments and interest events."""

    loan_no: str
    borrower_name: str
    borrower_kind: BorrowerKind
    borrower_identifier: str
    bank_code: str
    bank_name: str
    township_code: str
    township_name: str
    village_name: str | None
    principal_fen: int
    annual_rate_bp: int
    disbursed_on: date
    matures_on: date
    purpose: str
    outstanding_principal_fen: int
    repayments: tuple[RepaymentFact, ...] = ()
    interest_events: tuple[InterestFact, ...] = ()


@dataclass(frozen=True, slots=True)
class ListedParty:
    """One party named by a blacklist listing (第十五条)."""

    entry_id: int
    name: str
    listed_as: ListedAs
    identifier: str
    reason: str
    borrower_identifier: str


def load_snapshot(session: Session, loan_no: str) -> LoanSnapshot:
    """The snapshot of a registered loan.

    Raises:
        NotFound: naming the loan number.
    """
    loan = loan_by_no(session, loan_no)
    repayments = tuple(
        RepaymentFact(r.paid_on, r.principal_fen, r.interest_fen)
        for r in repayments_of(loan_no, session=session)
    )
    events = tuple(
        InterestFact(e.kind, e.due_on, e.amount_fen) for e in interest_events_of(loan_no, session=session)
    )
    return LoanSnapshot(
        loan_no=loan.loan_no,
        borrower_name=loan.borrower.name,
        borrower_kind=loan.borrower.kind,
        borrower_identifier=loan.borrower.identifier,
        bank_code=loan.bank.code,
        bank_name=loan.bank.name,
        township_code=loan.township.code,
        township_name=loan.township.name,
        village_name=loan.village.name if loan.village else None,
        principal_fen=loan.principal_fen,
        annual_rate_bp=loan.annual_rate_bp,
        disbursed_on=loan.disbursed_on,
        matures_on=loan.matures_on,
        purpose=loan.purpose,
        outstanding_principal_fen=loan.outstanding_principal_fen,
        repayments=repayments,
        interest_events=events,
    )


def load_listed_parties(session: Session, entry_ids: Sequence[int]) -> list[ListedParty]:
    """The blacklist entries with these ids, in the order given.

    Raises:
        NotFound: naming every id that is not a blacklist entry.
    """
    stmt = (
        select(BlacklistEntry, BlacklistListing.reason, Borrower.identifier)
        .join(BlacklistListing, BlacklistEntry.listing_id == BlacklistListing.id)
        .join(Borrower, Borrower.id == BlacklistListing.borrower_id)
        .where(BlacklistEntry.id.in_(list(entry_ids)))
    )
    found: dict[int, ListedParty] = {}
    for entry, reason, borrower_identifier in session.execute(stmt):
        found[entry.id] = ListedParty(
            entry_id=entry.id,
            name=entry.name,
            listed_as=entry.listed_as,
            identifier=entry.identifier,
            reason=reason,
            borrower_identifier=borrower_identifier,
        )
    unknown = [i for i in entry_ids if i not in found]
    if unknown:
        raise NotFound(f"no blacklist entry with id {', '.join(map(str, unknown))}", entry_ids=unknown)
    return [found[i] for i in entry_ids]
