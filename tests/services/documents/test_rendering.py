"""Every document type renders from its sample input; the PDF text holds the key fields."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from services.documents import (
    CATALOG,
    DocType,
    TemplateFieldMissing,
    UnknownDocumentType,
    amount_in_capitals,
    chinese_date,
    format_yuan,
    numeric_date,
    render_html,
    render_pdf,
    validate_input,
)
from services.documents.rendering import render_template
from tests.services.documents.conftest import load_fixture

# Fields each paper must print, by path into its sample input. Amounts print in figures, dates
# the usual way (2026年9月25日); the paper's own date is checked in Chinese characters for all.
KEY_FIELDS: dict[DocType, list[str]] = {
    DocType.REPAYMENT_REMINDER: [
        "issuer",
        "borrower.name",
        "loan.loan_number",
        "loan.principal_fen",
        "loan.disbursed_on",
        "loan.matures_on",
        "outstanding_principal_fen",
        "interest_due_fen",
        "repay_by",
        "contact.phone",
    ],
    DocType.OVERDUE_NOTICE: [
        "issuers.0",
        "issuers.1",
        "issuers.2",
        "borrower.name",
        "loan.loan_number",
        "overdue_principal_fen",
        "overdue_interest_fen",
        "collection_deadline",
        "cc.0",
        "cc.1",
    ],
    DocType.ONSITE_CONFIRMATION: [
        "bank",
        "confirming_body",
        "borrower.name",
        "borrower.id_number",
        "loan.loan_number",
        "notice_number",
        "notice_served_on",
        "place",
        "facts",
        "outstanding_principal_fen",
        "participants.0.name",
        "participants.1.name",
    ],
    DocType.COMPENSATION_APPLICATION: [
        "issuer",
        "recipients.0",
        "borrower.name",
        "loan.loan_number",
        "judgment.case_number",
        "judgment.effective_on",
        "loss.principal_loss_fen",
        "loss.interest_loss_fen",
        "loss.recovered_fen",
        "attachments.3",
    ],
    DocType.INITIAL_REVIEW: [
        "application_number",
        "applicant",
        "application_received_on",
        "borrower.name",
        "loan.loan_number",
        "approved_fen",
        "reasons",
        "reviewers.1",
    ],
    DocType.CITY_REQUEST: [
        "recipient",
        "application_number",
        "review_number",
        "borrower.name",
        "loan.loan_number",
        "requested_fen",
        "judgment.effective_on",
        "contact.name",
    ],
    DocType.PREFECTURE_SUBMISSION: [
        "recipients.0",
        "recipients.1",
        "city_approval",
        "approved_on",
        "cases.0.loan_number",
        "cases.1.borrower_name",
        "cases.0.requested_fen",
        "cases.1.requested_fen",
    ],
    DocType.PAYMENT_ORDER: [
        "recipient",
        "prefecture_result",
        "confirmed_on",
        "borrower.name",
        "loan.loan_number",
        "amount_fen",
        "ganzhou_share_fen",
        "ruijin_share_fen",
        "fund_account.number",
        "transition_account.name",
    ],
    DocType.RISK_WARNING: [
        "issuer",
        "borrower.name",
        "loan.loan_number",
        "found_on",
        "signal",
        "outstanding_fen",
        "measures_proposed",
        "reporter.phone",
    ],
    DocType.BLACKLIST_REPORT: [
        "recipient",
        "entries.0.name",
        "entries.1.name",
        "entries.1.id_number",
        "entries.0.loan_number",
        "entries.0.loss_fen",
    ],
    DocType.INSPECTION_RECORD: [
        "inspected_on",
        "place",
        "borrower.name",
        "loan.loan_number",
        "checks.fund_use.notes",
        "conclusion",
        "inspectors.0.name",
        "follow_up",
    ],
}

# The principal amount of each paper, which is also printed in capitals (a table's total for lists).
CAPITALS_FIELD: dict[DocType, str | Callable[[dict[str, Any]], int]] = {
    DocType.REPAYMENT_REMINDER: "outstanding_principal_fen",
    DocType.OVERDUE_NOTICE: "overdue_principal_fen",
    DocType.ONSITE_CONFIRMATION: "outstanding_principal_fen",
    DocType.COMPENSATION_APPLICATION: "loss.principal_loss_fen",
    DocType.INITIAL_REVIEW: "approved_fen",
    DocType.CITY_REQUEST: "requested_fen",
    DocType.PREFECTURE_SUBMISSION: lambda d: sum(c["requested_fen"] for c in d["cases"]),
    DocType.PAYMENT_ORDER: "amount_fen",
    DocType.RISK_WARNING: "outstanding_fen",
    DocType.BLACKLIST_REPORT: lambda d: sum(e["loss_fen"] for e in d["entries"]),
    DocType.INSPECTION_RECORD: "loan.principal_fen",
}

# Papers whose printed title names their subject rather than repeating the catalogue title.
PRINTED_TITLE = {DocType.PREFECTURE_SUBMISSION: "风险缓释金代偿复审材料的函"}


def _at(data: Any, path: str) -> Any:
    for part in path.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def _printed(path: str, value: Any) -> str:
    if path.endswith("_fen"):
        return format_yuan(value)
    if path.endswith("_on") or path in {"repay_by", "collection_deadline"}:
        return numeric_date(date.fromisoformat(value))
    return "".join(str(value).split())


def test_every_type_has_a_key_field_list() -> None:
    assert set(KEY_FIELDS) == set(CATALOG) == set(CAPITALS_FIELD)


@pytest.mark.parametrize("doc_type", list(DocType))
def test_pdf_holds_the_key_fields(doc_type: DocType, extract_text: Callable[[bytes], str]) -> None:
    raw = load_fixture(doc_type)
    text = extract_text(render_pdf(doc_type, raw))
    data = validate_input(doc_type, raw).model_dump(mode="json")  # defaults (organs) included
    title = PRINTED_TITLE.get(doc_type, CATALOG[doc_type].title)
    expected = [data["doc_number"], chinese_date(date.fromisoformat(data["issued_on"])), title]
    expected += [_printed(path, _at(data, path)) for path in KEY_FIELDS[doc_type]]
    capitals = CAPITALS_FIELD[doc_type]
    expected.append(amount_in_capitals(_at(data, capitals) if isinstance(capitals, str) else capitals(data)))
    missing = [item for item in expected if item not in text]
    assert not missing, f"{doc_type} PDF lacks {missing}"


def test_pdf_is_a4_with_page_numbers(extract_text: Callable[[bytes], str], tmp_path: Path) -> None:
    pdf = render_pdf(DocType.PAYMENT_ORDER, load_fixture("PAYMENT_ORDER"))
    (tmp_path / "order.pdf").write_bytes(pdf)
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "order.pdf")], check=True, capture_output=True, text=True
    )
    assert "(A4)" in info.stdout
    assert "—1—" in extract_text(pdf)


def test_rendering_is_a_pure_function_of_the_inputs() -> None:
    data = load_fixture("REPAYMENT_REMINDER")
    assert render_html("REPAYMENT_REMINDER", data) == render_html(
        "REPAYMENT_REMINDER", load_fixture("REPAYMENT_REMINDER")
    )
    changed = {**data, "issued_on": "2026-09-28"}
    assert "二〇二六年九月二十八日" in render_html("REPAYMENT_REMINDER", changed)
    assert "二〇二六年九月二十八日" not in render_html("REPAYMENT_REMINDER", data)


def test_type_codes_are_case_insensitive() -> None:
    data = load_fixture("RISK_WARNING")
    assert render_html("risk_warning", data) == render_html(DocType.RISK_WARNING, data)


def test_unknown_type_lists_the_known_ones() -> None:
    with pytest.raises(UnknownDocumentType, match="PAYMENT_ORDER"):
        render_html("PAYMENT_ORDR", {})


HOSTILE = '<script>alert("x")</script><img src=http://example.invalid/x.png>&amp;'


def test_hostile_input_is_escaped_in_html(extract_text: Callable[[bytes], str]) -> None:
    data = load_fixture("RISK_WARNING")
    data["signal"] = HOSTILE
    data["borrower"]["name"] = "<b>钟永福</b>"
    html = render_html("RISK_WARNING", data)
    assert "<script>" not in html and "<img" not in html and "<b>钟永福" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&amp;lt;b&amp;gt;" not in html and "&lt;b&gt;钟永福&lt;/b&gt;" in html
    # The text prints literally and nothing is fetched (the renderer refuses every URL).
    text = extract_text(render_pdf("RISK_WARNING", data))
    assert '<script>alert("x")</script>' in text
    assert "&amp;" in text


def test_strict_undefined_refuses_a_missing_field() -> None:
    doc = validate_input("PAYMENT_ORDER", load_fixture("PAYMENT_ORDER")).model_dump()
    del doc["recipient"]
    spec = CATALOG[DocType.PAYMENT_ORDER]
    with pytest.raises(TemplateFieldMissing, match="recipient"):
        render_template(spec.template, {"doc": doc, "spec": spec})


def test_strict_undefined_refuses_a_missing_nested_field() -> None:
    data = validate_input("INSPECTION_RECORD", load_fixture("INSPECTION_RECORD")).model_dump()
    del data["checks"]["benefit"]
    spec = CATALOG[DocType.INSPECTION_RECORD]
    with pytest.raises(TemplateFieldMissing, match="benefit"):
        render_template(spec.template, {"doc": data, "spec": spec})


def test_optional_fields_print_a_stated_absence() -> None:
    data = load_fixture("RISK_WARNING")
    data["trigger"] = None
    html = render_html("RISK_WARNING", data)
    assert '<th>违约情形</th><td colspan="3">无</td>' in html
