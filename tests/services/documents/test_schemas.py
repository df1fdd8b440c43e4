"""Input validation: every missing or invalid field is named before anything is rendered."""

from __future__ import annotations

from typing import Any

import pytest

from services.documents import CATALOG, DocType, DocumentInputInvalid, render_html, validate_input
from tests.services.documents.conftest import load_fixture


def _problems(doc_type: str, data: Any) -> dict[str, str]:
    with pytest.raises(DocumentInputInvalid) as caught:
        render_html(doc_type, data)
    assert caught.value.fields["doc_type"] == doc_type
    return {p["field"]: p["problem"] for p in caught.value.problems}


@pytest.mark.parametrize("doc_type", list(DocType))
def test_every_sample_input_is_valid(doc_type: DocType) -> None:
    assert isinstance(validate_input(doc_type, load_fixture(doc_type)), CATALOG[doc_type].schema)


@pytest.mark.parametrize(
    ("doc_type", "field"),
    [(t, name) for t in DocType for name, f in CATALOG[t].schema.model_fields.items() if f.is_required()],
)
def test_each_missing_required_field_is_named(doc_type: DocType, field: str) -> None:
    data = load_fixture(doc_type)
    del data[field]
    problems = _problems(doc_type, data)
    assert problems.get(field) == "Field required", problems


@pytest.mark.parametrize(
    ("doc_type", "change", "field", "says"),
    [
        ("PAYMENT_ORDER", {"amount_fen": -5}, "amount_fen", "greater than or equal to 0"),
        ("PAYMENT_ORDER", {"amount_fen": 1.5}, "amount_fen", "valid integer"),
        ("PAYMENT_ORDER", {"amount_fen": "29234567"}, "amount_fen", "valid integer"),
        ("PAYMENT_ORDER", {"amount_fen": True}, "amount_fen", "valid integer"),
        ("PAYMENT_ORDER", {"doc_number": "瑞扶代〔2026〕012号"}, "doc_number", "should match pattern"),
        ("PAYMENT_ORDER", {"doc_number": "瑞扶代〔2026〕第12号"}, "doc_number", "should match pattern"),
        ("PAYMENT_ORDER", {"doc_number": "瑞扶代[2026]12号"}, "doc_number", "should match pattern"),
        ("PAYMENT_ORDER", {"doc_number": "瑞扶代〔2025〕12号"}, "(document)", "differs from the year"),
        ("PAYMENT_ORDER", {"issued_on": "2026-02-30"}, "issued_on", "valid date"),
        ("PAYMENT_ORDER", {"recipient": "   "}, "recipient", "at least 1 character"),
        ("PAYMENT_ORDER", {"signature": "x"}, "signature", "Extra inputs are not permitted"),
        (
            "PAYMENT_ORDER",
            {"ruijin_share_fen": 14_617_283, "ganzhou_share_fen": 14_617_284},
            "(document)",
            "odd fen to 瑞金",
        ),
        ("PAYMENT_ORDER", {"ganzhou_share_fen": 1}, "(document)", "must equal amount_fen"),
        ("REPAYMENT_REMINDER", {"delivery": "BY_PIGEON"}, "delivery", "DIRECT"),
        ("OVERDUE_NOTICE", {"trigger": "BAD_LUCK"}, "trigger", "UNPAID_AT_MATURITY"),
        ("OVERDUE_NOTICE", {"collection_deadline": "2025-05-01"}, "(document)", "collection_deadline"),
        ("OVERDUE_NOTICE", {"issuers": []}, "issuers", "at least 1 item"),
        ("INITIAL_REVIEW", {"decision": "RETURN_FOR_MATERIAL"}, "(document)", "missing_materials"),
        ("INITIAL_REVIEW", {"approved_fen": 99_999_999}, "(document)", "exceeds the net loss"),
        ("CITY_REQUEST", {"requested_fen": 0}, "(document)", "above 0"),
        ("RISK_WARNING", {"level": "PURPLE"}, "level", "RED"),
        ("INSPECTION_RECORD", {"risk_level": "GREEN"}, "risk_level", "RED"),
    ],
)
def test_invalid_fields_are_named(doc_type: str, change: dict[str, Any], field: str, says: str) -> None:
    problems = _problems(doc_type, {**load_fixture(doc_type), **change})
    assert field in problems, problems
    assert says in problems[field]


def test_nested_and_listed_fields_are_named_by_path() -> None:
    data = load_fixture("ONSITE_CONFIRMATION")
    del data["loan"]["loan_number"]
    data["loan"]["matures_on"] = "2020-01-01"
    data["participants"][1]["name"] = ""
    data["borrower"]["id_number"] = "36078119750312471x!"
    problems = _problems("ONSITE_CONFIRMATION", data)
    assert problems["loan.loan_number"] == "Field required"
    assert "participants[1].name" in problems
    assert "borrower.id_number" in problems


def test_a_loan_maturing_before_disbursement_is_refused() -> None:
    data = load_fixture("RISK_WARNING")
    data["loan"]["matures_on"] = data["loan"]["disbursed_on"]
    assert "matures_on" in _problems("RISK_WARNING", data)["loan"]


def test_recoveries_above_the_loss_are_refused() -> None:
    data = load_fixture("COMPENSATION_APPLICATION")
    data["loss"]["recovered_fen"] = 10**12
    assert "recovered_fen exceeds" in _problems("COMPENSATION_APPLICATION", data)["loss"]


@pytest.mark.parametrize("data", [[], "text", None, 12])
def test_a_non_object_is_refused(data: Any) -> None:
    assert _problems("PAYMENT_ORDER", data) == {"(document)": "expected a JSON object"}


def test_the_message_lists_every_problem() -> None:
    with pytest.raises(DocumentInputInvalid) as caught:
        render_html("BLACKLIST_REPORT", {"doc_number": "瑞扶征〔2026〕1号", "issued_on": "2026-12-01"})
    assert "entries: Field required" in caught.value.message
    assert "contact: Field required" in caught.value.message
