"""Demo data for an embedded stack: the sample banks, townships and loans, and funded accounts."""

from __future__ import annotations

import csv
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from services import fund
from services.clock import Clock, business_today
from services.errors import ValidationFailed
from services.loans.amounts import yuan_to_fen
from services.loans.demo import DEMO_DIR, load_demo_data


@dataclass(frozen=True)
class Seeded:
    loans: int
    funded_banks: dict[str, int]


def seed_demo(
    *, session: Session, clock: Clock, actor: str = "system:demo", directory: Path = DEMO_DIR
) -> Seeded:
    """Load the demo registry as it stood on the clock's date (the loans disbursed by then), and
    open and fund each bank's account (idempotent)."""
    with tempfile.TemporaryDirectory(prefix="xdt-seed-") as scratch:
        as_of = Path(scratch)
        shutil.copy(directory / "reference.yaml", as_of / "reference.yaml")
        _loans_disbursed_by(directory / "loans.csv", as_of / "loans.csv", business_today(clock))
        summary = load_demo_data(session=session, clock=clock, actor=actor, directory=as_of)
    raw = yaml.safe_load((directory / "fund.yaml").read_text(encoding="utf-8"))
    funded: dict[str, int] = {}
    for entry in raw.get("accounts", []):
        bank = str(entry["bank"])
        amount = yuan_to_fen(str(entry["contribution_yuan"]))
        if amount <= 0:
            raise ValidationFailed(f"{directory / 'fund.yaml'}: contribution for {bank} must be positive")
        fund.open_account(bank, session=session, clock=clock, actor=actor)
        fund.contribute(bank, amount, f"demo-seed:{bank}", session=session, clock=clock, actor=actor)
        funded[bank] = amount
    return Seeded(loans=summary.loans, funded_banks=funded)


def _loans_disbursed_by(source: Path, target: Path, day: date) -> None:
    with (
        source.open(encoding="utf-8", newline="") as inp,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        rows = csv.DictReader(inp)
        writer = csv.DictWriter(out, fieldnames=list(rows.fieldnames or []))
        writer.writeheader()
        writer.writerows(r for r in rows if date.fromisoformat(r["disbursed_on"]) <= day)
