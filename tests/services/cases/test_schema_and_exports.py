"""The cases migration matches the tables, can be undone, and the package exports what others use."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from services import cases
from services.db import Base, Database, alembic_config

CASE_TABLES = {"default_cases", "risk_signals"}


def _diffs(db: Database) -> list[Any]:
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    return [d for d in diffs if any(name in repr(d) for name in CASE_TABLES)]


def test_migration_matches_the_tables(db: Database) -> None:
    assert set(inspect(db.engine).get_table_names()) >= CASE_TABLES
    assert _diffs(db) == []


def test_downgrade_removes_only_the_case_tables(db: Database) -> None:
    command.downgrade(alembic_config(db.url), "cases@0001_audit_log")
    db.engine.dispose()
    remaining = set(inspect(db.engine).get_table_names())
    assert not (CASE_TABLES & remaining) and {"loans", "audit_log"} <= remaining


def test_exports() -> None:
    assert set(cases.__all__) == {
        "DEADLINE_MISSED",
        "INSPECTION_FINDING",
        "CaseStatus",
        "Claim",
        "DefaultCase",
        "RepaymentState",
        "RiskSignal",
        "SignalCreate",
        "SignalGrade",
        "SignalSource",
        "check_repaid",
        "compute_claim",
        "default_case_of",
        "list_signals",
        "new_signal",
        "open_default_case",
        "parse_loan_numbers",
        "plan_inspection",
        "portfolio_summary",
        "register_deadline_missed",
        "register_signal",
        "report_findings",
    }
    assert all(hasattr(cases, name) for name in cases.__all__)
