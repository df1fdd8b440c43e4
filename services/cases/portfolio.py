"""Read-only views of the whole portfolio: what the on-site inspection covers (第十条) and the
figures put before the joint meeting (第六条).

``as_of`` selects the loans disbursed by that day; statuses and balances are the current ones.
Risk signals are counted over the half year ending ``as_of`` (the period between two meetings).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.cases.enums import CaseStatus, SignalGrade
from services.cases.tables import DefaultCaseRow, RiskSignalRow
from services.loans.enums import LoanStatus
from services.loans.models import Bank, Loan, Township

INSPECTED_STATUSES = (LoanStatus.ACTIVE, LoanStatus.DEFAULTED)
SIGNAL_PERIOD_DAYS = 183


def plan_inspection(*, session: Session, as_of: date) -> list[str]:
    """Codes of the townships with an active or defaulted loan disbursed by ``as_of``, sorted."""
    stmt = (
        select(Township.code)
        .join(Loan, Loan.township_id == Township.id)
        .where(Loan.status.in_(INSPECTED_STATUSES), Loan.disbursed_on <= as_of)
        .distinct()
    )
    return sorted(session.scalars(stmt))


def _totals() -> dict[str, int]:
    return {"loanCount": 0, "principalFen": 0, "outstandingPrincipalFen": 0}


def _add(totals: dict[str, int], loan: Loan) -> None:
    totals["loanCount"] += 1
    totals["principalFen"] += loan.principal_fen
    totals["outstandingPrincipalFen"] += loan.outstanding_principal_fen


def portfolio_summary(*, session: Session, as_of: date) -> dict[str, Any]:
    """Counts and fen sums of the portfolio, in total, by loan status and by bank (JSON-safe).

    Shape: ``{asOf, loanCount, principalFen, outstandingPrincipalFen, byStatus: {STATUS: totals},
    byBank: [{bankCode, bankName, ...totals, byStatus: {STATUS: count}}], openDefaultCases,
    riskSignals: {since, RED, ORANGE, YELLOW}}``; ``byBank`` lists every bank, by code.
    """
    overall = _totals()
    by_status = {status.value: _totals() for status in LoanStatus}
    banks = {bank.code: bank for bank in session.scalars(select(Bank).order_by(Bank.code))}
    by_bank: dict[str, dict[str, Any]] = {
        code: {"bankCode": code, "bankName": bank.name, **_totals(), "byStatus": dict.fromkeys(LoanStatus, 0)}
        for code, bank in banks.items()
    }
    for loan in session.scalars(select(Loan).where(Loan.disbursed_on <= as_of)):
        _add(overall, loan)
        _add(by_status[loan.status.value], loan)
        row = by_bank[loan.bank.code]
        _add(row, loan)
        row["byStatus"][loan.status] += 1
    for row in by_bank.values():
        row["byStatus"] = {status.value: count for status, count in row["byStatus"].items()}
    return {
        "asOf": as_of.isoformat(),
        **overall,
        "byStatus": by_status,
        "byBank": list(by_bank.values()),
        "openDefaultCases": _open_cases(session),
        "riskSignals": _signal_counts(session, as_of),
    }


def _open_cases(session: Session) -> int:
    stmt = select(func.count(DefaultCaseRow.id)).where(DefaultCaseRow.status == CaseStatus.OPEN.value)
    return int(session.scalar(stmt) or 0)


def _signal_counts(session: Session, as_of: date) -> dict[str, Any]:
    since = as_of - timedelta(days=SIGNAL_PERIOD_DAYS - 1)
    stmt = (
        select(RiskSignalRow.grade, func.count(RiskSignalRow.id))
        .where(RiskSignalRow.signal_date >= since, RiskSignalRow.signal_date <= as_of)
        .group_by(RiskSignalRow.grade)
    )
    counts: dict[str, Any] = {grade.value: 0 for grade in SignalGrade}
    counts.update({grade: int(n) for grade, n in session.execute(stmt)})
    return {"since": since.isoformat(), **counts}
