"""Default cases (第十七条–第十八条), compensation claims (第二十一条) and risk signals
(第十二条–第十四条), with the portfolio views the inspection (第十条) and the joint meeting (第六条)
start from.

State-changing functions take keyword-only ``session``, ``clock`` and ``actor``, are idempotent on
an idempotency key, and write an audit entry in the caller's transaction. See docs/cases.md.
"""

from services.cases.claim import compute_claim
from services.cases.default_cases import check_repaid, default_case_of, open_default_case
from services.cases.enums import DEADLINE_MISSED, INSPECTION_FINDING, CaseStatus, SignalGrade, SignalSource
from services.cases.findings import parse_loan_numbers, report_findings
from services.cases.portfolio import plan_inspection, portfolio_summary
from services.cases.results import Claim, DefaultCase, RepaymentState, RiskSignal
from services.cases.signals import (
    SignalCreate,
    list_signals,
    new_signal,
    register_deadline_missed,
    register_signal,
)

__all__ = [
    "DEADLINE_MISSED",
    "INSPECTION_FINDING",
    "CaseStatus",
    "Claim",
    "DefaultCase",
    "RepaymentState",
    "RiskSignal",
    "SignalCreate",
    "SignalGrade",
    "SignalSource",
    "check_repaid",
    "compute_claim",
    "default_case_of",
    "list_signals",
    "new_signal",
    "open_default_case",
    "parse_loan_numbers",
    "plan_inspection",
    "portfolio_summary",
    "register_deadline_missed",
    "register_signal",
    "report_findings",
]
