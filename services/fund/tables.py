"""Risk-fund ledger tables. Postings and compensations are append-only (database triggers refuse
UPDATE and DELETE); an account's ``balance_fen`` is a cache of the sum of its postings that
:func:`services.fund.reconcile` checks.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from services.db import Base

_ID = BigInteger().with_variant(Integer, "sqlite")


class FundAccount(Base):
    """One cooperating bank's risk-compensation fund account (风险缓释基金专户)."""

    __tablename__ = "fund_accounts"
    __table_args__ = (CheckConstraint("balance_fen >= 0", name="balance_not_negative"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    # The bank's code as the loans registry spells it; deliberately no foreign key to `banks`.
    bank_code: Mapped[str] = mapped_column(String(32), unique=True)
    balance_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    opened_by: Mapped[str] = mapped_column(String(128))


class FundPosting(Base):
    """One ledger line. ``amount_fen`` is the signed change to the balance (a payment is negative);
    ``ganzhou_fen + ruijin_fen == amount_fen`` (the 5:5 share of 赣州市 and 瑞金市 finance)."""

    __tablename__ = "fund_postings"
    __table_args__ = (
        CheckConstraint("balance_after_fen >= 0", name="balance_after_not_negative"),
        CheckConstraint("ganzhou_fen + ruijin_fen = amount_fen", name="split_adds_up"),
    )

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("fund_accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    ganzhou_fen: Mapped[int] = mapped_column(BigInteger)
    ruijin_fen: Mapped[int] = mapped_column(BigInteger)
    balance_after_fen: Mapped[int] = mapped_column(BigInteger)
    loan_no: Mapped[str | None] = mapped_column(String(64), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    request_fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(128))


class FundCompensation(Base):
    """The claim behind a COMPENSATION posting: what was lost, what the fund paid, what it did not."""

    __tablename__ = "fund_compensations"
    __table_args__ = (
        CheckConstraint("paid_fen + uncovered_fen = claimed_fen", name="claim_adds_up"),
        CheckConstraint("paid_fen >= 0 AND uncovered_fen >= 0", name="not_negative"),
    )

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("fund_postings.id"), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("fund_accounts.id"), index=True)
    loan_no: Mapped[str] = mapped_column(String(64), index=True)
    principal_loss_fen: Mapped[int] = mapped_column(BigInteger)
    interest_loss_fen: Mapped[int] = mapped_column(BigInteger)
    earlier_recoveries_fen: Mapped[int] = mapped_column(BigInteger)
    claimed_fen: Mapped[int] = mapped_column(BigInteger)
    paid_fen: Mapped[int] = mapped_column(BigInteger)
    uncovered_fen: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
