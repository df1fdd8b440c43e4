"""Registering reference data, borrowers and loans; repayments and status changes."""

from __future__ import annotations

from datetime import date

import pytest

from services import audit, loans
from services.errors import Conflict, NotFound, ValidationFailed
from tests.services.loans.conftest import ACTOR, Registry, credit_code, person_id


def test_loan_round_trips_with_its_borrower_and_places(reg: Registry) -> None:
    with reg.session() as s:
        borrower = reg.household(s)
        created = reg.loan(s, borrower.id_number or "", loan_no="RJ-1", principal_fen=3_000_050)
    with reg.session() as s:
        loan = loans.get_loan("RJ-1", session=s)
    assert loan == created
    assert (loan.borrower.name, loan.bank_code, loan.village_code) == (borrower.name, "GZRCB", "YEPING-HUAWU")
    assert (loan.principal_fen, loan.outstanding_principal_fen, loan.status) == (
        3_000_050,
        3_000_050,
        "ACTIVE",
    )


def test_every_registration_is_audited(reg: Registry) -> None:
    with reg.session() as s:
        borrower = reg.household(s)
        reg.loan(s, borrower.id_number or "", loan_no="RJ-AUD")
        entries = audit.entries_for(s, object_type="loan", object_id="RJ-AUD")
        bank_entries = audit.entries_for(s, object_type="bank", object_id="GZRCB")
    assert [e.action for e in entries] == ["loan.register"]
    assert entries[0].actor == ACTOR and entries[0].detail["principal_fen"] == 5_000_000
    assert [e.action for e in bank_entries] == ["bank.register"]


def test_duplicate_loan_number_is_a_conflict(reg: Registry) -> None:
    with reg.session() as s:
        borrower = reg.household(s)
        reg.loan(s, borrower.id_number or "", loan_no="RJ-DUP")
    with pytest.raises(Conflict, match="RJ-DUP"), reg.session() as s:
        reg.loan(s, borrower.id_number or "", loan_no="RJ-DUP")


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ({"bank_code": "ICBC"}, "unknown bank 'ICBC'"),
        ({"township_code": "MARS"}, "unknown township 'MARS'"),
        ({"village_code": "SHAZHOUBA-SHAZHOUBA"}, "unknown village 'SHAZHOUBA-SHAZHOUBA' in township YEPING"),
        ({"matures_on": date(2025, 10, 1)}, "is not after disbursement"),
        ({"disbursed_on": date(2026, 9, 26), "matures_on": date(2027, 9, 26)}, "in the future"),
        ({"borrower": person_id(999)}, "unknown borrower"),
    ],
)
def test_bad_loans_are_refused_with_the_reason(
    reg: Registry, override: dict[str, object], fragment: str
) -> None:
    with reg.session() as s:
        borrower = reg.household(s)
    with pytest.raises(ValidationFailed, match=fragment), reg.session() as s:
        reg.loan(s, borrower.id_number or "", **override)
    with reg.session() as s:
        assert loans.visible_loans(s, loans.Principal("u", loans.Role.CITY)) == []


def test_borrower_rules_per_kind(reg: Registry) -> None:
    household_with_code = loans.BorrowerCreate(kind="POOR_HOUSEHOLD", name="甲", credit_code=credit_code(1))
    org_without_rep = loans.BorrowerCreate(
        kind="COOPERATIVE", name="乙合作社", credit_code=credit_code(2, "93")
    )
    org_with_id = loans.BorrowerCreate(kind="FAMILY_FARM", name="丙农场", id_number=person_id(3))
    bad_holder = loans.BorrowerCreate(
        kind="AGRI_ENTERPRISE",
        name="丁公司",
        credit_code=credit_code(4),
        legal_representative=loans.PartyIn(name="丁", id_number=person_id(4)),
        shareholders=[loans.PartyIn(name="戊", id_number=person_id(5)[:-1] + "0")],
    )
    cases = [
        (household_with_code, "credit_code"),
        (org_without_rep, "legal_representative"),
        (org_with_id, "id_number"),
        (bad_holder, "shareholders[0].id_number"),
    ]
    for data, field in cases:
        with pytest.raises(ValidationFailed) as err, reg.session() as s:
            loans.register_borrower(data, session=s, clock=reg.clock, actor=ACTOR)
        assert err.value.fields["field"] == field


