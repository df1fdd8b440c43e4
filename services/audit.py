"""Append-only audit log: who did what, when, on which object.

Every state-changing service function calls :func:`record` inside its own transaction, so an
action and its audit entry commit together or not at all.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from services.clock import Clock
from services.db import Base


class AuditEntry(Base):
    """One audited action. Rows are only ever inserted."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(128), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def record(
    session: Session,
    *,
    clock: Clock,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | int,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction."""
    if not actor:
        raise ValueError("an audited action needs an actor")
    # Round-trip through JSON so what is stored is exactly what will be read back.
    payload = json.loads(json.dumps(detail or {}, default=str, ensure_ascii=False))
    entry = AuditEntry(
        at=clock.now(),
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        detail=payload,
    )
    session.add(entry)
    session.flush()
    return entry


def entries_for(session: Session, *, object_type: str, object_id: str | int) -> list[AuditEntry]:
    """The history of one object, oldest first."""
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.object_type == object_type, AuditEntry.object_id == str(object_id))
        .order_by(AuditEntry.id)
    )
    return list(session.scalars(stmt))
