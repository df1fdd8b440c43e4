"""Issuing a document: numbered, rendered, stored with its hash; a replay finds it again."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from services import audit
from services.clock import FixedClock
from services.db import Database
from services.documents import DocumentInputInvalid, IssuedDocumentRecord, issue_document
from services.documents.tables import DocumentNumber
from tests.services.documents.conftest import load_fixture


def _unnumbered(code: str) -> dict[str, Any]:
    data = load_fixture(code)
    del data["doc_number"]
    return data


def _issue(
    db: Database, clock: FixedClock, tmp_path: Path, key: str, data: dict[str, Any]
) -> IssuedDocumentRecord:
    with db.session() as s:
        return issue_document(
            session=s,
            clock=clock,
            actor="finance/wang",
            doc_type="PAYMENT_ORDER",
            data=data,
            idempotency_key=key,
            storage_dir=tmp_path / "documents",
        )


def test_issue_numbers_renders_and_stores(
    db: Database, clock: FixedClock, tmp_path: Path, extract_text: Callable[[bytes], str]
) -> None:
    record = _issue(db, clock, tmp_path, "case-7:payment-order", _unnumbered("PAYMENT_ORDER"))
    assert record.number.number_text == "瑞扶代〔2026〕1号" and not record.replayed
    assert record.pdf_path == tmp_path / "documents" / "PAYMENT_ORDER" / "2026" / "1.pdf"
    pdf = record.pdf_path.read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == record.pdf_sha256
    assert "瑞扶代〔2026〕1号" in extract_text(pdf)
    assert record.inputs["doc_number"] == "瑞扶代〔2026〕1号"
    with db.session() as s:
        actions = [
            e.action for e in audit.entries_for(s, object_type="document", object_id="瑞扶代〔2026〕1号")
        ]
    assert actions == ["document.issued"]


def test_a_replayed_key_returns_the_stored_document(db: Database, clock: FixedClock, tmp_path: Path) -> None:
    first = _issue(db, clock, tmp_path, "case-7:payment-order", _unnumbered("PAYMENT_ORDER"))
    again = _issue(db, clock, tmp_path, "case-7:payment-order", _unnumbered("PAYMENT_ORDER"))
    second = _issue(db, clock, tmp_path, "case-8:payment-order", _unnumbered("PAYMENT_ORDER"))
    assert again.replayed and again.number.number_text == first.number.number_text
    assert again.pdf_sha256 == first.pdf_sha256 and again.pdf_path == first.pdf_path
    assert second.number.seq == 2


def test_the_number_year_is_the_year_of_the_paper(db: Database, clock: FixedClock, tmp_path: Path) -> None:
    data = {**_unnumbered("PAYMENT_ORDER"), "issued_on": "2027-01-04"}
    assert _issue(db, clock, tmp_path, "k", data).number.number_text == "瑞扶代〔2027〕1号"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"doc_number": "瑞扶代〔2026〕9号"}, "doc_number"),
        ({"issued_on": "someday"}, "issued_on"),
        ({"amount_fen": -1}, "amount_fen"),
    ],
)
def test_bad_input_takes_no_number(
    db: Database, clock: FixedClock, tmp_path: Path, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(DocumentInputInvalid) as caught:
        _issue(db, clock, tmp_path, "k", {**_unnumbered("PAYMENT_ORDER"), **change})
    assert [p["field"] for p in caught.value.problems] == [field]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(DocumentNumber)) == 0
    assert not (tmp_path / "documents").exists()
