"""The entity tables come out the same whichever way the pending changes are folded: from the
live entities (under the engine lock, the usual way), or decoded from the committed pending rows
(before a read while commands are in flight, after a crash); and a fold never writes a change
that is applied but not yet committed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from engine.clock import FakeClock
from engine.query import InstanceState
from engine.runtime import Engine
from engine.store import schema
from engine.store.store import Store
from tests.engine.runtime.harness import FIXTURES, START, live_state


def _scenario(url: str, checkpoint_every: int) -> Engine:
    """Instances in every state (completed, waiting on a job, on a user task, canceled)."""
    engine = Engine(Store(url, checkpoint_every=checkpoint_every), FakeClock(START))
    engine.deploy(
        [(f"{n}.bpmn", (FIXTURES / f"{n}.bpmn").read_bytes()) for n in ("chain", "user-task", "parallel")]
    )
    for n in range(6):
        engine.create_instance(bpmn_process_id="chain", variables={"n": n, "doc": {"items": [n]}})
    with engine.command_group():
        for job in engine.activate_jobs(job_type="a", worker="w", timeout_ms=60_000, max_jobs=4):
            engine.complete_job(job.key, {"a": {"done": True}})
    for job in engine.activate_jobs(job_type="b", worker="w", timeout_ms=60_000, max_jobs=2):
        engine.complete_job(job.key, {"b": [1, 2]})
    engine.cancel_instance(
        engine.process_instances(bpmn_process_id="chain", state=InstanceState.ACTIVE).items[-1].key
    )
    engine.create_instance(bpmn_process_id="user-task")
    engine.create_instance(bpmn_process_id="parallel")
    return engine


def _tables(engine: Engine) -> dict[str, list[Any]]:
    with engine.store.engine.connect() as conn:
        return {
            name: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table.name} ORDER BY key"))]
            for name, table in schema.ENTITY_TABLES.items()
        }


def test_folding_the_entities_and_decoding_the_pending_rows_give_the_same_tables(tmp_path: Any) -> None:
    # the usual way: before a read, from the entities themselves
    folded = _scenario(f"sqlite:///{tmp_path / 'folded.db'}", checkpoint_every=1_000)
    folded.process_instances(limit=1)
    expected = _tables(folded)
    folded.close()

    second = f"sqlite:///{tmp_path / 'decoded.db'}"
    decoded = _scenario(second, checkpoint_every=1_000)
    decoded.store.checkpoint()  # decodes the committed pending rows
    assert _tables(decoded) == expected
    decoded.close()


def test_elements_that_finished_without_a_row_are_not_restored_after_a_crash(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    engine = Engine(Store(url, checkpoint_every=1_000), FakeClock(START))
    engine.deploy([("chain.bpmn", (FIXTURES / "chain.bpmn").read_bytes())])
    pik = engine.create_instance(bpmn_process_id="chain").process_instance_key
    # task "a" waits (pending live), then finishes: no read in between, so nothing is folded
    [job] = engine.activate_jobs(job_type="a", worker="w", timeout_ms=60_000, max_jobs=1)
    engine.complete_job(job.key)
    before = live_state(engine)
    engine.store.engine.dispose()  # gone without folding, as if killed

    reopened = Engine.open(url, clock=FakeClock(START))
    assert live_state(reopened) == before
    ended = [e.key for e in reopened.element_instances(pik).items if e.end_date is not None]
    assert len(ended) == 2  # start event and task "a"
    with reopened.store.engine.connect() as conn:
        live_rows = set(conn.execute(text("SELECT key FROM engine_element_instance WHERE live")).scalars())
    assert not live_rows & set(ended)
    reopened.close()


def test_element_instances_are_read_from_the_records_whether_or_not_they_have_a_row(tmp_path: Any) -> None:
    often = _scenario(f"sqlite:///{tmp_path / 'often.db'}", checkpoint_every=2)
    rarely = _scenario(f"sqlite:///{tmp_path / 'rarely.db'}", checkpoint_every=1_000)
    for a, b in zip(
        often.process_instances(limit=100).items, rarely.process_instances(limit=100).items, strict=True
    ):
        assert often.element_instances(a.key).items == rarely.element_instances(b.key).items
    with often.store.engine.connect() as conn:
        rows_often = conn.execute(text("SELECT COUNT(*) FROM engine_element_instance")).scalar_one()
    with rarely.store.engine.connect() as conn:
        rows_rarely = conn.execute(text("SELECT COUNT(*) FROM engine_element_instance")).scalar_one()
    assert rows_rarely < rows_often  # finished elements without a row: their history is in the records
    often.close()
    rarely.close()


def test_a_read_inside_a_command_group_folds_only_what_is_committed(db_url: str) -> None:
    engine = Engine(Store(db_url, checkpoint_every=1_000), FakeClock(START))
    engine.deploy([("chain.bpmn", (FIXTURES / "chain.bpmn").read_bytes())])
    first = engine.create_instance(bpmn_process_id="chain").process_instance_key
    with engine.command_group():
        [job] = engine.activate_jobs(job_type="a", worker="w", timeout_ms=60_000, max_jobs=1)
        engine.complete_job(job.key, {"a": 1})
        second = engine.create_instance(bpmn_process_id="chain").process_instance_key
        # applied, not committed: a read sees the state before the group, and must not fold the
        # entities the group changed in memory
        assert [i.key for i in engine.process_instances().items] == [first]
        assert [v.name for v in engine.variables(process_instance_key=first).items] == []
        with engine.store.engine.connect() as conn:
            job_state = conn.execute(
                text("SELECT state FROM engine_job WHERE key = :k"), {"k": job.key}
            ).scalar_one()
        assert job_state == "ACTIVATABLE"
    assert [i.key for i in engine.process_instances().items] == [first, second]
    assert [v.name for v in engine.variables(process_instance_key=first).items] == ["a"]
    engine.close()
