"""Each document type: the variables a process holds at the point of issue, plus the demo registry,
give data that passes the type's schema and renders."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from sqlalchemy import select

from services import loans
from services.calendar import deadline_after_working_days
from services.clock import FixedClock
from services.db import Database
from services.documents import DocType, format_number, render_html, spec_for, validate_input
from services.dossier import VariableInvalid, build_document_data, build_documents, load_directory
from services.loans.models import BlacklistEntry
from tests.services.dossier import cases
from tests.services.dossier.conftest import ACTOR

ISSUED_ON = {
    DocType.REPAYMENT_REMINDER: date(2026, 9, 25),
    DocType.OVERDUE_NOTICE: date(2026, 9, 25),
    DocType.ONSITE_CONFIRMATION: date(2026, 11, 10),
    DocType.COMPENSATION_APPLICATION: date(2027, 3, 3),
    DocType.INITIAL_REVIEW: date(2027, 3, 8),
    DocType.CITY_REQUEST: date(2027, 3, 9),
    DocType.PREFECTURE_SUBMISSION: date(2027, 3, 16),
    DocType.PAYMENT_ORDER: date(2027, 4, 21),
    DocType.RISK_WARNING: date(2026, 9, 21),
    DocType.BLACKLIST_REPORT: date(2027, 4, 26),
    DocType.INSPECTION_RECORD: date(2026, 7, 22),
}


def _build(db: Database, doc_type: DocType, variables: dict[str, Any]) -> dict[str, Any]:
    with db.session() as session:
        return build_document_data(doc_type, variables, session=session, issued_on=ISSUED_ON[doc_type])


def _checked(doc_type: DocType, data: dict[str, Any]) -> dict[str, Any]:
    """The data validated and rendered as the issuing service will, with a number of its year."""
    number = format_number(spec_for(doc_type).prefix, ISSUED_ON[doc_type].year, 1)
    validate_input(doc_type, {**data, "doc_number": number})
    assert number in render_html(doc_type, {**data, "doc_number": number})
    return data


def _blacklist(db: Database, clock: FixedClock) -> list[int]:
    with db.session() as session:
        borrower = loans.get_loan(cases.CASE_LOAN, session=session).borrower.identifier
        loans.blacklist_party(
            borrower,
            reason="恶意逃避债务导致风险缓释金损失",
            reference=cases.CASE_LOAN,
            idempotency_key="test-listing",
            session=session,
            clock=clock,
            actor=ACTOR,
        )
        return list(session.scalars(select(BlacklistEntry.id).order_by(BlacklistEntry.id)))


def _interest(principal_fen: int, start: date, end: date) -> int:
    exact = Decimal(principal_fen) * Decimal("0.0435") * (end - start).days / 360
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_overdue_notice_computes_the_collection_deadline_and_in_term_interest(registry: Database) -> None:
    data = _checked(
        DocType.OVERDUE_NOTICE,
        _build(registry, DocType.OVERDUE_NOTICE, cases.default_case(DocType.OVERDUE_NOTICE)),
    )
    assert (
        data["collection_deadline"] == deadline_after_working_days(date(2026, 9, 25), 30).due_date.isoformat()
    )
    assert data["trigger"] == "OPERATING_DIFFICULTY"
    assert data["issuers"] == ["中国农业银行瑞金市支行", "瑞金市叶坪乡扶贫工作站", "瑞金市扶贫开发办公室"]
    assert data["overdue_principal_fen"] == 30_000_000
    assert data["overdue_interest_fen"] == _interest(30_000_000, date(2025, 7, 1), date(2026, 9, 25))
    assert data["borrower"]["address"] == "江西省瑞金市叶坪乡华屋村"
    assert data["contact"] == {"name": "黄志刚", "phone": "0797-2522345"}


def test_onsite_confirmation_reads_participants_and_ground(registry: Database) -> None:
    variables = cases.default_case(DocType.ONSITE_CONFIRMATION)
    data = _checked(DocType.ONSITE_CONFIRMATION, _build(registry, DocType.ONSITE_CONFIRMATION, variables))
    assert [(p["name"], p["organisation"]) for p in data["participants"]] == [
        ("黄志刚", "中国农业银行瑞金市支行"),
        ("华国强", "瑞金市叶坪乡扶贫工作站"),
        ("钟兰英", "华屋村委会"),
    ]
    assert data["ground"] == "COLLECTION_PERIOD_EXPIRED"
    assert data["notice_number"] == "瑞扶催〔2026〕1号"
    assert data["outstanding_interest_fen"] == _interest(30_000_000, date(2025, 7, 1), date(2026, 11, 10))
    lost = _build(registry, DocType.ONSITE_CONFIRMATION, variables | {"repaymentCapacityLost": True})
    assert lost["ground"] == "LOST_REPAYMENT_CAPACITY"


def test_onsite_confirmation_needs_two_people(registry: Database) -> None:
    variables = cases.default_case(DocType.ONSITE_CONFIRMATION) | {"onsiteParticipants": "黄志刚"}
    with pytest.raises(VariableInvalid, match="onsiteParticipants"):
        _build(registry, DocType.ONSITE_CONFIRMATION, variables)


def test_compensation_papers_carry_the_claim_through(registry: Database) -> None:
    application = _checked(
        DocType.COMPENSATION_APPLICATION,
        _build(
            registry, DocType.COMPENSATION_APPLICATION, cases.default_case(DocType.COMPENSATION_APPLICATION)
        ),
    )
    assert application["attachments"] == ["生效判决书", "借款合同", "现场确认书"]
    assert application["loss"] == {
        "principal_loss_fen": 30_000_000,
        "interest_loss_fen": 1_234_567,
        "recovered_fen": 200_000,
    }
    assert application["judgment"] == {
        "court": "瑞金市人民法院",
        "case_number": "（2026）赣0781民初123号",
        "effective_on": "2027-03-01",
    }
    review = _checked(
        DocType.INITIAL_REVIEW,
        _build(registry, DocType.INITIAL_REVIEW, cases.default_case(DocType.INITIAL_REVIEW)),
    )
    assert (review["decision"], review["approved_fen"]) == ("APPROVE", 31_034_567)
    assert review["reviewers"] == ["杨文华（瑞金市财政局）", "朱建平（瑞金市扶贫开发办公室）"]
    request = _checked(
        DocType.CITY_REQUEST, _build(registry, DocType.CITY_REQUEST, cases.default_case(DocType.CITY_REQUEST))
    )
    assert (request["requested_fen"], request["review_number"]) == (31_034_567, "瑞财审〔2027〕1号")
    assert request["contact"] == {"name": "杨文华", "phone": "0797-2524567"}
    letter = _checked(
        DocType.PREFECTURE_SUBMISSION,
        _build(registry, DocType.PREFECTURE_SUBMISSION, cases.default_case(DocType.PREFECTURE_SUBMISSION)),
    )
    assert [c["requested_fen"] for c in letter["cases"]] == [31_034_567]
    assert letter["approved_on"] == "2027-03-15"


def test_returned_review_lists_the_missing_materials(registry: Database) -> None:
    variables = cases.default_case(DocType.INITIAL_REVIEW) | {
        "reviewOutcome": "RETURNED",
        "missingMaterials": "1. 借款合同原件\n2、催收记录；财产保全裁定书",
    }
    data = _checked(DocType.INITIAL_REVIEW, _build(registry, DocType.INITIAL_REVIEW, variables))
    assert data["decision"] == "RETURN_FOR_MATERIAL"
    assert data["approved_fen"] == 0
    assert data["missing_materials"] == ["借款合同原件", "催收记录", "财产保全裁定书"]


def test_payment_order_splits_five_five_with_the_odd_fen_to_ruijin(registry: Database) -> None:
    data = _checked(
        DocType.PAYMENT_ORDER,
        _build(registry, DocType.PAYMENT_ORDER, cases.default_case(DocType.PAYMENT_ORDER)),
    )
    assert (data["amount_fen"], data["ganzhou_share_fen"], data["ruijin_share_fen"]) == (
        31_034_567,
        15_517_283,
        15_517_284,
    )
    accounts = load_directory().bank("ABC")
    assert data["fund_account"]["number"] == accounts.fund_account.number
    assert data["transition_account"]["name"] == accounts.transition_account.name
    assert data["prefecture_result"] == "赣市扶复〔2027〕8号"


def test_payment_order_is_refused_when_the_prefecture_rejected(registry: Database) -> None:
    variables = cases.default_case(DocType.PAYMENT_ORDER) | {"prefectureApproved": False}
    with pytest.raises(VariableInvalid, match="prefectureApproved"):
        _build(registry, DocType.PAYMENT_ORDER, variables)


def test_blacklist_report_lists_every_party_and_counts_the_loss_once(
    registry: Database, clock: FixedClock
) -> None:
    ids = _blacklist(registry, clock)
    variables = cases.default_case(DocType.BLACKLIST_REPORT) | {"blacklistEntryIds": ids}
    data = _checked(DocType.BLACKLIST_REPORT, _build(registry, DocType.BLACKLIST_REPORT, variables))
    assert [(e["name"], e["listed_as"]) for e in data["entries"]] == [
        ("瑞金市华屋脐橙专业合作社", "BORROWER"),
        ("华伟民", "LEGAL_REPRESENTATIVE"),
        ("华春生", "SHAREHOLDER"),
    ]
    assert sum(e["loss_fen"] for e in data["entries"]) == 31_034_567
    assert data["contact"]["name"] == "朱建平"


def test_blacklist_report_refuses_entries_of_another_borrower(registry: Database, clock: FixedClock) -> None:
    ids = _blacklist(registry, clock)
    variables = cases.risk_variables() | {"blacklistEntryIds": ids, "claimFen": 1}
    with pytest.raises(VariableInvalid, match="another borrower"):
        _build(registry, DocType.BLACKLIST_REPORT, variables)


def test_repayment_reminder_asks_for_principal_and_interest_at_maturity(registry: Database) -> None:
    data = _checked(
        DocType.REPAYMENT_REMINDER, _build(registry, DocType.REPAYMENT_REMINDER, cases.reminder_variables())
    )
    assert data["repay_by"] == "2026-10-20"
    assert data["outstanding_principal_fen"] == 5_000_000
    assert data["interest_due_fen"] == _interest(5_000_000, date(2025, 4, 2), date(2026, 10, 20))
    assert data["delivery"] == "DIRECT"
    village = _build(
        registry, DocType.REPAYMENT_REMINDER, cases.reminder_variables() | {"deliveryMethod": "VILLAGE"}
    )
    assert village["delivery"] == "VIA_VILLAGE_COMMITTEE"


def test_risk_warning_describes_the_graded_signal(registry: Database) -> None:
    data = _checked(DocType.RISK_WARNING, _build(registry, DocType.RISK_WARNING, cases.risk_variables()))
    assert (data["level"], data["trigger"], data["found_on"]) == ("RED", "DEATH_OR_MISSING", "2026-09-20")
    assert data["signal"].startswith("借款人外出务工失联。")
    assert "逾期12天" in data["signal"] and "¥50,000.00" in data["signal"]
    assert data["reporter"] == {"name": "刘晓燕", "phone": "0797-2521234"}


def test_inspection_gives_one_record_per_flagged_loan(registry: Database) -> None:
    variables = cases.inspection_variables(
        yeping_flags=f"{cases.HOUSEHOLD_LOAN}，{cases.CASE_LOAN}, {cases.HOUSEHOLD_LOAN}"
    )
    with registry.session() as session:
        records = build_documents(
            DocType.INSPECTION_RECORD,
            variables,
            session=session,
            issued_on=ISSUED_ON[DocType.INSPECTION_RECORD],
        )
    assert [r["loan"]["loan_number"] for r in records] == [cases.HOUSEHOLD_LOAN, cases.CASE_LOAN]
    household, cooperative = (_checked(DocType.INSPECTION_RECORD, r) for r in records)
    assert {k: c["result"] for k, c in household["checks"].items()} == {
        "fund_use": "FAIL",
        "benefit": "FAIL",
        "operation": "NOT_APPLICABLE",
    }
    assert {k: c["result"] for k, c in cooperative["checks"].items()} == {
        "fund_use": "NOT_APPLICABLE",
        "benefit": "NOT_APPLICABLE",
        "operation": "FAIL",
    }
    assert cooperative["checks"]["operation"]["notes"] == "合作社带动12户贫困户务工。"
    assert household["inspected_on"] == "2026-07-20"
    assert household["conclusion"].startswith("个别农户将部分贷款用于建房。")


def test_inspection_without_flagged_loans_gives_no_record(registry: Database) -> None:
    for flags in (None, "", "无"):
        with registry.session() as session:
            records = build_documents(
                DocType.INSPECTION_RECORD,
                cases.inspection_variables(yeping_flags=flags),
                session=session,
                issued_on=ISSUED_ON[DocType.INSPECTION_RECORD],
            )
        assert records == []


def test_a_loan_flagged_by_another_township_is_recorded_at_its_own_address(registry: Database) -> None:
    elsewhere = cases.inspection_variables(yeping_flags="XDT-GZRCB-2025-0003")  # a 沙洲坝镇 loan
    data = _checked(DocType.INSPECTION_RECORD, _build(registry, DocType.INSPECTION_RECORD, elsewhere))
    assert data["place"] == "江西省瑞金市沙洲坝镇沙洲坝村"


def test_inspection_refusals(registry: Database) -> None:
    garbage = cases.inspection_variables(yeping_flags="第3户的贷款")
    with pytest.raises(VariableInvalid, match="not loan numbers"):
        _build(registry, DocType.INSPECTION_RECORD, garbage)
    unfilled = cases.inspection_variables(yeping_flags=None)
    unfilled["inspectionResults"][1] = None
    with pytest.raises(VariableInvalid, match=r"inspectionResults\[1\].*null"):
        _build(registry, DocType.INSPECTION_RECORD, unfilled)
    two = cases.inspection_variables(yeping_flags=f"{cases.HOUSEHOLD_LOAN},{cases.CASE_LOAN}")
    with pytest.raises(VariableInvalid, match="makes 2 records"):
        _build(registry, DocType.INSPECTION_RECORD, two)
