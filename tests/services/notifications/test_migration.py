"""The inbox migration creates exactly the table the model describes, and can be undone."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from services.db import Base, Database, alembic_config


def test_the_inbox_table_matches_its_model(db: Database) -> None:
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diffs if "notifications" in repr(d)] == []


def test_downgrade_removes_the_inbox(db: Database) -> None:
    command.downgrade(alembic_config(db.url), "notifications@0001_audit_log")
    db.engine.dispose()
    remaining = set(inspect(db.engine).get_table_names())
    assert "notifications" not in remaining and "audit_log" in remaining
