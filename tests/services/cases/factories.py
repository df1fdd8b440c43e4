"""Loans to open cases on: two banks, three townships (one without loans), and a loan factory
with overridable defaults. Shared by the cases services tests and the loans/risk worker tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from services import loans
from services.clock import FixedClock
from services.db import Database
from services.loans.identity import resident_id_check_char

ACTOR = "city:RJ/test"


def person_id(n: int) -> str:
    """A valid resident ID of 瑞金市, distinct for each ``n`` below 1000."""
    first17 = f"360781{19800101}{n:03d}"
    return first17 + resident_id_check_char(first17)


def register_places(s: Session, clock: FixedClock) -> None:
    for code, name in (("GZRCB", "赣州农商行瑞金支行"), ("ABC", "中国农业银行瑞金市支行")):
        loans.register_bank(loans.BankCreate(code=code, name=name), session=s, clock=clock, actor=ACTOR)
    for code, name in (("YEPING", "叶坪乡"), ("SHAZHOUBA", "沙洲坝镇"), ("XIANGHU", "象湖镇")):
        loans.register_township(
            loans.TownshipCreate(code=code, name=name), session=s, clock=clock, actor=ACTOR
        )


@dataclass
class World:
    """Factories bound to one database and clock."""

    db: Database
    clock: FixedClock
    counter: Any = field(default_factory=lambda: itertools.count(100))

    def loan(self, s: Session, /, **over: Any) -> loans.LoanPublic:
        n = next(self.counter)
        borrower = loans.BorrowerCreate(
            kind=loans.BorrowerKind.POOR_HOUSEHOLD, name=f"农户{n}", id_number=person_id(n)
        )
        loans.register_borrower(borrower, session=s, clock=self.clock, actor=ACTOR)
        values: dict[str, Any] = {
            "loan_no": f"T-{n:05d}",
            "borrower": person_id(n),
            "bank_code": "GZRCB",
            "township_code": "YEPING",
            "principal_fen": 5_000_000,
            "annual_rate_bp": 435,
            "disbursed_on": date(2025, 10, 1),
            "matures_on": date(2026, 10, 1),
            "purpose": "脐橙种植",
        }
        values.update(over)
        return loans.register_loan(loans.LoanCreate(**values), session=s, clock=self.clock, actor=ACTOR)

    def repay(
        self, s: Session, loan_no: str, paid_on: date, principal_fen: int, interest_fen: int = 0
    ) -> None:
        data = loans.RepaymentCreate(paid_on=paid_on, principal_fen=principal_fen, interest_fen=interest_fen)
        loans.record_repayment(loan_no, data, session=s, clock=self.clock, actor=ACTOR)

    def interest_paid(self, s: Session, loan_no: str, due_on: date, amount_fen: int) -> None:
        data = loans.InterestEventCreate(
            kind=loans.InterestEventKind.PAID, due_on=due_on, occurred_on=due_on, amount_fen=amount_fen
        )
        loans.record_interest_event(loan_no, data, session=s, clock=self.clock, actor=ACTOR)


def make_world(db: Database, clock: FixedClock) -> World:
    with db.session() as s:
        register_places(s, clock)
    return World(db=db, clock=clock)
