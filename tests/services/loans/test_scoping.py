"""Who sees what: bank staff their bank's loans, township staff their township's, city/prefecture all."""

from __future__ import annotations

import pytest

from services import loans
from services.errors import NotFound, ValidationFailed
from tests.services.loans.conftest import Registry

Role = loans.Role


@pytest.fixture
def three_loans(reg: Registry) -> dict[str, str]:
    with reg.session() as s:
        borrower = reg.household(s).id_number or ""
        reg.loan(s, borrower, loan_no="GZ-YP", bank_code="GZRCB", township_code="YEPING")
        reg.loan(s, borrower, loan_no="ABC-YP", bank_code="ABC", township_code="YEPING")
        reg.loan(
            s,
            borrower,
            loan_no="ABC-SZB",
            bank_code="ABC",
            township_code="SHAZHOUBA",
            village_code="SHAZHOUBA-SHAZHOUBA",
        )
    return {"borrower": borrower}


@pytest.mark.parametrize(
    ("role", "org", "expected"),
    [
        (Role.BANK, "GZRCB", ["GZ-YP"]),
        (Role.BANK, "ABC", ["ABC-SZB", "ABC-YP"]),
        (Role.TOWNSHIP, "YEPING", ["ABC-YP", "GZ-YP"]),
        (Role.TOWNSHIP, "SHAZHOUBA", ["ABC-SZB"]),
        (Role.CITY, None, ["ABC-SZB", "ABC-YP", "GZ-YP"]),
        (Role.PREFECTURE, None, ["ABC-SZB", "ABC-YP", "GZ-YP"]),
        (Role.BANK, "PSBC", []),
    ],
)
def test_visible_loans_by_role(
    reg: Registry, three_loans: dict[str, str], role: Role, org: str | None, expected: list[str]
) -> None:
    with reg.session() as s:
        seen = loans.visible_loans(s, loans.Principal("u", role, org))
    assert [loan.loan_no for loan in seen] == expected


def test_loan_outside_scope_looks_like_an_unknown_loan(reg: Registry, three_loans: dict[str, str]) -> None:
    bank = loans.Principal("li", Role.BANK, "GZRCB")
    with reg.session() as s:
        assert loans.visible_loan(s, bank, "GZ-YP").loan_no == "GZ-YP"
        with pytest.raises(NotFound) as hidden:
            loans.visible_loan(s, bank, "ABC-YP")
        with pytest.raises(NotFound) as missing:
            loans.visible_loan(s, bank, "NO-SUCH")
    assert hidden.value.message.replace("ABC-YP", "X") == missing.value.message.replace("NO-SUCH", "X")


@pytest.mark.parametrize(
    ("user", "role", "org", "field"),
    [
        (None, "CITY", None, "X-Role"),
        ("u", None, None, "X-Role"),
        ("u", "ADMIN", None, "X-Role"),
        ("u", "BANK", None, "X-Org"),
        ("u", "TOWNSHIP", "", "X-Org"),
    ],
)
def test_principal_from_headers_is_checked(
    user: str | None, role: str | None, org: str | None, field: str
) -> None:
    with pytest.raises(ValidationFailed) as err:
        loans.Principal.parse(user, role, org)
    assert err.value.fields["field"] == field


def test_principal_actor_names_role_and_org() -> None:
    assert loans.Principal.parse("li", "bank", "GZRCB").actor == "bank:GZRCB/li"
    assert loans.Principal.parse("wang", "CITY", None).actor == "city/wang"
