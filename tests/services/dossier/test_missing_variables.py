"""A document the process is not ready for is refused with the variables and the type named."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services.db import Database
from services.documents import DocType
from services.dossier import (
    DirectoryEntryMissing,
    VariableInvalid,
    VariablesMissing,
    build_documents,
    load_directory,
    required_variables,
)
from services.errors import NotFound
from tests.services.dossier import cases

ISSUED_ON = date(2026, 9, 25)


def _variables(doc_type: DocType) -> dict[str, Any]:
    if doc_type is DocType.REPAYMENT_REMINDER:
        return cases.reminder_variables()
    if doc_type is DocType.RISK_WARNING:
        return cases.risk_variables()
    if doc_type is DocType.INSPECTION_RECORD:
        return cases.inspection_variables(yeping_flags=cases.HOUSEHOLD_LOAN)
    return cases.default_case(doc_type) | (
        {"blacklistEntryIds": [1]} if doc_type is DocType.BLACKLIST_REPORT else {}
    )


def _build(db: Database, doc_type: DocType, variables: dict[str, Any], **kw: Any) -> list[dict[str, Any]]:
    with db.session() as session:
        return build_documents(doc_type, variables, session=session, issued_on=ISSUED_ON, **kw)


def test_each_required_variable_is_named_when_missing(registry: Database) -> None:
    for doc_type in DocType:
        full = _variables(doc_type)
        assert set(required_variables(doc_type)) <= set(full), doc_type
        for name in required_variables(doc_type):
            for absent in (
                {k: v for k, v in full.items() if k != name},
                full | {name: None},
                full | {name: "  "},
            ):
                with pytest.raises(VariablesMissing) as caught:
                    _build(registry, doc_type, absent)
                assert caught.value.names == [name]
                assert doc_type.value in caught.value.message and name in caught.value.message


def test_all_missing_variables_are_named_at_once(registry: Database) -> None:
    with pytest.raises(VariablesMissing) as caught:
        _build(registry, DocType.PAYMENT_ORDER, {"loanNo": cases.CASE_LOAN})
    assert caught.value.names == [
        "prefectureApproved",
        "confirmedAmountFen",
        "prefectureReviewDate",
        "courtName",
        "courtCaseNo",
        "judgmentDate",
    ]


def test_a_flagged_township_must_have_answered_the_form(registry: Database) -> None:
    variables = cases.inspection_variables(yeping_flags=cases.HOUSEHOLD_LOAN)
    del variables["inspectionResults"][0]["inspectedOn"]
    with pytest.raises(VariablesMissing, match=r"inspectionResults\[0\]\.inspectedOn"):
        _build(registry, DocType.INSPECTION_RECORD, variables)


@pytest.mark.parametrize(
    ("doc_type", "change", "named"),
    [
        (DocType.OVERDUE_NOTICE, {"outstandingPrincipalFen": 1.5}, "outstandingPrincipalFen"),
        (DocType.OVERDUE_NOTICE, {"outstandingPrincipalFen": True}, "outstandingPrincipalFen"),
        (DocType.OVERDUE_NOTICE, {"trigger": "BAD_WEATHER"}, "trigger"),
        (DocType.ONSITE_CONFIRMATION, {"onsiteConfirmedOn": "10 Nov"}, "onsiteConfirmedOn"),
        (DocType.COMPENSATION_APPLICATION, {"claimFen": 1}, "claimFen"),
        (DocType.COMPENSATION_APPLICATION, {"supportingMaterials": ["PHOTOS"]}, "supportingMaterials"),
        (DocType.INITIAL_REVIEW, {"reviewOutcome": "MAYBE"}, "reviewOutcome"),
        (DocType.INITIAL_REVIEW, {"reviewOutcome": "RETURNED"}, "missingMaterials"),
        (DocType.PREFECTURE_SUBMISSION, {"cityDecision": "DECLINED"}, "cityDecision"),
        (DocType.PAYMENT_ORDER, {"confirmedAmountFen": 0}, "confirmedAmountFen"),
        (DocType.REPAYMENT_REMINDER, {"maturityDate": "2026-10-21"}, "maturityDate"),
    ],
)
def test_unusable_variables_are_named(
    registry: Database, doc_type: DocType, change: dict[str, Any], named: str
) -> None:
    with pytest.raises(VariableInvalid) as caught:
        _build(registry, doc_type, _variables(doc_type) | change)
    assert caught.value.fields["variable"] == named
    assert doc_type.value in caught.value.message


def test_unknown_loan_and_unknown_bank_entry(registry: Database) -> None:
    with pytest.raises(NotFound, match="XDT-NOPE"):
        _build(
            registry,
            DocType.OVERDUE_NOTICE,
            cases.default_case(DocType.OVERDUE_NOTICE) | {"loanNo": "XDT-NOPE"},
        )
    full = load_directory()
    without_abc = full.model_copy(update={"banks": {k: v for k, v in full.banks.items() if k != "ABC"}})
    with pytest.raises(DirectoryEntryMissing) as caught:
        _build(
            registry,
            DocType.OVERDUE_NOTICE,
            cases.default_case(DocType.OVERDUE_NOTICE),
            directory=without_abc,
        )
    assert "'ABC'" in caught.value.message and "organisations.yaml" in caught.value.message
