"""Gap-free, idempotent document numbers per (document type, year).

Taking a number locks that type's counter row for the year — ``SELECT ... FOR UPDATE`` on
PostgreSQL, the database write lock (``BEGIN IMMEDIATE``) on SQLite — then, under the lock, looks
the idempotency key up, and only if it is new increments the counter and records the number. The
number lives in the caller's transaction: if that transaction rolls back, the counter rolls back
with it, so no number is ever skipped; a job that runs again with the same key gets the same
number back instead of a second one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from services import audit
from services.clock import Clock
from services.db import immediate_transaction
from services.documents.catalog import DocType, format_number, spec_for
from services.documents.errors import IdempotencyKeyReused
from services.documents.tables import DocumentCounter, DocumentNumber


@dataclass(frozen=True, slots=True)
class IssuedNumber:
    """A number taken (or found again) for one document."""

    doc_type: DocType
    year: int
    seq: int
    """Sequence within the type and year, from 1, without gaps."""
    number_text: str
    """The printed number, e.g. ``瑞扶代〔2026〕12号``."""
    replayed: bool
    """True when the idempotency key had already taken this number."""


def _check_arguments(actor: str, year: int, idempotency_key: str) -> None:
    if not actor:
        raise ValueError("issuing a number needs an actor")
    if not idempotency_key or len(idempotency_key) > 200:
        raise ValueError("idempotency_key must be 1 to 200 characters")
    if not 1000 <= year <= 9999:
        raise ValueError(f"year must have four digits, got {year}")


def _find_by_key(session: Session, idempotency_key: str) -> DocumentNumber | None:
    stmt = select(DocumentNumber).where(DocumentNumber.idempotency_key == idempotency_key)
    return session.scalar(stmt.execution_options(populate_existing=True))


def _lock_counter(session: Session, doc_type: DocType, year: int) -> DocumentCounter:
    immediate_transaction(session)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(DocumentCounter)
        .values(doc_type=doc_type.value, year=year, last_seq=0)
        .on_conflict_do_nothing(index_elements=["doc_type", "year"])
    )
    stmt = (
        select(DocumentCounter)
        .where(DocumentCounter.doc_type == doc_type.value, DocumentCounter.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    counter = session.scalar(stmt)
    assert counter is not None  # inserted just above, in this transaction or a committed one
    return counter


def _replay(row: DocumentNumber, doc_type: DocType, year: int) -> IssuedNumber:
    if row.doc_type != doc_type.value or row.year != year:
        raise IdempotencyKeyReused(
            key=row.idempotency_key,
            first={"doc_type": row.doc_type, "year": row.year, "number_text": row.number_text},
            requested={"doc_type": doc_type.value, "year": year},
        )
    return IssuedNumber(DocType(row.doc_type), row.year, row.seq, row.number_text, replayed=True)


def issue_number(
    *,
    session: Session,
    clock: Clock,
    actor: str,
    doc_type: DocType | str,
    year: int,
    idempotency_key: str,
) -> IssuedNumber:
    """Take the next number of a document type for a year, or return the one this key took.

    Args:
        session: the caller's session; the number commits or rolls back with its transaction.
        clock: source of the issue instant recorded with the number and in the audit log.
        actor: who takes the number (audited).
        doc_type: a :class:`DocType` or its code.
        year: the year printed in 〔〕, normally the year of the document's date.
        idempotency_key: unique per document to number, e.g. ``f"{process_instance}:{element}"``.

    Returns:
        The number, with ``replayed=True`` when the key had already taken it.

    Raises:
        UnknownDocumentType: the type code is not known.
        IdempotencyKeyReused: the key took a number for another type or year.
        ValueError: an empty actor or key, or a year without four digits.
    """
    spec = spec_for(doc_type)
    _check_arguments(actor, year, idempotency_key)
    earlier = _find_by_key(session, idempotency_key)
    if earlier is not None:
        return _replay(earlier, spec.code, year)
    counter = _lock_counter(session, spec.code, year)
    earlier = _find_by_key(session, idempotency_key)  # a concurrent twin may have won the lock
    if earlier is not None:
        return _replay(earlier, spec.code, year)
    counter.last_seq += 1
    number = DocumentNumber(
        doc_type=spec.code.value,
        year=year,
        seq=counter.last_seq,
        number_text=format_number(spec.prefix, year, counter.last_seq),
        idempotency_key=idempotency_key,
        issued_at=clock.now(),
        actor=actor,
    )
    session.add(number)
    session.flush()
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="document.number_issued",
        object_type="document_number",
        object_id=number.number_text,
        detail={
            "doc_type": number.doc_type,
            "year": year,
            "seq": number.seq,
            "idempotency_key": idempotency_key,
        },
    )
    return IssuedNumber(spec.code, year, number.seq, number.number_text, replayed=False)
