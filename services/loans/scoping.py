"""Who sees what (DESIGN §4): a bank's staff see only that bank's loans, township staff only
their township's, city and prefecture offices see all.

A :class:`Principal` is built from the identity the fronting proxy asserts (the API reads the
``X-User``, ``X-Role`` and ``X-Org`` headers). Loans outside a principal's scope are reported as
not found, so their existence does not leak.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from services.errors import NotFound, ValidationFailed
from services.loans.models import Bank, Loan, Township
from services.loans.registry import loan_by_no, loan_public
from services.loans.schemas import LoanPublic

_S = TypeVar("_S", bound=Select[Any])


class Role(StrEnum):
    """The office a user acts for."""

    BANK = "BANK"
    TOWNSHIP = "TOWNSHIP"
    CITY = "CITY"
    PREFECTURE = "PREFECTURE"


@dataclass(frozen=True)
class Principal:
    """An acting user: who, in which role, for which organisation (bank or township code)."""

    user: str
    role: Role
    org: str | None = None

    @classmethod
    def parse(cls, user: str | None, role: str | None, org: str | None) -> Principal:
        """Build a principal from header values.

        Raises:
            ValidationFailed: a missing user or role, an unknown role, or a BANK/TOWNSHIP role
                without its organisation code.
        """
        if not user or not role:
            raise ValidationFailed("X-User and X-Role headers are required", field="X-Role")
        try:
            parsed = Role(role.strip().upper())
        except ValueError as exc:
            raise ValidationFailed(
                f"unknown role {role!r}; use one of {', '.join(Role)}", field="X-Role"
            ) from exc
        if parsed in (Role.BANK, Role.TOWNSHIP) and not org:
            raise ValidationFailed(
                f"role {parsed.value} needs the X-Org header (its bank or township code)", field="X-Org"
            )
        return cls(user=user.strip(), role=parsed, org=org.strip() if org else None)

    @property
    def actor(self) -> str:
        """How the principal appears in the audit log, e.g. ``bank:GZRCB/li``."""
        scope = f"{self.role.value.lower()}:{self.org}" if self.org else self.role.value.lower()
        return f"{scope}/{self.user}"

    @property
    def sees_all(self) -> bool:
        return self.role in (Role.CITY, Role.PREFECTURE)


def scoped(stmt: _S, principal: Principal) -> _S:
    """Restrict a loan query to what ``principal`` may see."""
    if principal.role is Role.BANK:
        return stmt.where(Loan.bank_id.in_(select(Bank.id).where(Bank.code == principal.org)))
    if principal.role is Role.TOWNSHIP:
        return stmt.where(Loan.township_id.in_(select(Township.id).where(Township.code == principal.org)))
    return stmt


def visible_loans(session: Session, principal: Principal) -> list[LoanPublic]:
    """The loans ``principal`` may see, by loan number."""
    stmt = scoped(select(Loan), principal).order_by(Loan.loan_no)
    return [loan_public(loan) for loan in session.scalars(stmt)]


def can_see(principal: Principal, loan: Loan) -> bool:
    """Whether ``loan`` is within ``principal``'s scope."""
    if principal.role is Role.BANK:
        return loan.bank.code == principal.org
    if principal.role is Role.TOWNSHIP:
        return loan.township.code == principal.org
    return True


def visible_loan(session: Session, principal: Principal, loan_no: str) -> Loan:
    """The loan, if ``principal`` may see it.

    Raises:
        NotFound: the loan is unknown or outside the principal's scope (indistinguishably).
    """
    loan = loan_by_no(session, loan_no)
    if not can_see(principal, loan):
        raise NotFound(f"unknown loan {loan_no!r}", loan_no=loan_no)
    return loan


def may_book_for_bank(principal: Principal, bank_code: str) -> bool:
    """Whether ``principal`` may register loans or book repayments for ``bank_code``.

    Banks book their own loans; the city office may book on any bank's behalf.
    """
    return principal.role is Role.CITY or (principal.role is Role.BANK and principal.org == bank_code)
