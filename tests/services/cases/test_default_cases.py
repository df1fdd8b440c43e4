"""Opening default cases and checking repayment."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from services import audit, cases, loans
from services.cases.tables import DefaultCaseRow
from services.errors import Conflict, NotFound, ValidationFailed
from services.loans import DefaultTrigger, LoanStatus
from tests.services.cases.factories import ACTOR, World

OVERDUE = DefaultTrigger.INTEREST_OVERDUE_10_DAYS


def _open(
    world: World, loan_no: str, key: str, trigger: DefaultTrigger = OVERDUE, on: date = date(2026, 7, 1)
) -> cases.DefaultCase:
    with world.db.session() as s:
        return cases.open_default_case(loan_no, trigger, on, key, session=s, clock=world.clock, actor=ACTOR)


def _case_count(world: World) -> int:
    with world.db.session() as s:
        return int(s.scalar(select(func.count(DefaultCaseRow.id))) or 0)


def test_opening_a_case_defaults_the_loan_and_is_audited(world: World) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
    case = _open(world, loan.loan_no, "k1")
    assert (case.loan_no, case.trigger, case.trigger_date) == (loan.loan_no, OVERDUE, date(2026, 7, 1))
    assert case.status is cases.CaseStatus.OPEN and not case.replayed
    assert case.opened_at == world.clock.now()
    with world.db.session() as s:
        after = loans.get_loan(loan.loan_no, session=s)
        assert (after.status, after.default_trigger) == (LoanStatus.DEFAULTED, OVERDUE)
        [entry] = audit.entries_for(s, object_type="default_case", object_id=case.case_id)
        assert entry.action == "default_case.open" and entry.detail["trigger_date"] == "2026-07-01"
        assert cases.default_case_of(loan.loan_no, session=s).case_id == case.case_id


def test_replaying_the_key_returns_the_same_case(world: World) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
    first = _open(world, loan.loan_no, "k1")
    again = _open(world, loan.loan_no, "k1")
    assert again.case_id == first.case_id and again.replayed
    assert _case_count(world) == 1
    with world.db.session() as s:
        assert len(audit.entries_for(s, object_type="default_case", object_id=first.case_id)) == 1


def test_a_second_default_of_the_same_loan_gets_the_open_case(world: World) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
    first = _open(world, loan.loan_no, "interest-watch")
    second = _open(world, loan.loan_no, "risk-signal", DefaultTrigger.OPERATING_DIFFICULTY, date(2026, 8, 3))
    assert second.case_id == first.case_id and second.replayed
    assert second.trigger is OVERDUE
    assert _case_count(world) == 1


def test_a_key_reused_with_other_facts_is_refused(world: World) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
    _open(world, loan.loan_no, "k1")
    with pytest.raises(Conflict, match="k1"):
        _open(world, loan.loan_no, "k1", on=date(2026, 7, 2))


def test_a_loan_already_defaulted_gets_a_case_and_keeps_its_trigger(world: World) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
        loans.set_loan_status(
            loan.loan_no,
            LoanStatus.DEFAULTED,
            trigger=DefaultTrigger.DEATH_OR_MISSING,
            session=s,
            clock=world.clock,
            actor=ACTOR,
        )
    case = _open(world, loan.loan_no, "k1")
    assert case.trigger is OVERDUE and not case.replayed
    with world.db.session() as s:
        assert loans.get_loan(loan.loan_no, session=s).default_trigger is DefaultTrigger.DEATH_OR_MISSING


@pytest.mark.parametrize(
    ("on", "field"),
    [(date(2026, 9, 26), "trigger_date"), (date(2025, 9, 30), "trigger_date")],
    ids=["future", "before-disbursement"],
)
def test_bad_trigger_dates_are_refused(world: World, on: date, field: str) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
    with pytest.raises(ValidationFailed) as caught:
        _open(world, loan.loan_no, "k1", on=on)
    assert caught.value.fields["field"] == field
    assert _case_count(world) == 0


def test_unknown_loan_trigger_and_empty_key_are_refused(world: World) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
    with pytest.raises(NotFound, match="NOPE"):
        _open(world, "NOPE", "k1")
    with pytest.raises(ValidationFailed, match="trigger"):
        _open(world, loan.loan_no, "k1", trigger="LATE")  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="idempotency_key"):
        _open(world, loan.loan_no, "  ")


def test_a_repaid_loan_cannot_default(world: World) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
        world.repay(s, loan.loan_no, date(2026, 6, 1), loan.principal_fen)
    with pytest.raises(Conflict, match="REPAID"):
        _open(world, loan.loan_no, "k1")
    assert _case_count(world) == 0


def test_check_repaid_follows_the_outstanding_principal(world: World) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
        world.repay(s, loan.loan_no, date(2026, 6, 1), 1_200_000, 10_000)
        assert cases.check_repaid(loan.loan_no, session=s) == cases.RepaymentState(False, 3_800_000)
        world.repay(s, loan.loan_no, date(2026, 7, 1), 3_800_000)
        assert cases.check_repaid(loan.loan_no, session=s) == cases.RepaymentState(True, 0)
        with pytest.raises(NotFound):
            cases.check_repaid("NOPE", session=s)
        with pytest.raises(NotFound, match="no default case"):
            cases.default_case_of(loan.loan_no, session=s)
