"""Values the cases package returns: default cases, repayment state, claims and risk signals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from services.cases.enums import CaseStatus, SignalGrade, SignalSource
from services.loans.triggers import DefaultTrigger


@dataclass(frozen=True)
class DefaultCase:
    """A default case.

    Attributes:
        case_id: The case's id (``defaultCaseId`` on the diagrams).
        loan_no: The defaulted loan.
        trigger: The 第十七条 item that put the loan in default.
        trigger_date: The business date of the default.
        status: OPEN until the case ends.
        opened_at: When the case was recorded.
        replayed: True when this call returned an existing case instead of opening one.
    """

    case_id: int
    loan_no: str
    trigger: DefaultTrigger
    trigger_date: date
    status: CaseStatus
    opened_at: datetime
    replayed: bool = False


@dataclass(frozen=True)
class RepaymentState:
    """Whether a loan is paid off.

    Attributes:
        settled: No principal is outstanding.
        outstanding_principal_fen: Principal still owed, in fen.
    """

    settled: bool
    outstanding_principal_fen: int


@dataclass(frozen=True)
class Claim:
    """The compensation claim of a defaulted loan (第二十一条); see docs/cases.md for the formula.

    Attributes:
        principal_loss_fen: Principal outstanding at the trigger date.
        interest_loss_fen: Unpaid in-term interest on it (no penalty interest after maturity).
        earlier_recoveries_fen: Principal and interest repaid on or after the trigger date.
        claim_fen: ``principal + interest − recoveries``, never below zero.
        interest_from: First day of the interest period (exclusive end of what was paid).
        interest_to: Last day of the interest period: the earlier of maturity and the trigger date.
        interest_days: Days in the period (actual/360 day count).
    """

    principal_loss_fen: int
    interest_loss_fen: int
    earlier_recoveries_fen: int
    claim_fen: int
    interest_from: date
    interest_to: date
    interest_days: int


@dataclass(frozen=True)
class RiskSignal:
    """A recorded risk signal.

    Attributes:
        signal_id: The signal's id (``signalId`` on the diagrams).
        loan_no: The loan concerned, if any.
        category: A 第十七条 trigger name, ``INSPECTION_FINDING``, ``DEADLINE_MISSED`` or another.
        grade: RED, ORANGE or YELLOW (第十三条).
        source: Where the signal came from.
        default_trigger: The trigger the grading table named, if any.
        description: What was observed.
        signal_date: The business date of the signal.
        recorded_at: When it was recorded.
        detail: Further facts by name (overdue days, the missed deadline...).
        replayed: True when this call replayed an earlier request with the same idempotency key.
    """

    signal_id: int
    loan_no: str | None
    category: str
    grade: SignalGrade
    source: SignalSource
    default_trigger: DefaultTrigger | None
    description: str
    signal_date: date
    recorded_at: datetime
    detail: dict[str, Any] = field(default_factory=dict)
    replayed: bool = False
