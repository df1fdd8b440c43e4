"""Demo data for an embedded stack: the sample banks, townships and loans, and funded accounts;
and the delivery of the process starts that registering them queued.

Seeding only queues the loans' maturity reminders: tests that walk a loan start the processes
themselves and must not find a second watch. Whoever wants them running (``xdt serve``) calls
:func:`deliver_starts` once the engine listens.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import yaml
from sqlalchemy.orm import Session

from services import fund, messaging
from services.clock import Clock, business_today
from services.db import Database
from services.errors import ValidationFailed
from services.loans.amounts import yuan_to_fen
from services.loans.demo import DEMO_DIR, load_demo_data
from services.messaging.start_log import unstarted
from services.messaging.starter import START_KEY_VARIABLE


@dataclass(frozen=True)
class Seeded:
    loans: int
    funded_banks: dict[str, int]
    pending_starts: int = 0
    """Process starts queued and not yet made (the demo loans' reminders): see :func:`deliver_starts`."""


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
    pending = len(unstarted(session=session))
    return Seeded(loans=summary.loans, funded_banks=funded, pending_starts=pending)


class _InstanceQuery(Protocol):
    def process_instances(self, *, bpmn_process_id: str, variable: tuple[str, Any], limit: int) -> Any: ...


class EngineInstanceLookup:
    """Finds an instance by its ``startKey`` through the embedded engine's own query API."""

    def __init__(self, engine: _InstanceQuery) -> None:
        self._engine = engine

    def find(self, bpmn_process_id: str, start_key: str) -> int | None:
        page = self._engine.process_instances(
            bpmn_process_id=bpmn_process_id, variable=(START_KEY_VARIABLE, start_key), limit=1
        )
        return int(page.items[0].key) if page.items else None


def deliver_starts(
    db: Database,
    address: str,
    *,
    clock: Clock,
    actor: str = "system:demo",
    engine: _InstanceQuery | None = None,
) -> messaging.StartReport:
    """Start every queued process on the plain gateway at ``address`` (the embedded engine's).

    Given the ``engine`` itself, a start tried before is first looked up there, so a start whose
    answer was lost is not made twice.
    """
    starter = messaging.GrpcProcessStarter.at(address)
    try:
        return messaging.start_pending(
            db=db,
            starter=starter,
            clock=clock,
            actor=actor,
            lookup=EngineInstanceLookup(engine) if engine is not None else None,
        )
    finally:
        starter.close()


def _loans_disbursed_by(source: Path, target: Path, day: date) -> None:
    with (
        source.open(encoding="utf-8", newline="") as inp,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        rows = csv.DictReader(inp)
        writer = csv.DictWriter(out, fieldnames=list(rows.fieldnames or []))
        writer.writeheader()
        writer.writerows(r for r in rows if date.fromisoformat(r["disbursed_on"]) <= day)
