"""Pure pieces: dates as variables carry them, free-text lists from forms, interest owed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from services.dossier import parse_business_date
from services.dossier.interest import interest_owed_fen
from services.dossier.parsing import parse_lines, parse_loan_numbers, parse_people
from services.dossier.snapshot import InterestFact, LoanSnapshot, RepaymentFact
from services.loans.enums import BorrowerKind, InterestEventKind


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-02", date(2026, 3, 2)),
        ("2026-03-01T16:30:00Z", date(2026, 3, 2)),  # 00:30 in Shanghai
        ("2026-03-02T23:59:00+08:00", date(2026, 3, 2)),
        ("2026-03-02T10:00:00", date(2026, 3, 2)),
        (date(2026, 3, 2), date(2026, 3, 2)),
        (datetime(2026, 3, 2, 10, 0), date(2026, 3, 2)),
    ],
)
def test_business_dates(value: object, expected: date) -> None:
    assert parse_business_date(value) == expected


@pytest.mark.parametrize("value", ["02/03/2026", "2026-02-30", 20260302, None])
def test_not_dates(value: object) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_business_date(value)


def test_people_split_on_every_separator_but_not_inside_brackets() -> None:
    people = parse_people(
        " 黄志刚、华国强，钟兰英（华屋村 村委会）, 刘强;李明；王五 赵六\u3000孙七(叶坪乡政府)"
    )
    assert [(p.name, p.unit) for p in people] == [
        ("黄志刚", None),
        ("华国强", None),
        ("钟兰英", "华屋村 村委会"),
        ("刘强", None),
        ("李明", None),
        ("王五", None),
        ("赵六", None),
        ("孙七", "叶坪乡政府"),
    ]


def test_loan_numbers() -> None:
    assert parse_loan_numbers("XDT-A-1， XDT-B-2,XDT-A-1") == (["XDT-A-1", "XDT-B-2"], [])
    assert parse_loan_numbers(["XDT-A-1"]) == (["XDT-A-1"], [])
    assert parse_loan_numbers("无") == ([], [])
    assert parse_loan_numbers(None) == ([], [])
    assert parse_loan_numbers("XDT-A-1、张三家") == (["XDT-A-1"], ["张三家"])


def test_lines() -> None:
    assert parse_lines("1. 借款合同\n2) 催收记录；- 判决书") == ["借款合同", "催收记录", "判决书"]
    assert parse_lines(None) == []


LOAN = LoanSnapshot(
    loan_no="L-1",
    borrower_name="甲",
    borrower_kind=BorrowerKind.POOR_HOUSEHOLD,
    borrower_identifier="360781198001010011",
    bank_code="GZRCB",
    bank_name="银行",
    township_code="YEPING",
    township_name="叶坪乡",
    village_name=None,
    principal_fen=3_600_000,
    annual_rate_bp=1000,  # 10 %: 1 000 fen a day on 3 600 000 fen at /360
    disbursed_on=date(2026, 1, 1),
    matures_on=date(2026, 12, 31),
    purpose="养殖",
    outstanding_principal_fen=3_600_000,
)


def test_interest_accrues_daily_at_a_360th_of_the_annual_rate() -> None:
    assert interest_owed_fen(LOAN, date(2026, 1, 11)) == 10 * 1000


def test_interest_stops_at_maturity() -> None:
    assert (
        interest_owed_fen(LOAN, date(2027, 6, 1)) == interest_owed_fen(LOAN, date(2026, 12, 31)) == 364 * 1000
    )


def test_a_principal_repayment_lowers_the_balance_from_the_next_day() -> None:
    loan = replace(LOAN, repayments=(RepaymentFact(date(2026, 1, 6), 1_800_000, 0),))
    assert interest_owed_fen(loan, date(2026, 1, 11)) == 5 * 1000 + 5 * 500


def test_recorded_instalments_count_until_paid_and_restart_accrual() -> None:
    missed = (InterestFact(InterestEventKind.MISSED, date(2026, 1, 21), 20_000),)
    loan = replace(LOAN, interest_events=missed)
    assert interest_owed_fen(loan, date(2026, 1, 31)) == 20_000 + 10 * 1000
    paid = replace(
        loan, interest_events=(*missed, InterestFact(InterestEventKind.PAID, date(2026, 1, 21), 20_000))
    )
    assert interest_owed_fen(paid, date(2026, 1, 31)) == 10 * 1000


def test_interest_paid_with_a_repayment_is_deducted() -> None:
    loan = replace(LOAN, repayments=(RepaymentFact(date(2026, 1, 11), 0, 4_000),))
    assert interest_owed_fen(loan, date(2026, 1, 21)) == 20 * 1000 - 4_000
