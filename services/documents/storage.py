"""Issuing a document: take its number, render it, keep the PDF and a record of what was printed.

Rendering stays pure (:mod:`services.documents.rendering`); this module adds the effects: the
number, the file under ``var/documents/<TYPE>/<year>/<seq>.pdf``, the database row and the audit
entry, all in the caller's transaction (the file is written before commit and overwritten by the
same number if the transaction is retried, so a rollback leaves nothing that matters).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from services import audit
from services.clock import Clock
from services.documents.catalog import DocType, DocumentSpec, format_number, spec_for
from services.documents.errors import DocumentInputInvalid
from services.documents.numbering import IssuedNumber, issue_number
from services.documents.rendering import html_to_pdf, render_template, validate_input
from services.documents.schemas import DocumentInput
from services.documents.tables import DocumentNumber, IssuedDocument
from services.errors import Conflict, NotFound
from services.settings import PROJECT_ROOT

DEFAULT_STORAGE_DIR = PROJECT_ROOT / "var" / "documents"


@dataclass(frozen=True, slots=True)
class IssuedDocumentRecord:
    """A stored document: its number, where its PDF is and the PDF's SHA-256."""

    number: IssuedNumber
    pdf_path: Path
    pdf_sha256: str
    inputs: dict[str, Any]
    """The validated inputs as JSON, number included."""
    replayed: bool
    """True when the idempotency key had already issued this document (nothing new was stored)."""


def _issue_year(spec: DocumentSpec, data: Mapping[str, Any]) -> int:
    if "doc_number" in data:
        problem = {"field": "doc_number", "problem": "is assigned when the document is issued; leave it out"}
        raise DocumentInputInvalid(doc_type=spec.code, problems=[problem])
    try:
        return TypeAdapter(date).validate_python(data.get("issued_on")).year
    except ValidationError as exc:
        problem = {"field": "issued_on", "problem": exc.errors(include_url=False)[0]["msg"]}
        raise DocumentInputInvalid(doc_type=spec.code, problems=[problem]) from exc


def _validated(spec: DocumentSpec, data: Mapping[str, Any], number_text: str) -> DocumentInput:
    return validate_input(spec.code, {**data, "doc_number": number_text})


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(content)
    tmp.replace(path)


def _stored_row(session: Session, number_text: str) -> tuple[IssuedDocument, DocumentNumber] | None:
    stmt = (
        select(IssuedDocument, DocumentNumber)
        .join(DocumentNumber, IssuedDocument.number_id == DocumentNumber.id)
        .where(DocumentNumber.number_text == number_text)
    )
    found = session.execute(stmt).first()
    return None if found is None else (found[0], found[1])


def _stored(session: Session, number: IssuedNumber, storage_dir: Path) -> IssuedDocumentRecord | None:
    found = _stored_row(session, number.number_text)
    if found is None:
        return None
    row = found[0]
    return IssuedDocumentRecord(number, storage_dir / row.pdf_path, row.pdf_sha256, row.inputs, replayed=True)


def find_document(
    *, session: Session, number_text: str, storage_dir: Path = DEFAULT_STORAGE_DIR
) -> IssuedDocumentRecord:
    """The stored document issued under a number.

    Raises:
        NotFound: no document was issued under that number.
    """
    found = _stored_row(session, number_text)
    if found is None:
        raise NotFound(f"no document was issued under {number_text!r}", number_text=number_text)
    row, num = found
    number = IssuedNumber(DocType(num.doc_type), num.year, num.seq, num.number_text, replayed=True)
    return IssuedDocumentRecord(number, storage_dir / row.pdf_path, row.pdf_sha256, row.inputs, replayed=True)


def read_pdf(record: IssuedDocumentRecord) -> bytes:
    """The stored PDF of a document, checked against the hash recorded when it was issued.

    Raises:
        Conflict: the file is missing or differs from what was issued.
    """
    try:
        pdf = record.pdf_path.read_bytes()
    except FileNotFoundError:
        pdf = b""
    if hashlib.sha256(pdf).hexdigest() != record.pdf_sha256:
        raise Conflict(
            f"the stored PDF of {record.number.number_text} is missing or altered: {record.pdf_path}",
            number_text=record.number.number_text,
        )
    return pdf


def issue_document(
    *,
    session: Session,
    clock: Clock,
    actor: str,
    doc_type: DocType | str,
    data: Mapping[str, Any],
    idempotency_key: str,
    storage_dir: Path = DEFAULT_STORAGE_DIR,
) -> IssuedDocumentRecord:
    """Number, render and store one document; a replay of the key returns the stored one.

    Args:
        session: the caller's session; number, record and audit entry commit together.
        clock: the issue instant (the paper's own date is ``data["issued_on"]``).
        actor: who issues the document (audited).
        doc_type: a :class:`DocType` or its code.
        data: the inputs of the type's schema without ``doc_number``; the number's year is the
            year of ``issued_on``.
        idempotency_key: unique per document, so a re-run job finds its document again.
        storage_dir: root of the PDF files (default ``var/documents``).

    Returns:
        The record of the stored document.

    Raises:
        DocumentInputInvalid: the data breaks the schema (checked before a number is taken).
        UnknownDocumentType, IdempotencyKeyReused: as :func:`issue_number`.
    """
    spec = spec_for(doc_type)
    year = _issue_year(spec, data)
    _validated(spec, data, format_number(spec.prefix, year, 1))  # refuse bad input before numbering
    number = issue_number(
        session=session,
        clock=clock,
        actor=actor,
        doc_type=spec.code,
        year=year,
        idempotency_key=idempotency_key,
    )
    if number.replayed and (found := _stored(session, number, storage_dir)) is not None:
        return found
    doc = _validated(spec, data, number.number_text)
    pdf = html_to_pdf(render_template(spec.template, {"doc": doc, "spec": spec}))
    relative = Path(spec.code.value) / str(year) / f"{number.seq}.pdf"
    _write_atomically(storage_dir / relative, pdf)
    digest = hashlib.sha256(pdf).hexdigest()
    inputs = doc.model_dump(mode="json")
    number_id = session.scalar(
        select(DocumentNumber.id).where(DocumentNumber.number_text == number.number_text)
    )
    assert number_id is not None
    session.add(
        IssuedDocument(
            number_id=number_id,
            doc_type=spec.code.value,
            number_text=number.number_text,
            inputs=inputs,
            pdf_sha256=digest,
            pdf_path=relative.as_posix(),
            pdf_size=len(pdf),
            issued_at=clock.now(),
            actor=actor,
        )
    )
    session.flush()
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="document.issued",
        object_type="document",
        object_id=number.number_text,
        detail={"doc_type": spec.code.value, "sha256": digest},
    )
    return IssuedDocumentRecord(number, storage_dir / relative, digest, inputs, replayed=number.replayed)