def test_duplicate_borrower_is_a_conflict(reg: Registry) -> None:
    with reg.session() as s:
        data = reg.household(s)
    with pytest.raises(Conflict, match="already registered"), reg.session() as s:
        loans.register_borrower(data, session=s, clock=reg.clock, actor=ACTOR)


def test_reference_data_conflicts_and_lookups(reg: Registry) -> None:
    with pytest.raises(Conflict), reg.session() as s:
        loans.register_bank(loans.BankCreate(code="GZRCB", name="x"), session=s, clock=reg.clock, actor=ACTOR)
    with pytest.raises(Conflict), reg.session() as s:
        loans.register_township(
            loans.TownshipCreate(code="NEW", name="叶坪乡"), session=s, clock=reg.clock, actor=ACTOR
        )
    with pytest.raises(NotFound), reg.session() as s:
        village = loans.VillageCreate(code="X-1", name="某村", township_code="NOPE")
        loans.register_village(village, session=s, clock=reg.clock, actor=ACTOR)
    with reg.session() as s:
        assert [b.code for b in loans.list_banks(s)] == ["ABC", "GZRCB"]


def test_repayments_reduce_the_balance_and_full_repayment_closes_the_loan(reg: Registry) -> None:
    with reg.session() as s:
        loan = reg.loan(s, reg.household(s).id_number or "", principal_fen=1_000_000)
        loans.record_repayment(
            loan.loan_no,
            loans.RepaymentCreate(paid_on=date(2026, 3, 1), principal_fen=400_000, interest_fen=21_750),
            session=s,
            clock=reg.clock,
            actor=ACTOR,
        )
        assert loans.get_loan(loan.loan_no, session=s).outstanding_principal_fen == 600_000
        loans.record_repayment(
            loan.loan_no,
            loans.RepaymentCreate(paid_on=date(2026, 9, 1), principal_fen=600_000),
            session=s,
            clock=reg.clock,
            actor=ACTOR,
        )
        final = loans.get_loan(loan.loan_no, session=s)
        history = loans.repayments_of(loan.loan_no, session=s)
    assert (final.status, final.outstanding_principal_fen) == ("REPAID", 0)
    assert [r.principal_fen for r in history] == [400_000, 600_000]


def test_replayed_repayment_is_booked_once(reg: Registry) -> None:
    data = loans.RepaymentCreate(paid_on=date(2026, 3, 1), principal_fen=100_000, idempotency_key="job-1")
    with reg.session() as s:
        loan = reg.loan(s, reg.household(s).id_number or "")
        first = loans.record_repayment(loan.loan_no, data, session=s, clock=reg.clock, actor=ACTOR)
    with reg.session() as s:
        again = loans.record_repayment(loan.loan_no, data, session=s, clock=reg.clock, actor=ACTOR)
        assert again == first
        assert loans.get_loan(loan.loan_no, session=s).repaid_principal_fen == 100_000
    changed = data.model_copy(update={"principal_fen": 200_000})
    with pytest.raises(Conflict, match="job-1"), reg.session() as s:
        loans.record_repayment(loan.loan_no, changed, session=s, clock=reg.clock, actor=ACTOR)


@pytest.mark.parametrize(
    ("principal", "interest", "paid_on", "fragment"),
    [
        (0, 0, date(2026, 3, 1), "positive"),
        (5_000_001, 0, date(2026, 3, 1), "exceeds"),
        (100, 0, date(2026, 9, 26), "future"),
        (100, 0, date(2025, 9, 30), "before the loan was disbursed"),
    ],
)
def test_bad_repayments_are_refused(
    reg: Registry, principal: int, interest: int, paid_on: date, fragment: str
) -> None:
    with reg.session() as s:
        loan = reg.loan(s, reg.household(s).id_number or "")
    data = loans.RepaymentCreate(paid_on=paid_on, principal_fen=principal, interest_fen=interest)
    with pytest.raises(ValidationFailed, match=fragment), reg.session() as s:
        loans.record_repayment(loan.loan_no, data, session=s, clock=reg.clock, actor=ACTOR)


