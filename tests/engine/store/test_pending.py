"""Committed entity changes wait in ``engine_pending`` until folded: what is folded is exactly what
was committed — not a later, uncommitted change of the same object, not a value rounded by the
JSON reader — whether folded from memory or, after a crash, from the pending rows."""

from __future__ import annotations

import json

from sqlalchemy import text

from engine.runtime.state import ElementInstance, Variable
from engine.store.store import Store

BIG = 2**70 + 1  # beyond 64 bits: FEEL arithmetic can produce such integers


def _instance(key: int) -> ElementInstance:
    return ElementInstance(
        key=key,
        process_instance_key=key,
        process_definition_key=1,
        bpmn_process_id="p",
        version=1,
        element_id="p",
        element_type="PROCESS",
        flow_scope_key=-1,
        state="ELEMENT_ACTIVATED",
        start_ms=0,
    )


def _row(store: Store, table: str, key: int) -> dict[str, object]:
    with store.read() as conn:
        data = conn.execute(text(f"SELECT data FROM engine_{table} WHERE key = :k"), {"k": key}).scalar_one()
    return dict(json.loads(data))


def _value_json(store: Store, key: int) -> str:
    with store.read() as conn:
        return str(
            conn.execute(
                text("SELECT value_json FROM engine_variable WHERE key = :k"), {"k": key}
            ).scalar_one()
        )


def test_a_change_made_in_place_after_commit_is_not_folded(db_url: str) -> None:
    store = Store(db_url, checkpoint_every=1_000)
    try:
        ei = _instance(10)
        ei.joins = {"join": ["f1"]}
        var = Variable(key=11, name="doc", value={"items": [1, 2]}, scope_key=10, process_instance_key=10)
        store.commit([ei, var], [], 11, 0)
        ei.joins["join"].append("f2")  # changed in memory by a command that never committed
        ei.pending.append({"activate": "x"})
        var.value["items"].append(3)
        assert _row(store, "element_instance", 10)["joins"] == {"join": ["f1"]}
        assert _row(store, "element_instance", 10)["pending"] == []
        assert _row(store, "variable", 11)["value"] == {"items": [1, 2]}
    finally:
        store.close()


def test_the_last_committed_change_of_an_entity_wins(db_url: str) -> None:
    store = Store(db_url, checkpoint_every=1_000)
    try:
        ei = _instance(10)
        store.commit([ei], [], 10, 0)
        ei.state, ei.tokens = "ELEMENT_COMPLETED", 0
        ei.live, ei.end_ms = False, 5
        store.commit([ei], [], 10, 0)
        row = _row(store, "element_instance", 10)
        assert (row["state"], row["live"], row["end_ms"]) == ("ELEMENT_COMPLETED", False, 5)
    finally:
        store.close()


def test_integers_beyond_64_bits_are_folded_exactly_from_memory_and_after_a_crash(db_url: str) -> None:
    store = Store(db_url, checkpoint_every=1_000)
    store.commit([Variable(key=1, name="n", value=BIG, scope_key=5, process_instance_key=5)], [], 1, 0)
    assert _value_json(store, 1) == str(BIG)  # folded from memory
    store.commit([Variable(key=2, name="m", value=[BIG], scope_key=5, process_instance_key=5)], [], 2, 0)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM engine_pending")).scalar_one() == 1
    store.engine.dispose()  # gone without folding, as if killed

    reopened = Store(db_url)  # folds what the crash left pending
    try:
        assert _value_json(reopened, 2) == f"[{BIG}]"
        assert _row(reopened, "variable", 2)["value"] == [BIG]
    finally:
        reopened.close()


def test_pending_rows_of_an_older_engine_are_folded_on_open(db_url: str) -> None:
    store = Store(db_url)
    store.close()
    old_row = [
        [
            "variable",
            {"key": 7, "name": "x", "value": 1, "scope_key": 3, "process_instance_key": 3, "live": True},
        ]
    ]
    with store.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO engine_pending (seq, last_key, last_position, changes) VALUES (1, 7, 0, :c)"),
            {"c": json.dumps(old_row)},
        )
    store.engine.dispose()
    reopened = Store(db_url)
    try:
        assert _row(reopened, "variable", 7) == old_row[0][1]
        assert reopened.counters() == (7, 0)
    finally:
        reopened.close()


def test_finished_and_live_entities_with_big_integers_are_folded_exactly_after_a_crash(db_url: str) -> None:
    store = Store(db_url, checkpoint_every=1_000)
    done = Variable(key=31, name="d", value=[BIG], scope_key=30, process_instance_key=30, live=False)
    live = Variable(key=32, name="b", value=BIG, scope_key=30, process_instance_key=30)
    store.commit([done, live], [], 32, 0)
    store.engine.dispose()  # gone without folding, as if killed
    reopened = Store(db_url)
    try:
        assert _row(reopened, "variable", 31)["live"] is False
        assert _value_json(reopened, 31) == f"[{BIG}]"
        assert _value_json(reopened, 32) == str(BIG)
    finally:
        reopened.close()
