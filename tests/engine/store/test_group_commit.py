"""Concurrent callers: commands from several threads are grouped into shared transactions, every
call returns only once durable, and nothing is lost or applied twice."""

from __future__ import annotations

import threading

import pytest

from engine.query import InstanceState
from engine.store.store import Store, stored_records
from tests.engine.runtime.harness import Harness, live_state

THREADS = 4
PER_THREAD = 15


class Commits:
    """Counts the store's transactions."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = Store.commit

        def counting_commit(store: Store, *args: object, **kwargs: object) -> None:
            self.count += 1
            original(store, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Store, "commit", counting_commit)


@pytest.fixture
def commits(monkeypatch: pytest.MonkeyPatch) -> Commits:
    return Commits(monkeypatch)


def test_threads_share_transactions_without_losing_work(db_url: str, commits: Commits) -> None:
    h = Harness(db_url, reopen=False)
    h.deploy_fixtures("chain")
    engine = h.engine
    errors: list[BaseException] = []

    def client() -> None:
        try:
            for _ in range(PER_THREAD):
                pik = engine.create_instance(bpmn_process_id="chain").process_instance_key
                for job_type in ("a", "b"):
                    for job in engine.activate_jobs(
                        job_type=job_type, worker="w", timeout_ms=60_000, max_jobs=1
                    ):
                        engine.complete_job(job.key)
                assert engine.process_instance(pik).key == pik  # committed before the call returned
        except BaseException as exc:  # reported below: a thread must not swallow failures
            errors.append(exc)

    threads = [threading.Thread(target=client) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # jobs may be taken by any thread: finish whatever is left, then everything must be complete
    for job_type in ("a", "b"):
        for job in engine.activate_jobs(job_type=job_type, worker="w", timeout_ms=60_000, max_jobs=1000):
            engine.complete_job(job.key)
    for job_type in ("a", "b"):
        for job in engine.activate_jobs(job_type=job_type, worker="w", timeout_ms=60_000, max_jobs=1000):
            engine.complete_job(job.key)
    total = THREADS * PER_THREAD
    assert engine.process_instances(state=InstanceState.COMPLETED, limit=1).total == total
    with engine.store.engine.connect() as conn:
        log = list(stored_records(conn))
    positions = [r[0] for r in log]
    completed = sum(1 for r in log if r[3] == "JOB" and r[4] == "COMPLETED")
    assert positions == list(range(1, len(positions) + 1))
    assert completed == total * 2
    assert commits.count > 0
    before = live_state(engine)
    engine.close()
    from engine.runtime import Engine

    reopened = Engine.open(db_url, clock=h.clock)
    assert live_state(reopened) == before
    reopened.close()


def test_a_batch_of_completions_is_one_command_each_and_one_commit(db_url: str, commits: Commits) -> None:
    h = Harness(db_url, reopen=False)
    h.deploy_fixtures("chain")
    engine = h.engine
    piks = [engine.create_instance(bpmn_process_id="chain").process_instance_key for _ in range(5)]
    jobs = engine.activate_jobs(job_type="a", worker="w", timeout_ms=60_000, max_jobs=10)
    assert len(jobs) == 5
    unknown = max(j.key for j in jobs) + 10_000
    batch: list[tuple[int, dict[str, object] | None]] = [(j.key, {"seen": j.key}) for j in jobs]
    batch.insert(2, (unknown, None))
    before = commits.count
    outcomes = engine.complete_jobs(batch)
    assert commits.count - before == 1
    assert [type(o).__name__ if o is not None else None for o in outcomes] == [
        None,
        None,
        "NotFound",
        None,
        None,
        None,
    ]
    with engine.store.engine.connect() as conn:  # durable before the call returned
        log = list(stored_records(conn))
    completed = [r[1] for r in log if r[3] == "JOB" and r[4] == "COMPLETED"]
    assert sorted(completed) == sorted(j.key for j in jobs)
    # each completion is its own command: the same records as completing the jobs one by one
    assert (
        len([j for j in engine.activate_jobs(job_type="b", worker="w", timeout_ms=60_000, max_jobs=10)]) == 5
    )
    engine.close()
    from engine.runtime import Engine

    reopened = Engine.open(db_url, clock=h.clock)
    for pik in piks:
        [var] = [v for v in reopened.variables(scope_key=pik).items if v.name == "seen"]
        assert isinstance(var.value, int)
    reopened.close()


def test_starts_inside_a_command_group_are_committed_together_when_it_ends(
    db_url: str, commits: Commits
) -> None:
    h = Harness(db_url, reopen=False)
    h.deploy_fixtures("chain")
    engine = h.engine
    before = commits.count
    with engine.command_group():
        piks = [engine.create_instance(bpmn_process_id="chain").process_instance_key for _ in range(4)]
        assert commits.count == before  # applied, not yet written: the group waits once, at its end
        with engine.command_group():  # a group inside a group joins it
            piks.append(engine.create_instance(bpmn_process_id="chain").process_instance_key)
        assert commits.count == before
    assert commits.count - before == 1
    with engine.store.engine.connect() as conn:
        started = {
            r[1]
            for r in stored_records(conn)
            if r[3] == "PROCESS_INSTANCE" and r[4] == "ELEMENT_ACTIVATED" and r[6] == r[1]
        }
    assert started == set(piks)
    engine.close()
    from engine.runtime import Engine

    reopened = Engine.open(db_url, clock=h.clock)
    assert len(reopened.activate_jobs(job_type="a", worker="w", timeout_ms=60_000, max_jobs=10)) == 5
    reopened.close()
