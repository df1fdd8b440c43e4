"""Tables of default cases and risk signals. Both refer to loans by row id; a signal may
concern no particular loan (a missed deadline of an office, say)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.db import Base

_ID = BigInteger().with_variant(Integer, "sqlite")


class DefaultCaseRow(Base):
    """One default case (第十七条–第十八条): a loan, the trigger that put it in default, and when."""

    __tablename__ = "default_cases"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"), index=True)
    trigger: Mapped[str] = mapped_column(String(32))
    trigger_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    opened_by: Mapped[str] = mapped_column(String(128))


class RiskSignalRow(Base):
    """One risk signal (第十二条–第十四条). ``request_fingerprint`` tells a replay of the same
    request from a different request reusing its idempotency key."""

    __tablename__ = "risk_signals"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    request_fingerprint: Mapped[str] = mapped_column(String(64))
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loans.id"), index=True)
    category: Mapped[str] = mapped_column(String(32), index=True)
    grade: Mapped[str] = mapped_column(String(8), index=True)
    source: Mapped[str] = mapped_column(String(32))
    default_trigger: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    signal_date: Mapped[date] = mapped_column(Date, index=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(128))
