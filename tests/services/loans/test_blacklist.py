"""第十五条: listing a borrower with its people, refusing their new loans, idempotent listing."""

from __future__ import annotations

from datetime import date

import pytest

from services import loans
from services.errors import Conflict, NotFound, ValidationFailed
from services.loans.schemas import BlacklistListingPublic
from tests.services.loans.conftest import ACTOR, Registry, person_id


def _list(
    reg: Registry, identifier: str, key: str = "case-1", reference: str = "（2026）赣0781民初1号"
) -> BlacklistListingPublic:
    with reg.session() as s:
        return loans.blacklist_party(
            identifier,
            reason="恶意逃避债务导致风险缓释金损失",
            reference=reference,
            idempotency_key=key,
            session=s,
            clock=reg.clock,
            actor="city:RJ/wang",
        )


def test_enterprise_listing_names_borrower_legal_rep_and_shareholders(reg: Registry) -> None:
    rep, holder = person_id(1, "19700101"), person_id(2, "19710101")
    with reg.session() as s:
        firm = reg.enterprise(s, rep=rep, holders=[rep, holder])
    listing = _list(reg, firm.credit_code or "")
    listed = [(e.listed_as, e.identifier) for e in listing.entries]
    assert listed == [("BORROWER", firm.credit_code), ("LEGAL_REPRESENTATIVE", rep), ("SHAREHOLDER", holder)]
    assert (listing.listed_on, listing.listed_by) == (date(2026, 9, 25), "city:RJ/wang")


def test_relisting_with_the_same_key_or_reference_adds_nothing(reg: Registry) -> None:
    with reg.session() as s:
        person = reg.household(s)
    first = _list(reg, person.id_number or "")
    assert _list(reg, person.id_number or "") == first
    assert _list(reg, person.id_number or "", key="another-key") == first
    with reg.session() as s:
        assert len(loans.listings_of(person.id_number or "", session=s)) == 1
    second_case = _list(reg, person.id_number or "", key="case-2", reference="XDT-2")
    assert second_case.listing_id != first.listing_id


def test_key_reused_for_another_borrower_is_a_conflict(reg: Registry) -> None:
    with reg.session() as s:
        a, b = reg.household(s), reg.household(s)
    _list(reg, a.id_number or "", key="k")
    with pytest.raises(Conflict, match="'k'"):
        _list(reg, b.id_number or "", key="k", reference="other")


def test_listed_borrower_cannot_get_a_new_loan(reg: Registry) -> None:
    with reg.session() as s:
        person = reg.household(s)
    _list(reg, person.id_number or "")
    with pytest.raises(Conflict) as err, reg.session() as s:
        reg.loan(s, person.id_number or "")
    message = err.value.message
    assert person.name in message and "2026-09-25" in message and "恶意逃避债务" in message
    assert "city:RJ/wang" in message and "（2026）赣0781民初1号" in message


def test_enterprise_is_refused_when_its_shareholder_was_listed_elsewhere(reg: Registry) -> None:
    holder = person_id(7, "19650101")
    with reg.session() as s:
        old_firm = reg.enterprise(s, rep=person_id(8), holders=[holder])
        new_firm = reg.enterprise(s, rep=person_id(9), holders=[person_id(10), holder])
        reg.loan(s, new_firm.credit_code or "", loan_no="BEFORE-LISTING")
    _list(reg, old_firm.credit_code or "")
    with pytest.raises(Conflict) as err, reg.session() as s:
        reg.loan(s, new_firm.credit_code or "", loan_no="AFTER-LISTING")
    assert holder in err.value.message and f"shareholder of {new_firm.name}" in err.value.message
    assert f"as shareholder of {old_firm.name}" in err.value.message


def test_person_listed_as_legal_rep_cannot_borrow_as_household(reg: Registry) -> None:
    rep = person_id(11, "19750101")
    with reg.session() as s:
        firm = reg.enterprise(s, rep=rep, holders=[])
        loans.register_borrower(
            loans.BorrowerCreate(kind="POOR_HOUSEHOLD", name="法人", id_number=rep),
            session=s,
            clock=reg.clock,
            actor=ACTOR,
        )
    _list(reg, firm.credit_code or "")
    with pytest.raises(Conflict, match="legal representative"), reg.session() as s:
        reg.loan(s, rep)


def test_listing_needs_a_known_borrower_reason_and_past_date(reg: Registry) -> None:
    with pytest.raises(NotFound):
        _list(reg, person_id(12))
    with reg.session() as s:
        person = reg.household(s)
    with pytest.raises(ValidationFailed, match="reason"), reg.session() as s:
        loans.blacklist_party(
            person.id_number or "",
            reason=" ",
            reference="r",
            idempotency_key="x",
            session=s,
            clock=reg.clock,
            actor=ACTOR,
        )
    with pytest.raises(ValidationFailed, match="future"), reg.session() as s:
        loans.blacklist_party(
            person.id_number or "",
            reason="r",
            reference="r",
            idempotency_key="x",
            listed_on=date(2026, 9, 26),
            session=s,
            clock=reg.clock,
            actor=ACTOR,
        )
