"""Concurrent callers: commands from several threads are grouped into shared transactions, every
call returns only once durable, and nothing is lost or applied twice."""

from __future__ import annotations

import threading

from engine.query import InstanceState
from engine.store.store import Store, stored_records
from tests.engine.runtime.harness import Harness, live_state

THREADS = 4
PER_THREAD = 15


def test_threads_share_transactions_without_losing_work(db_url: str) -> None:
    h = Harness(db_url, reopen=False)
    h.deploy_fixtures("chain")
    engine = h.engine
    commits = 0
    original = Store.commit

    def counting_commit(self: Store, *args: object, **kwargs: object) -> None:
        nonlocal commits
        commits += 1
        original(self, *args, **kwargs)  # type: ignore[arg-type]

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

    Store.commit = counting_commit  # type: ignore[method-assign]
    try:
        threads = [threading.Thread(target=client) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        Store.commit = original  # type: ignore[method-assign]
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
    assert commits > 0
    before = live_state(engine)
    engine.close()
    from engine.runtime import Engine

    reopened = Engine.open(db_url, clock=h.clock)
    assert live_state(reopened) == before
    reopened.close()
