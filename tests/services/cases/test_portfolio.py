"""The inspection plan (第十条) and the joint-meeting summary (第六条), on the demo portfolio."""

from __future__ import annotations

import json
from datetime import date

import pytest

from services import cases, loans
from services.cases import SignalGrade
from services.clock import FixedClock
from services.db import Database
from services.loans import DefaultTrigger
from services.loans.demo import load_demo_data

ACTOR = "system:demo"
TODAY = date(2026, 9, 25)


@pytest.fixture
def demo(db: Database, clock: FixedClock) -> Database:
    with db.session() as s:
        assert load_demo_data(session=s, clock=clock, actor=ACTOR).loans == 10
    return db


def test_inspection_covers_townships_with_active_or_defaulted_loans(
    demo: Database, clock: FixedClock
) -> None:
    with demo.session() as s:
        assert cases.plan_inspection(session=s, as_of=TODAY) == [
            "JIUBAO",
            "RENTIAN",
            "SHAZHOUBA",
            "WUYANG",
            "YEPING",
            "YUNSHISHAN",
        ]
        assert cases.plan_inspection(session=s, as_of=date(2025, 6, 1)) == ["SHAZHOUBA", "YEPING"]
        # 仁田's only loan repaid: the township drops out; a defaulted loan keeps 九堡 in.
        loans.record_repayment(
            "XDT-GZRCB-2026-0002",
            loans.RepaymentCreate(paid_on=date(2026, 9, 1), principal_fen=5_000_000),
            session=s,
            clock=clock,
            actor=ACTOR,
        )
        cases.open_default_case(
            "XDT-PSBC-2025-0001",
            DefaultTrigger.OPERATING_DIFFICULTY,
            date(2026, 9, 1),
            "k",
            session=s,
            clock=clock,
            actor=ACTOR,
        )
        assert "RENTIAN" not in cases.plan_inspection(session=s, as_of=TODAY)
        assert "JIUBAO" in cases.plan_inspection(session=s, as_of=TODAY)


def test_portfolio_summary_counts_and_sums_by_status_and_bank(demo: Database, clock: FixedClock) -> None:
    with demo.session() as s:
        loans.record_repayment(
            "XDT-ABC-2025-0002",
            loans.RepaymentCreate(paid_on=date(2026, 9, 1), principal_fen=10_000_000),
            session=s,
            clock=clock,
            actor=ACTOR,
        )
        cases.open_default_case(
            "XDT-PSBC-2025-0001",
            DefaultTrigger.OPERATING_DIFFICULTY,
            date(2026, 9, 1),
            "k",
            session=s,
            clock=clock,
            actor=ACTOR,
        )
        signal = cases.SignalCreate(
            loan_no="XDT-PSBC-2025-0001",
            category="OPERATING_DIFFICULTY",
            grade=SignalGrade.RED,
            signal_date=date(2026, 8, 30),
            idempotency_key="s",
        )
        cases.register_signal(signal, session=s, clock=clock, actor=ACTOR)
        summary = cases.portfolio_summary(session=s, as_of=TODAY)
        earlier = cases.portfolio_summary(session=s, as_of=date(2025, 6, 30))
    assert json.loads(json.dumps(summary)) == summary
    assert (summary["asOf"], summary["loanCount"], summary["principalFen"]) == ("2026-09-25", 10, 179_000_000)
    assert summary["outstandingPrincipalFen"] == 169_000_000
    assert summary["byStatus"]["ACTIVE"] == {
        "loanCount": 9,
        "principalFen": 175_000_000,
        "outstandingPrincipalFen": 165_000_000,
    }
    assert (
        summary["byStatus"]["DEFAULTED"]["loanCount"] == 1 and summary["byStatus"]["REPAID"]["loanCount"] == 0
    )
    banks = {row["bankCode"]: row for row in summary["byBank"]}
    assert [row["bankCode"] for row in summary["byBank"]] == ["ABC", "GZRCB", "PSBC"]
    assert (banks["GZRCB"]["loanCount"], banks["GZRCB"]["principalFen"]) == (5, 118_000_000)
    assert (banks["ABC"]["principalFen"], banks["ABC"]["outstandingPrincipalFen"]) == (37_000_000, 27_000_000)
    assert banks["PSBC"]["byStatus"] == {
        "ACTIVE": 1,
        "DEFAULTED": 1,
        "REPAID": 0,
        "COMPENSATED": 0,
        "CLOSED": 0,
    }
    assert summary["openDefaultCases"] == 1
    assert summary["riskSignals"] == {"since": "2026-03-27", "RED": 1, "ORANGE": 0, "YELLOW": 0}
    assert (earlier["loanCount"], earlier["principalFen"]) == (4, 18_000_000)
    assert earlier["riskSignals"]["RED"] == 0
