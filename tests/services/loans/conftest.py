"""Loan registry fixtures: reference places and banks, and factories with overridable defaults."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from services import loans
from services.clock import FixedClock
from services.db import Database
from services.loans.identity import resident_id_check_char, uscc_check_char

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "imports"
ACTOR = "city:RJ/test"


def person_id(n: int, born: str = "19800101") -> str:
    """A valid resident ID of 瑞金市 (360781), distinct for each ``n`` below 1000."""
    first17 = f"360781{born}{n:03d}"
    return first17 + resident_id_check_char(first17)


def credit_code(n: int, org_type: str = "91") -> str:
    """A valid unified social credit code, distinct for each ``n``."""
    first17 = f"{org_type}360781MA3{n:06d}"
    return first17 + uscc_check_char(first17)


@dataclass
class Registry:
    """Factories bound to one database and clock."""

    db: Database
    clock: FixedClock
    counter: Iterator[int]

    def session(self) -> Any:
        return self.db.session()

    def household(self, s: Session, **over: Any) -> loans.BorrowerCreate:
        n = next(self.counter)
        data = loans.BorrowerCreate(
            kind=loans.BorrowerKind.POOR_HOUSEHOLD, name=f"农户{n}", id_number=person_id(n)
        )
        data = data.model_copy(update=over)
        loans.register_borrower(data, session=s, clock=self.clock, actor=ACTOR)
        return data

    def enterprise(self, s: Session, *, rep: str, holders: list[str], **over: Any) -> loans.BorrowerCreate:
        n = next(self.counter)
        data = loans.BorrowerCreate(
            kind=loans.BorrowerKind.AGRI_ENTERPRISE,
            name=f"瑞金市企业{n}有限公司",
            credit_code=credit_code(n),
            legal_representative=loans.PartyIn(name="法人", id_number=rep),
            shareholders=[loans.PartyIn(name=f"股东{i}", id_number=h) for i, h in enumerate(holders)],
        ).model_copy(update=over)
        loans.register_borrower(data, session=s, clock=self.clock, actor=ACTOR)
        return data

    def loan(self, s: Session, borrower: str, /, **over: Any) -> loans.LoanPublic:
        values: dict[str, Any] = {
            "loan_no": f"T-{next(self.counter):05d}",
            "borrower": borrower,
            "bank_code": "GZRCB",
            "township_code": "YEPING",
            "village_code": "YEPING-HUAWU",
            "principal_fen": 5_000_000,
            "annual_rate_bp": 435,
            "disbursed_on": date(2025, 10, 1),
            "matures_on": date(2026, 10, 1),
            "purpose": "脐橙种植",
        }
        values.update(over)
        return loans.register_loan(loans.LoanCreate(**values), session=s, clock=self.clock, actor=ACTOR)


def register_places(s: Session, clock: FixedClock) -> None:
    """Two banks, two townships of 瑞金 and three villages, as the import fixtures expect."""
    for code, name in (("GZRCB", "赣州农商行瑞金支行"), ("ABC", "中国农业银行瑞金市支行")):
        loans.register_bank(loans.BankCreate(code=code, name=name), session=s, clock=clock, actor=ACTOR)
    for code, name in (("YEPING", "叶坪乡"), ("SHAZHOUBA", "沙洲坝镇")):
        loans.register_township(
            loans.TownshipCreate(code=code, name=name), session=s, clock=clock, actor=ACTOR
        )
    for code, name, township in (
        ("YEPING-HUAWU", "华屋村", "YEPING"),
        ("YEPING-YEPING", "叶坪村", "YEPING"),
        ("SHAZHOUBA-SHAZHOUBA", "沙洲坝村", "SHAZHOUBA"),
    ):
        village = loans.VillageCreate(code=code, name=name, township_code=township)
        loans.register_village(village, session=s, clock=clock, actor=ACTOR)


@pytest.fixture
def reg(db: Database, clock: FixedClock) -> Registry:
    with db.session() as s:
        register_places(s, clock)
    return Registry(db=db, clock=clock, counter=itertools.count(100))
