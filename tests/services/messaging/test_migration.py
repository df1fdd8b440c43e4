"""The outbox table matches its model, and upgrading a database with events already recorded
puts every one of them in the outbox, unpublished."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from services.db import Base, alembic_config, migrate
from services.loans.event_log import unpublished_events
from tests.services.loans.conftest import Registry
from tests.services.messaging.conftest import judgment, record

TABLE = "loan_event_publications"


def _mentions_outbox(diff: Any) -> bool:
    return TABLE in repr(diff)


def test_the_outbox_table_matches_its_model(reg: Registry) -> None:
    with reg.db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diffs if _mentions_outbox(d)] == []


def test_events_recorded_before_the_outbox_are_backfilled_unpublished(reg: Registry, loan_no: str) -> None:
    record(reg, judgment(idempotency_key="before-outbox"))
    command.downgrade(alembic_config(reg.db.url), "0002_loans")
    reg.db.engine.dispose()
    assert TABLE not in inspect(reg.db.engine).get_table_names()

    migrate(reg.db.url)
    reg.db.engine.dispose()

    with reg.session() as s:
        assert [e.message_id for _, e in unpublished_events(session=s)] == ["before-outbox"]
