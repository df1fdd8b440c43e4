"""The engine's own schema: created on first open, migrated step by step, newer schemas refused."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from engine.store import SchemaMismatch, Store, schema
from engine.store.codec import dumps
from engine.store.store import stored_records
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


def test_version_3_record_log_is_regrouped_into_batches(db_url: str) -> None:
    h = Harness(db_url, reopen=False)
    h.deploy_fixtures("chain")
    pik = h.start("chain", amount=100)
    h.work("a", {"checked": True})
    before = h.engine.records(limit=100_000)
    history = h.engine.records(process_instance_key=pik, limit=100_000)
    h.engine.close()
    store = Store(db_url)
    with store.engine.begin() as conn:  # make it look like a version 3 database: one row per record
        log = list(stored_records(conn))
        conn.execute(
            text(
                "CREATE TABLE engine_record (position BIGINT PRIMARY KEY, key BIGINT NOT NULL, "
                "timestamp_ms BIGINT NOT NULL, value_type VARCHAR(48) NOT NULL, intent VARCHAR(48) NOT NULL, "
                "record_type VARCHAR(24) NOT NULL, process_instance_key BIGINT NOT NULL, value TEXT NOT NULL)"
            )
        )
        conn.execute(
            text("INSERT INTO engine_record VALUES (:p, :k, :t, :vt, :i, :rt, :pik, :v)"),
            [
                {
                    "p": r[0],
                    "k": r[1],
                    "t": r[2],
                    "vt": r[3],
                    "i": r[4],
                    "rt": r[5],
                    "pik": r[6],
                    "v": dumps(r[7]),
                }
                for r in log
            ],
        )
        conn.execute(text("DROP TABLE engine_record_instance"))
        conn.execute(text("DROP TABLE engine_record_batch"))
        conn.execute(text("UPDATE engine_meta SET schema_version = 3"))
    store.close()
    reopened = Harness(db_url, reopen=False)
    assert reopened.engine.records(limit=100_000) == before
    assert reopened.engine.records(process_instance_key=pik, limit=100_000) == history
    reopened.work("b")
    assert reopened.state_of(pik) == "COMPLETED"
    positions = [r.position for r in reopened.engine.records(limit=100_000)]
    assert len(positions) > len(before)
    assert positions == list(range(1, len(positions) + 1))
    reopened.engine.close()
