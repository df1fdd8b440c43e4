"""第十六条–第二十一条 end to end: from maturity to paid compensation and later recoveries."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from services import fund, loans
from services.documents.tables import IssuedDocument
from services.embedded import walk
from tests.e2e.conftest import StackFactory

LOAN = "XDT-GZRCB-2025-0002"  # 杨富生, 50 000.00 yuan, matures 2026-10-20


def test_unpaid_at_maturity_runs_to_paid_compensation_blacklist_and_recoveries(
    open_stack: StackFactory, db_url: str
) -> None:
    """Runs with the services database on SQLite and on PostgreSQL."""
    stack = open_stack("2026-09-01T09:00:00", services_db_url=db_url)
    result = walk.walk_to_compensation(stack, LOAN, recovered_fen=1_200_000)
    assert result.case is not None
    assert stack.completed(result.case) and stack.completed(result.watch)

    facts = stack.variables(result.case)
    assert facts["trigger"] == "UNPAID_AT_MATURITY" and facts["triggerDate"] == "2026-10-21"
    assert facts["overdueNoticeNo"].startswith("瑞扶催〔2026〕")
    assert facts["collectionDeadlineDate"] == "2026-12-02"  # 30 working days after 2026-10-21
    assert facts["collectionDeadlineProvisional"] is False
    claim = facts["claimFen"]
    assert facts["principalLossFen"] == 5_000_000 and claim >= 5_000_000
    assert facts["compensationPaidFen"] == claim and facts["uncoveredFen"] == 0
    assert facts["ganzhouShareFen"] + facts["ruijinShareFen"] == claim
    assert facts["totalRecoveredFen"] == 1_200_000 and facts["blacklistEntryIds"]
    # 7 natural days after 2026-09-20 end on Sunday 27th, so the period runs to Monday (民法典 第二百零三条).
    assert stack.variables(result.watch)["deliveryDeadlineDate"] == "2026-09-28"

    with stack.db.session() as session:
        postings = [
            (p.kind.value, p.amount_fen)
            for p in fund.list_postings("GZRCB", session=session)
            if p.loan_no == LOAN
        ]
        assert postings == [("COMPENSATION", -claim), ("RECOVERY", 1_200_000)]
        assert fund.reconcile(session) == []
        loan = loans.get_loan(LOAN, session=session)
        assert loan.status is loans.LoanStatus.COMPENSATED
        borrower = loan.borrower.identifier
        assert loans.listings_of(borrower, session=session)
        types = sorted(d.doc_type for d in session.scalars(select(IssuedDocument)))
    assert types == sorted(
        [
            "REPAYMENT_REMINDER",
            "OVERDUE_NOTICE",
            "ONSITE_CONFIRMATION",
            "COMPENSATION_APPLICATION",
            "INITIAL_REVIEW",
            "CITY_REQUEST",
            "PREFECTURE_SUBMISSION",
            "PAYMENT_ORDER",
            "BLACKLIST_REPORT",
        ]
    )
    # Every statutory period was met: nothing escalated, and the timeline shows each deadline kept.
    assert stack.instances("deadline-escalation") == []
    with_deadline = [s for s in result.steps if s.due is not None]
    assert {s.element_id for s in with_deadline} >= {
        "Task_DeliverReminder",
        "Task_ApplyCompensation",
        "Task_InitialReview",
        "Task_SubmitToCity",
    }
    assert all(s.met for s in with_deadline)
    assert date(2026, 9, 20) <= result.steps[0].ended.date()  # type: ignore[union-attr]
