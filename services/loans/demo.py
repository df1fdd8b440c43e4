"""Sample data for the demo and ``make run``: banks, townships and villages of 瑞金市 from
``data/demo/reference.yaml`` and about ten loans from ``data/demo/loans.csv``.

Loading is repeatable: reference rows already present are kept, and the loans are imported only
when none of them is registered yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.clock import Clock
from services.loans.import_source import read_source
from services.loans.importer import import_loans
from services.loans.models import Bank, Loan, Township, Village
from services.loans.reference import register_bank, register_township, register_village
from services.loans.schemas import BankCreate, TownshipCreate, VillageCreate
from services.settings import PROJECT_ROOT

DEMO_DIR = PROJECT_ROOT / "data" / "demo"


@dataclass(frozen=True)
class DemoSummary:
    """How many rows the demo load added."""

    banks: int
    townships: int
    villages: int
    loans: int


def load_demo_data(*, session: Session, clock: Clock, actor: str, directory: Path = DEMO_DIR) -> DemoSummary:
    """Register the demo reference data and loans that are not there yet."""
    spec: dict[str, Any] = yaml.safe_load((directory / "reference.yaml").read_text(encoding="utf-8"))
    counts = {"banks": 0, "townships": 0, "villages": 0}
    for bank in spec["banks"]:
        if session.scalar(select(Bank.id).where(Bank.code == bank["code"])) is None:
            register_bank(BankCreate(**bank), session=session, clock=clock, actor=actor)
            counts["banks"] += 1
    for township in spec["townships"]:
        if session.scalar(select(Township.id).where(Township.code == township["code"])) is None:
            register_township(
                TownshipCreate(code=township["code"], name=township["name"]),
                session=session,
                clock=clock,
                actor=actor,
            )
            counts["townships"] += 1
        for village in township.get("villages", []):
            if session.scalar(select(Village.id).where(Village.code == village["code"])) is None:
                register_village(
                    VillageCreate(township_code=township["code"], **village),
                    session=session,
                    clock=clock,
                    actor=actor,
                )
                counts["villages"] += 1
    return DemoSummary(**counts, loans=_load_loans(directory / "loans.csv", session, clock, actor))


def _load_loans(path: Path, session: Session, clock: Clock, actor: str) -> int:
    loan_nos = [str(row.cells.get("loan_no")) for row in read_source(path).rows]
    if session.scalar(select(Loan.id).where(Loan.loan_no.in_(loan_nos)).limit(1)) is not None:
        return 0
    return import_loans(path, session=session, clock=clock, actor=actor).loans_created
