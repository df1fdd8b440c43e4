"""The loans migration creates exactly the tables the models describe, and can be undone."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from services.db import Base, Database, alembic_config
from services.loans import models

LOAN_TABLES = {
    m.class_.__table__.name for m in Base.registry.mappers if m.class_.__module__ == models.__name__
}


def _loan_diffs(db: Database) -> list[Any]:
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)

    def table_of(diff: Any) -> str | None:
        item = diff[0] if isinstance(diff, list) else diff
        for part in item[1:]:
            name = getattr(part, "name", None) if not isinstance(part, str) else part
            table = getattr(part, "table", None)
            if table is not None:
                return str(table.name)
            if name in LOAN_TABLES:
                return str(name)
        return None

    return [d for d in diffs if table_of(d) in LOAN_TABLES]


def test_migration_matches_the_models(db: Database) -> None:
    assert set(inspect(db.engine).get_table_names()) >= LOAN_TABLES
    assert _loan_diffs(db) == []


def test_downgrade_removes_the_loan_tables(db: Database) -> None:
    command.downgrade(alembic_config(db.url), "loans@0001_audit_log")
    db.engine.dispose()
    remaining = set(inspect(db.engine).get_table_names())
    assert not (LOAN_TABLES & remaining) and "audit_log" in remaining
