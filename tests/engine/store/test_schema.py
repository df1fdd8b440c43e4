"""The engine's own schema: created on first open, migrated step by step, newer schemas refused."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from engine.store import SchemaMismatch, Store, schema
from tests.engine.runtime.harness import Harness


def test_new_database_gets_current_schema_version(db_url: str) -> None:
    store = Store(db_url)
    with store.engine.connect() as conn:
        assert (
            conn.execute(text("SELECT schema_version FROM engine_meta")).scalar_one() == schema.SCHEMA_VERSION
        )
    store.close()


def test_version_1_database_is_migrated_and_keeps_its_instances(db_url: str) -> None:
    h = Harness(db_url, reopen=False)
    h.deploy_fixtures("call-parent", "call-child")
    parent = h.start("call-parent")
    h.engine.close()
    store = Store(db_url)
    with store.engine.begin() as conn:  # make it look like a version 1 database
        conn.execute(text("ALTER TABLE engine_element_instance DROP COLUMN parent_process_instance_key"))
        conn.execute(text("UPDATE engine_meta SET schema_version = 1"))
    store.close()
    reopened = Harness(db_url, reopen=False)
    [child] = reopened.engine.process_instances(parent_process_instance_key=parent).items
    assert child.bpmn_process_id == "call-child"
    reopened.work("child-work")
    assert reopened.state_of(parent) == "COMPLETED"
    reopened.engine.close()


def test_newer_schema_is_refused(db_url: str) -> None:
    Store(db_url).close()
    store = Store(db_url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE engine_meta SET schema_version = 99"))
    store.close()
    with pytest.raises(SchemaMismatch):
        Store(db_url)
