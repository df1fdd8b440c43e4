"""External events: validation per kind, the message they become, idempotent recording."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from services import loans
from services.errors import Conflict, NotFound, ValidationFailed
from tests.services.loans.conftest import ACTOR, Registry

Kind = loans.EventKind


@pytest.fixture
def loan_no(reg: Registry) -> str:
    with reg.session() as s:
        return reg.loan(s, reg.household(s).id_number or "", loan_no="EV-1", principal_fen=1_000_000).loan_no


def _record(reg: Registry, kind: Kind, **fields: Any) -> loans.RecordedEvent:
    data = loans.EventCreate(**{"loan_no": "EV-1", "event_date": date(2026, 9, 20), **fields})
    with reg.session() as s:
        return loans.record_event(kind, data, session=s, clock=reg.clock, actor=ACTOR)


def test_message_names_are_stable() -> None:
    assert [k.message_name for k in Kind] == [
        "repayment-recorded",
        "interest-paid",
        "judgment-effective",
        "repayment-capacity-lost",
        "recovery-received",
        "recovery-closed",
        "prefecture-review-result",
        "risk-signal-reported",
    ]


GOOD: list[tuple[Kind, dict[str, Any], dict[str, Any]]] = [
    (
        Kind.REPAYMENT_RECORDED,
        {"amount_fen": 400_000, "interest_fen": 3_000},
        {
            "repaymentDate": "2026-09-20",
            "repaidFen": 400_000,
            "repaidInterestFen": 3_000,
            "outstandingPrincipalFen": 600_000,
            "loanSettled": False,
        },
    ),
    (
        Kind.INTEREST_PAID,
        {"amount_fen": 10_875, "due_date": date(2026, 9, 10)},
        {"interestPaidDate": "2026-09-20", "interestPaidFen": 10_875, "interestDueDate": "2026-09-10"},
    ),
    (
        Kind.JUDGMENT_EFFECTIVE,
        {"case_no": "（2026）赣0781民初123号", "amount_fen": 1_050_000},
        {
            "judgmentDate": "2026-09-20",
            "judgmentCaseNo": "（2026）赣0781民初123号",
            "judgedAmountFen": 1_050_000,
        },
    ),
    (
        Kind.REPAYMENT_CAPACITY_LOST,
        {"reason": "借款人重病丧失劳动能力"},
        {"capacityLostDate": "2026-09-20", "capacityLostReason": "借款人重病丧失劳动能力"},
    ),
    (
        Kind.RECOVERY_RECEIVED,
        {"amount_fen": 20_000, "reference": "TX-778"},
        {"recoveryDate": "2026-09-20", "recoveredFen": 20_000, "recoveryRef": "TX-778"},
    ),
    (
        Kind.RECOVERY_CLOSED,
        {"reason": "执行终结"},
        {"recoveryClosedDate": "2026-09-20", "recoveryClosedReason": "执行终结"},
    ),
    (
        Kind.PREFECTURE_REVIEW_RESULT,
        {"approved": True, "amount_fen": 980_000},
        {
            "prefectureApproved": True,
            "confirmedAmountFen": 980_000,
            "prefectureReviewDate": "2026-09-20",
            "prefectureRemarks": "",
        },
    ),
    (
        Kind.PREFECTURE_REVIEW_RESULT,
        {"approved": False, "reason": "材料不全"},
        {
            "prefectureApproved": False,
            "confirmedAmountFen": 0,
            "prefectureReviewDate": "2026-09-20",
            "prefectureRemarks": "材料不全",
        },
    ),
    (
        Kind.RISK_SIGNAL_REPORTED,
        {"reason": "养殖场发生疫病", "trigger": "OPERATING_DIFFICULTY", "overdue_days": 3},
        {
            "signalDate": "2026-09-20",
            "signalCategory": "OPERATING_DIFFICULTY",
            "signalDescription": "养殖场发生疫病",
            "overdueDays": 3,
            "amountAtRiskFen": 1_000_000,
        },
    ),
    (
        Kind.RISK_SIGNAL_REPORTED,
        {"reason": "现场检查发现挪用", "category": "INSPECTION_FINDING", "amount_fen": 200_000},
        {
            "signalDate": "2026-09-20",
            "signalCategory": "INSPECTION_FINDING",
            "signalDescription": "现场检查发现挪用",
            "overdueDays": 0,
            "amountAtRiskFen": 200_000,
        },
    ),
]


@pytest.mark.parametrize(("kind", "fields", "variables"), GOOD)
def test_valid_events_become_messages(
    reg: Registry, loan_no: str, kind: Kind, fields: dict[str, Any], variables: dict[str, Any]
) -> None:
    recorded = _record(reg, kind, **fields)
    event = recorded.event
    # A signal starts its own process, so it correlates on its own key; the rest meet the loan's case.
    correlation = event.idempotency_key if kind is Kind.RISK_SIGNAL_REPORTED else loan_no
    assert (event.message_name, event.correlation_key, recorded.replayed) == (kind.value, correlation, False)
    assert event.variables == {"loanNo": loan_no, "bankCode": "GZRCB", "townshipCode": "YEPING", **variables}
    with reg.session() as s:
        assert loans.events_of(loan_no, session=s) == [event]


BAD: list[tuple[Kind, dict[str, Any], dict[str, str]]] = [
    (Kind.REPAYMENT_RECORDED, {}, {"amount_fen": "is required"}),
    (Kind.REPAYMENT_RECORDED, {"amount_fen": 0}, {"amount_fen": "not a positive amount"}),
    (
        Kind.REPAYMENT_RECORDED,
        {"amount_fen": 1_000_001},
        {"amount_fen": "exceeds the 1000000 fen outstanding"},
    ),
    (Kind.RECOVERY_RECEIVED, {"amount_fen": -5}, {"amount_fen": "not a positive amount"}),
    (Kind.INTEREST_PAID, {"amount_fen": 5, "event_date": date(2026, 9, 26)}, {"event_date": "in the future"}),
    (
        Kind.INTEREST_PAID,
        {"amount_fen": 5, "event_date": date(2025, 9, 1)},
        {"event_date": "before disbursement"},
    ),
    (Kind.JUDGMENT_EFFECTIVE, {}, {"case_no": "is required"}),
    (Kind.JUDGMENT_EFFECTIVE, {"case_no": "123"}, {"case_no": "not a court case number"}),
    (Kind.REPAYMENT_CAPACITY_LOST, {"reason": "  "}, {"reason": "is required"}),
    (Kind.PREFECTURE_REVIEW_RESULT, {}, {"approved": "is required"}),
    (Kind.PREFECTURE_REVIEW_RESULT, {"approved": True}, {"amount_fen": "is required"}),
    (Kind.PREFECTURE_REVIEW_RESULT, {"approved": False}, {"reason": "is required"}),
    (Kind.RISK_SIGNAL_REPORTED, {"amount_fen": 0}, {"reason": "is required", "amount_fen": "not a positive"}),
    (Kind.RISK_SIGNAL_REPORTED, {"reason": "x", "overdue_days": -1}, {"overdue_days": "negative"}),
    (
        Kind.RISK_SIGNAL_REPORTED,
        {"reason": "x", "trigger": "DEATH_OR_MISSING", "category": "OTHER"},
        {"category": "contradicts trigger DEATH_OR_MISSING"},
    ),
    (Kind.RECOVERY_CLOSED, {}, {"reason": "is required"}),
]


@pytest.mark.parametrize(("kind", "fields", "errors"), BAD)
def test_invalid_events_name_every_field_at_fault(
    reg: Registry, loan_no: str, kind: Kind, fields: dict[str, Any], errors: dict[str, str]
) -> None:
    with pytest.raises(ValidationFailed) as err:
        _record(reg, kind, **fields)
    assert set(err.value.fields["errors"]) == set(errors)
    for name, fragment in errors.items():
        assert fragment in err.value.fields["errors"][name]
        assert name in err.value.message
    with reg.session() as s:
        assert loans.events_of(loan_no, session=s) == []


def test_unknown_loan_is_not_found(reg: Registry) -> None:
    with pytest.raises(NotFound, match="NOPE"), reg.session() as s:
        loans.validate_event(
            Kind.RECOVERY_RECEIVED,
            loans.EventCreate(loan_no="NOPE", event_date=date(2026, 9, 1), amount_fen=1),
            session=s,
            clock=reg.clock,
        )


def test_today_is_the_shanghai_business_date(reg: Registry, loan_no: str) -> None:
    reg.clock.set(datetime(2026, 9, 25, 16, 30, tzinfo=UTC))  # 00:30 on 26 September in Shanghai
    assert _record(reg, Kind.RECOVERY_RECEIVED, amount_fen=1, event_date=date(2026, 9, 26)).replayed is False
    with pytest.raises(ValidationFailed, match="future"):
        _record(reg, Kind.RECOVERY_RECEIVED, amount_fen=1, event_date=date(2026, 9, 27))


def test_validate_event_does_not_record(reg: Registry, loan_no: str) -> None:
    data = loans.EventCreate(loan_no=loan_no, event_date=date(2026, 9, 1), amount_fen=100)
    with reg.session() as s:
        event = loans.validate_event(Kind.RECOVERY_RECEIVED, data, session=s, clock=reg.clock)
        assert loans.events_of(loan_no, session=s) == []
    assert event.message_id == event.idempotency_key and event.idempotency_key.startswith(
        "recovery-received:EV-1:"
    )


def test_replay_returns_the_first_message_and_books_the_repayment_once(reg: Registry, loan_no: str) -> None:
    first = _record(reg, Kind.REPAYMENT_RECORDED, amount_fen=1_000_000, idempotency_key="bank-tx-9")
    again = _record(reg, Kind.REPAYMENT_RECORDED, amount_fen=1_000_000, idempotency_key="bank-tx-9")
    assert again.replayed and again.event == first.event and again.event_id == first.event_id
    assert first.event.variables["loanSettled"] is True
    with reg.session() as s:
        loan = loans.get_loan(loan_no, session=s)
        assert [r.principal_fen for r in loans.repayments_of(loan_no, session=s)] == [1_000_000]
    assert (loan.status, loan.outstanding_principal_fen) == ("REPAID", 0)


def test_same_content_without_key_is_recorded_once(reg: Registry, loan_no: str) -> None:
    first = _record(reg, Kind.RECOVERY_RECEIVED, amount_fen=500)
    assert _record(reg, Kind.RECOVERY_RECEIVED, amount_fen=500).replayed
    assert not _record(reg, Kind.RECOVERY_RECEIVED, amount_fen=501).replayed
    assert (
        first.event.idempotency_key
        != _record(reg, Kind.RECOVERY_RECEIVED, amount_fen=501).event.idempotency_key
    )


def test_key_reused_for_different_content_is_a_conflict(reg: Registry, loan_no: str) -> None:
    _record(reg, Kind.RECOVERY_RECEIVED, amount_fen=500, idempotency_key="k")
    with pytest.raises(Conflict, match="'k'"):
        _record(reg, Kind.RECOVERY_RECEIVED, amount_fen=600, idempotency_key="k")
    with pytest.raises(Conflict):
        _record(reg, Kind.INTEREST_PAID, amount_fen=500, idempotency_key="k")
