"""The compensation claim of a defaulted loan (第二十一条).

The risk fund pays "the principal and interest actually lost during the loan term", so:

* principal loss = principal outstanding at the trigger date (repayments dated before it deducted);
* interest loss = simple interest on that principal at the loan's annual rate, actual/360, over
  the days from the later of disbursement and the due date of the last paid instalment to the
  earlier of maturity and the trigger date — the first day counted, the last not (算头不算尾);
  nothing after maturity, so no penalty interest;
* earlier recoveries = principal and interest repaid on or after the trigger date, up to ``as_of``;
* claim = principal loss + interest loss − earlier recoveries, never below zero.

Interest is rounded once, half up to the fen, in integer arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.cases.lookup import current_case_row
from services.cases.results import Claim
from services.errors import ValidationFailed
from services.loans.enums import InterestEventKind
from services.loans.models import InterestEvent, Repayment
from services.loans.registry import loan_by_no

DAYS_PER_YEAR = 360
BASIS_POINTS = 10_000


@dataclass(frozen=True)
class Paid:
    """One repayment: its date and its principal and interest parts in fen."""

    paid_on: date
    principal_fen: int
    interest_fen: int


@dataclass(frozen=True)
class ClaimFacts:
    """What the claim is computed from (all dates business dates, money in fen)."""

    principal_fen: int
    annual_rate_bp: int
    disbursed_on: date
    matures_on: date
    trigger_date: date
    last_paid_due_on: date | None
    repayments: tuple[Paid, ...]


def div_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up, for a non-negative numerator."""
    if numerator < 0 or denominator <= 0:
        raise ValueError("div_half_up needs a non-negative numerator and a positive denominator")
    return (2 * numerator + denominator) // (2 * denominator)


def simple_interest_fen(principal_fen: int, annual_rate_bp: int, days: int) -> int:
    """Interest on ``principal_fen`` for ``days`` days at ``annual_rate_bp``, actual/360, half up."""
    return div_half_up(principal_fen * annual_rate_bp * days, BASIS_POINTS * DAYS_PER_YEAR)


def claim_from(facts: ClaimFacts, *, as_of: date) -> Claim:
    """The claim for ``facts`` as it stands on ``as_of`` (pure; see the module docstring).

    Raises:
        ValidationFailed: ``as_of`` before the trigger date.
    """
    if as_of < facts.trigger_date:
        raise ValidationFailed(
            f"as_of {as_of} is before the trigger date {facts.trigger_date}", field="as_of"
        )
    principal_loss = facts.principal_fen - sum(
        p.principal_fen for p in facts.repayments if p.paid_on < facts.trigger_date
    )
    interest_to = min(facts.matures_on, facts.trigger_date)
    interest_from = max(facts.disbursed_on, facts.last_paid_due_on or facts.disbursed_on)
    interest_from = min(interest_from, interest_to)
    days = (interest_to - interest_from).days
    interest_loss = simple_interest_fen(principal_loss, facts.annual_rate_bp, days)
    recoveries = sum(
        p.principal_fen + p.interest_fen for p in facts.repayments if facts.trigger_date <= p.paid_on <= as_of
    )
    return Claim(
        principal_loss_fen=principal_loss,
        interest_loss_fen=interest_loss,
        earlier_recoveries_fen=recoveries,
        claim_fen=max(principal_loss + interest_loss - recoveries, 0),
        interest_from=interest_from,
        interest_to=interest_to,
        interest_days=days,
    )


def compute_claim(loan_no: str, *, session: Session, as_of: date) -> Claim:
    """The claim of a loan in default, from its default case and its booked payments.

    Raises:
        NotFound: the loan is unknown or has no default case.
        ValidationFailed: ``as_of`` before the trigger date.
    """
    loan = loan_by_no(session, loan_no)
    case = current_case_row(session, loan)
    last_paid_due_on = session.scalar(
        select(func.max(InterestEvent.due_on)).where(
            InterestEvent.loan_id == loan.id, InterestEvent.kind == InterestEventKind.PAID
        )
    )
    repayments: Iterable[Repayment] = session.scalars(
        select(Repayment).where(Repayment.loan_id == loan.id).order_by(Repayment.paid_on, Repayment.id)
    )
    facts = ClaimFacts(
        principal_fen=loan.principal_fen,
        annual_rate_bp=loan.annual_rate_bp,
        disbursed_on=loan.disbursed_on,
        matures_on=loan.matures_on,
        trigger_date=case.trigger_date,
        last_paid_due_on=last_paid_due_on,
        repayments=tuple(Paid(r.paid_on, r.principal_fen, r.interest_fen) for r in repayments),
    )
    return claim_from(facts, as_of=as_of)
