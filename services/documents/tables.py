"""Tables of the documents service: number counters, issued numbers, issued documents.

``document_counters`` holds one row per (type, year) whose ``last_seq`` is the last number taken;
it is the row locked while a number is taken. ``document_numbers`` keeps every number with the
idempotency key that took it; ``issued_documents`` keeps what was printed under a number.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.db import Base

_ID = BigInteger().with_variant(Integer, "sqlite")


class DocumentCounter(Base):
    """The last sequence number taken for one document type in one year."""

    __tablename__ = "document_counters"

    doc_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class DocumentNumber(Base):
    """One issued number; ``(doc_type, year, seq)`` and ``idempotency_key`` are unique."""

    __tablename__ = "document_numbers"
    __table_args__ = (UniqueConstraint("doc_type", "year", "seq", name="uq_document_numbers_type_year_seq"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number_text: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(128))


class IssuedDocument(Base):
    """A document issued under a number: its validated inputs and the stored PDF's hash and path."""

    __tablename__ = "issued_documents"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    number_id: Mapped[int] = mapped_column(ForeignKey("document_numbers.id"), unique=True)
    doc_type: Mapped[str] = mapped_column(String(40), index=True)
    number_text: Mapped[str] = mapped_column(String(64))
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    pdf_path: Mapped[str] = mapped_column(String(500))
    pdf_size: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(128))
