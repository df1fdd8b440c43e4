"""The inbox table: one row per notification sent to a candidate group."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.db import Base

_ID = BigInteger().with_variant(Integer, "sqlite")


class NotificationRecord(Base):
    """A notification as kept; only ``read_at`` ever changes after it is written."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    template: Mapped[str] = mapped_column(String(64))
    group: Mapped[str] = mapped_column("recipient_group", String(64), index=True)
    loan_no: Mapped[str | None] = mapped_column(String(64), index=True)
    subject: Mapped[str] = mapped_column(String(256))
    body: Mapped[str] = mapped_column(Text)
    variables: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
