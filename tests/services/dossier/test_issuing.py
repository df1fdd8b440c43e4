"""Assembled data goes through the real issuing service: numbered, rendered to PDF, stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from services.clock import FixedClock
from services.db import Database
from services.documents import DocType, issue_document, read_pdf
from services.dossier import build_document_data
from tests.services.documents.conftest import pdf_text
from tests.services.dossier import cases
from tests.services.dossier.conftest import ACTOR


def _issue(
    db: Database, clock: FixedClock, doc_type: DocType, issued_on: date, key: str, tmp_path: Path
) -> str:
    variables = cases.default_case(doc_type)
    with db.session() as session:
        data = build_document_data(doc_type, variables, session=session, issued_on=issued_on)
        record = issue_document(
            session=session,
            clock=clock,
            actor=ACTOR,
            doc_type=doc_type,
            data=data,
            idempotency_key=key,
            storage_dir=tmp_path / "documents",
        )
        assert record.pdf_path.is_relative_to(tmp_path / "documents")
        text = pdf_text(read_pdf(record), tmp_path)
    assert record.number.number_text in text
    return text


def test_onsite_confirmation_is_issued_as_a_pdf(
    registry: Database, clock: FixedClock, tmp_path: Path
) -> None:
    text = _issue(registry, clock, DocType.ONSITE_CONFIRMATION, date(2026, 11, 10), "k-onsite", tmp_path)
    for printed in (
        "瑞信确〔2026〕1号",
        "瑞金市华屋脐橙专业合作社",
        "华国强",
        "瑞扶催〔2026〕1号",
        "江西省瑞金市叶坪乡华屋村",
    ):
        assert printed in text


def test_payment_order_is_issued_as_a_pdf(registry: Database, clock: FixedClock, tmp_path: Path) -> None:
    text = _issue(registry, clock, DocType.PAYMENT_ORDER, date(2027, 4, 21), "k-order", tmp_path)
    for printed in (
        "瑞扶代〔2027〕1号",
        "155,172.83",
        "155,172.84",
        "142171010400012345",
        "（2026）赣0781民初123号",
    ):
        assert printed in text
