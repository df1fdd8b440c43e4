"""Interest a borrower owes on a given day, from the registry's facts alone.

The registry keeps no repayment schedule, only what happened: instalments that fell due, were
paid or were missed, and repayments with their interest part. What is owed on a day is

* every recorded instalment (due on or before that day) not covered by payments for it, plus
* interest accrued since the last recorded instalment (or since disbursement), on the principal
  balance of each day, up to that day but never past maturity — 第二十一条 counts in-term interest
  only, and the papers follow it — less interest already paid with repayments in that stretch.

The daily rate is the annual rate / 360, as 人民银行 rules for RMB loans set it; fractions of a
fen are rounded half up once, on the total of the stretch.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from services.dossier.snapshot import InterestFact, LoanSnapshot, RepaymentFact
from services.loans.enums import InterestEventKind

DAYS_PER_YEAR = 360
"""Day-count basis of the daily rate for RMB loans."""


def unpaid_instalments_fen(events: tuple[InterestFact, ...], as_of: date) -> tuple[int, date | None]:
    """Recorded instalments due by ``as_of`` and not paid, and the latest such due date."""
    owed: dict[date, int] = defaultdict(int)
    paid: dict[date, int] = defaultdict(int)
    for event in events:
        if event.due_on > as_of:
            continue
        if event.kind is InterestEventKind.PAID:
            paid[event.due_on] += event.amount_fen
        else:  # DUE and MISSED describe the same instalment: the larger amount is what fell due
            owed[event.due_on] = max(owed[event.due_on], event.amount_fen)
    unpaid = sum(max(amount - paid[due], 0) for due, amount in owed.items())
    last = max([*owed, *paid], default=None)
    return unpaid, last


def _balance_after(principal_fen: int, repayments: tuple[RepaymentFact, ...], day: date) -> int:
    return principal_fen - sum(r.principal_fen for r in repayments if r.paid_on <= day)


def accrued_fen(snapshot: LoanSnapshot, start: date, end: date) -> int:
    """Interest for the days after ``start`` up to ``end`` on each day's opening balance."""
    if end <= start:
        return 0
    points = sorted({start, end, *(r.paid_on for r in snapshot.repayments if start < r.paid_on < end)})
    numerator = 0  # fen × basis points × days
    for begin, finish in zip(points, points[1:], strict=False):
        balance = _balance_after(snapshot.principal_fen, snapshot.repayments, begin)
        numerator += max(balance, 0) * snapshot.annual_rate_bp * (finish - begin).days
    denominator = 10_000 * DAYS_PER_YEAR
    return (2 * numerator + denominator) // (2 * denominator)


def interest_owed_fen(snapshot: LoanSnapshot, as_of: date) -> int:
    """In-term interest the borrower owes on ``as_of`` (see the module docstring)."""
    unpaid, last_due = unpaid_instalments_fen(snapshot.interest_events, as_of)
    start = max(last_due or snapshot.disbursed_on, snapshot.disbursed_on)
    end = min(as_of, snapshot.matures_on)
    accrued = accrued_fen(snapshot, start, end)
    paid = sum(r.interest_fen for r in snapshot.repayments if start < r.paid_on <= as_of)
    return unpaid + max(accrued - paid, 0)
