"""The compensation claim (第二十一条) with worked figures; docs/cases.md repeats the first one."""

from __future__ import annotations

from datetime import date

import pytest

from services import cases
from services.cases.claim import ClaimFacts, Paid, claim_from, div_half_up, simple_interest_fen
from services.errors import NotFound, ValidationFailed
from services.loans import DefaultTrigger
from tests.services.cases.factories import ACTOR, World


def test_worked_example_interest_overdue(world: World) -> None:
    """50,000 yuan at 4.35 %, 10,000 yuan repaid before the default, interest paid to 21 March.

    principal loss 4,000,000 fen; interest 4,000,000 × 435 × 102 days / (10,000 × 360) = 49,300 fen
    (21 March to 1 July: 102 days); recoveries after the default 500,000 + 20,000 fen.
    """
    with world.db.session() as s:
        loan = world.loan(s)
        world.interest_paid(s, loan.loan_no, date(2025, 12, 21), 43_500)
        world.interest_paid(s, loan.loan_no, date(2026, 3, 21), 54_375)
        world.repay(s, loan.loan_no, date(2026, 4, 15), 1_000_000)
        cases.open_default_case(
            loan.loan_no,
            DefaultTrigger.INTEREST_OVERDUE_10_DAYS,
            date(2026, 7, 1),
            "k",
            session=s,
            clock=world.clock,
            actor=ACTOR,
        )
        world.repay(s, loan.loan_no, date(2026, 8, 10), 500_000, 20_000)
        before_recovery = cases.compute_claim(loan.loan_no, session=s, as_of=date(2026, 8, 9))
        claim = cases.compute_claim(loan.loan_no, session=s, as_of=date(2026, 9, 25))
    assert (claim.principal_loss_fen, claim.interest_loss_fen) == (4_000_000, 49_300)
    assert (claim.interest_from, claim.interest_to, claim.interest_days) == (
        date(2026, 3, 21),
        date(2026, 7, 1),
        102,
    )
    assert (claim.earlier_recoveries_fen, claim.claim_fen) == (520_000, 3_529_300)
    assert (before_recovery.earlier_recoveries_fen, before_recovery.claim_fen) == (0, 4_049_300)


def test_unpaid_at_maturity_stops_interest_at_maturity(world: World) -> None:
    """30,000 yuan, no interest ever paid, default the day after maturity: 365 days of interest,
    3,000,000 × 435 × 365 / 3,600,000 = 132,312.5 → 132,313 fen (half up); nothing after maturity."""
    with world.db.session() as s:
        loan = world.loan(
            s, principal_fen=3_000_000, disbursed_on=date(2025, 9, 1), matures_on=date(2026, 9, 1)
        )
        cases.open_default_case(
            loan.loan_no,
            DefaultTrigger.UNPAID_AT_MATURITY,
            date(2026, 9, 2),
            "k",
            session=s,
            clock=world.clock,
            actor=ACTOR,
        )
        claim = cases.compute_claim(loan.loan_no, session=s, as_of=date(2026, 9, 25))
    assert (claim.interest_from, claim.interest_to, claim.interest_days) == (
        date(2025, 9, 1),
        date(2026, 9, 1),
        365,
    )
    assert (claim.principal_loss_fen, claim.interest_loss_fen, claim.claim_fen) == (
        3_000_000,
        132_313,
        3_132_313,
    )


def test_no_case_and_as_of_before_the_default_are_refused(world: World) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
        with pytest.raises(NotFound, match="no default case"):
            cases.compute_claim(loan.loan_no, session=s, as_of=date(2026, 9, 25))
        cases.open_default_case(
            loan.loan_no,
            DefaultTrigger.MAJOR_LEGAL_DISPUTE,
            date(2026, 7, 1),
            "k",
            session=s,
            clock=world.clock,
            actor=ACTOR,
        )
        with pytest.raises(ValidationFailed) as caught:
            cases.compute_claim(loan.loan_no, session=s, as_of=date(2026, 6, 30))
        assert caught.value.fields["field"] == "as_of"
        with pytest.raises(NotFound):
            cases.compute_claim("NOPE", session=s, as_of=date(2026, 9, 25))


def _facts(**over: object) -> ClaimFacts:
    values: dict[str, object] = {
        "principal_fen": 1_000_000,
        "annual_rate_bp": 500,
        "disbursed_on": date(2026, 1, 1),
        "matures_on": date(2026, 12, 31),
        "trigger_date": date(2026, 1, 11),
        "last_paid_due_on": None,
        "repayments": (),
    }
    values.update(over)
    return ClaimFacts(**values)  # type: ignore[arg-type]


def test_interest_rounds_half_up_to_the_fen() -> None:
    assert [div_half_up(n, 10) for n in (4, 5, 14, 15, 0)] == [0, 1, 1, 2, 0]
    # 1,000,000 × 500 × 10 / 3,600,000 = 1,388.88… → 1,389
    assert simple_interest_fen(1_000_000, 500, 10) == 1_389
    # 360 days at 5 % is exactly 5 % of the principal: actual/360
    assert simple_interest_fen(1_000_000, 500, 360) == 50_000
    with pytest.raises(ValueError):
        div_half_up(-1, 10)


def test_interest_paid_beyond_the_default_leaves_no_interest_loss() -> None:
    claim = claim_from(_facts(last_paid_due_on=date(2026, 3, 21)), as_of=date(2026, 4, 1))
    assert (claim.interest_days, claim.interest_loss_fen, claim.claim_fen) == (0, 0, 1_000_000)


def test_recoveries_count_from_the_trigger_date_and_the_claim_never_goes_negative() -> None:
    repayments = (
        Paid(date(2026, 1, 10), 100_000, 0),  # before the default: lowers the principal loss
        Paid(date(2026, 1, 11), 0, 1_000),  # on the trigger date: a recovery
        Paid(date(2026, 2, 1), 2_000_000, 0),  # more than the loss
    )
    claim = claim_from(_facts(repayments=repayments), as_of=date(2026, 3, 1))
    assert claim.principal_loss_fen == 900_000
    assert claim.interest_loss_fen == simple_interest_fen(900_000, 500, 10) == 1_250
    assert claim.earlier_recoveries_fen == 2_001_000
    assert claim.claim_fen == 0
