"""Values the fund ledger returns: posting kinds, results, statements, reconciliation findings."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PostingKind(StrEnum):
    """What a posting records. Contributions and recoveries credit the account, compensations debit it."""

    CONTRIBUTION = "CONTRIBUTION"
    COMPENSATION = "COMPENSATION"
    RECOVERY = "RECOVERY"


@dataclass(frozen=True)
class PostingResult:
    """One posting as recorded.

    Attributes:
        posting_id: The ledger line's id.
        bank_code: The account's bank.
        kind: What the posting records.
        amount_fen: Signed change to the balance (negative for a compensation).
        ganzhou_fen: 赣州市 finance's half of ``amount_fen`` (same sign).
        ruijin_fen: 瑞金市 finance's half (same sign; it takes the odd fen).
        balance_after_fen: The account balance right after this posting.
        loan_no: The loan concerned, if any.
        replayed: True when this call replayed an earlier request with the same idempotency key.
    """

    posting_id: int
    bank_code: str
    kind: PostingKind
    amount_fen: int
    ganzhou_fen: int
    ruijin_fen: int
    balance_after_fen: int
    loan_no: str | None
    replayed: bool


@dataclass(frozen=True)
class CompensationResult:
    """The outcome of a compensation (第二十一条).

    Attributes:
        paid_fen: Paid out of the fund: the claim, capped at the balance.
        uncovered_fen: The part of the claim the fund could not pay: the bank's uncovered loss.
        ganzhou_share_fen: 赣州市 finance's half of ``paid_fen``.
        ruijin_share_fen: 瑞金市 finance's half of ``paid_fen`` (takes the odd fen).
        posting_id: The COMPENSATION posting.
        replayed: True when this call replayed an earlier request with the same idempotency key.
        claimed_fen: principal loss + in-term interest loss − earlier recoveries.
        balance_after_fen: The account balance after the payment.
        bank_code: The account's bank.
        loan_no: The compensated loan.
    """

    paid_fen: int
    uncovered_fen: int
    ganzhou_share_fen: int
    ruijin_share_fen: int
    posting_id: int
    replayed: bool
    claimed_fen: int
    balance_after_fen: int
    bank_code: str
    loan_no: str

    @property
    def capped(self) -> bool:
        """Whether the balance was not enough to pay the whole claim."""
        return self.uncovered_fen > 0


@dataclass(frozen=True)
class AccountStatement:
    """An account's balance and totals, all in fen.

    Attributes:
        bank_code: The account's bank.
        balance_fen: Current balance.
        contributed_fen: Sum of contributions.
        compensated_fen: Sum paid out in compensations.
        recovered_fen: Sum of recoveries credited back.
        uncovered_loss_fen: Sum of claims the fund could not pay (the bank's uncovered loss).
        postings: Number of postings.
    """

    bank_code: str
    balance_fen: int
    contributed_fen: int
    compensated_fen: int
    recovered_fen: int
    uncovered_loss_fen: int
    postings: int


@dataclass(frozen=True)
class Discrepancy:
    """A place where the ledger does not add up.

    Attributes:
        bank_code: The account concerned.
        check: ``balance`` (account vs. sum of postings), ``running_balance`` (a posting's
            ``balance_after_fen``), ``split`` (the 5:5 shares) or ``compensation`` (record vs. posting).
        expected_fen: The value recomputed from the postings.
        actual_fen: The value stored.
        posting_id: The posting concerned, if any.
    """

    bank_code: str
    check: str
    expected_fen: int
    actual_fen: int
    posting_id: int | None = None

    def __str__(self) -> str:
        where = f" posting {self.posting_id}" if self.posting_id is not None else ""
        return (
            f"{self.bank_code}{where}: {self.check} is {self.actual_fen} fen, "
            f"recomputed {self.expected_fen} fen (difference {self.actual_fen - self.expected_fen})"
        )