def test_status_follows_the_lifecycle(reg: Registry) -> None:
    with reg.session() as s:
        loan = reg.loan(s, reg.household(s).id_number or "")
        with pytest.raises(ValidationFailed, match="trigger"):
            loans.set_loan_status(
                loan.loan_no, loans.LoanStatus.DEFAULTED, session=s, clock=reg.clock, actor=ACTOR
            )
        defaulted = loans.set_loan_status(
            loan.loan_no,
            loans.LoanStatus.DEFAULTED,
            trigger=loans.DefaultTrigger.UNPAID_AT_MATURITY,
            session=s,
            clock=reg.clock,
            actor=ACTOR,
        )
        with pytest.raises(Conflict, match="cannot become CLOSED"):
            loans.set_loan_status(
                loan.loan_no, loans.LoanStatus.CLOSED, session=s, clock=reg.clock, actor=ACTOR
            )
        compensated = loans.set_loan_status(
            loan.loan_no, loans.LoanStatus.COMPENSATED, session=s, clock=reg.clock, actor=ACTOR
        )
    assert defaulted.default_trigger is loans.DefaultTrigger.UNPAID_AT_MATURITY
    assert (compensated.status, compensated.default_trigger) == ("COMPENSATED", "UNPAID_AT_MATURITY")


def test_interest_events_are_kept_once(reg: Registry) -> None:
    data = loans.InterestEventCreate(
        kind="MISSED", due_on=date(2026, 6, 20), occurred_on=date(2026, 6, 21), amount_fen=54_375
    )
    with reg.session() as s:
        loan = reg.loan(s, reg.household(s).id_number or "")
        first = loans.record_interest_event(loan.loan_no, data, session=s, clock=reg.clock, actor=ACTOR)
        again = loans.record_interest_event(loan.loan_no, data, session=s, clock=reg.clock, actor=ACTOR)
        actions = [e.action for e in audit.entries_for(s, object_type="loan", object_id=loan.loan_no)]
    assert first == again
    assert actions.count("loan.interest.missed") == 1


def test_lost_insert_race_is_a_conflict_not_a_database_error(reg: Registry) -> None:
    from services.loans.models import Bank
    from services.loans.uniqueness import flush_unique

    with pytest.raises(Conflict, match="bank GZRCB was recorded at the same moment"), reg.session() as s:
        s.add(Bank(code="GZRCB", name="重复"))  # as if the existence check had raced another request
        flush_unique(s, what="bank GZRCB")


def test_loan_variables_for_a_process(reg: Registry) -> None:
    with reg.session() as s:
        loan = reg.loan(s, reg.household(s).id_number or "", loan_no="VAR-1")
    variables = loans.loan_variables(loan)
    assert variables["loanNo"] == "VAR-1" and variables["bankGroup"] == "bank:GZRCB"
    assert (variables["principalFen"], variables["maturityDate"]) == (5_000_000, "2026-10-01")


def test_a_shareholder_given_twice_is_refused(reg: Registry) -> None:
    holder = loans.PartyIn(name="甲", id_number=person_id(20))
    data = loans.BorrowerCreate(
        kind="COOPERATIVE",
        name="某合作社",
        credit_code=credit_code(20, "93"),
        legal_representative=loans.PartyIn(name="乙", id_number=person_id(21)),
        shareholders=[holder, holder],
    )
    with (
        pytest.raises(ValidationFailed, match=r"shareholders\[1\].id_number .* is given twice"),
        reg.session() as s,
    ):
        loans.register_borrower(data, session=s, clock=reg.clock, actor=ACTOR)
