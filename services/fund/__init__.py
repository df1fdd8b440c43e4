"""Risk-compensation fund ledger (第二十一条, DESIGN.md §4 "Risk fund").

Per-bank fund accounts; contributions; compensations capped at the balance with the uncovered
remainder recorded; recoveries credited back; every posting split 5:5 between 赣州市 and 瑞金市
finance (odd fen to 瑞金), append-only, idempotent by key, never overdrawing, reconcilable.

Every state-changing function takes keyword-only ``session=``, ``clock=``, ``actor=``, runs in the
caller's transaction and writes an audit entry.
"""

from services.fund.accounts import balance, contribute, list_postings, open_account, statement
from services.fund.compensation import (
    RecoveryCredit,
    compensate,
    credit_recovery,
    record_recovery,
    recovery_position,
)
from services.fund.reconcile import reconcile
from services.fund.results import (
    AccountStatement,
    CompensationResult,
    Discrepancy,
    PostingKind,
    PostingResult,
)
from services.fund.split import split_5_5

__all__ = [
    "AccountStatement",
    "CompensationResult",
    "Discrepancy",
    "PostingKind",
    "PostingResult",
    "balance",
    "RecoveryCredit",
    "compensate",
    "credit_recovery",
    "contribute",
    "list_postings",
    "open_account",
    "reconcile",
    "record_recovery",
    "recovery_position",
    "split_5_5",
    "statement",
]
