"""Chinese dates on papers, and the package's exported names."""

from __future__ import annotations

from datetime import date

import pytest

import services.documents as documents
from services.documents import chinese_date, numeric_date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 9, 25), "二〇二六年九月二十五日"),
        (date(2020, 10, 1), "二〇二〇年十月一日"),
        (date(2019, 4, 9), "二〇一九年四月九日"),
        (date(2027, 11, 10), "二〇二七年十一月十日"),
        (date(2026, 12, 31), "二〇二六年十二月三十一日"),
        (date(2100, 2, 20), "二一〇〇年二月二十日"),
        (date(2026, 1, 19), "二〇二六年一月十九日"),
    ],
)
def test_chinese_date(day: date, expected: str) -> None:
    assert chinese_date(day) == expected


def test_numeric_date() -> None:
    assert numeric_date(date(2026, 9, 5)) == "2026年9月5日"


def test_exported_names() -> None:
    assert sorted(documents.__all__) == [
        "CATALOG",
        "DocType",
        "DocumentInputInvalid",
        "DocumentSpec",
        "IdempotencyKeyReused",
        "IssuedDocumentRecord",
        "IssuedNumber",
        "TemplateFieldMissing",
        "UnknownDocumentType",
        "amount_in_capitals",
        "chinese_date",
        "find_document",
        "format_number",
        "format_yuan",
        "issue_document",
        "issue_number",
        "numeric_date",
        "read_pdf",
        "render_html",
        "render_pdf",
        "spec_for",
        "validate_input",
    ]
    assert all(hasattr(documents, name) for name in documents.__all__)
