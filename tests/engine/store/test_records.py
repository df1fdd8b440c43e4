"""The record log is stored one row per transaction; reading it back from any position, or for
one instance, gives exactly the records in position order."""

from __future__ import annotations

from tests.engine.runtime.harness import Harness


def test_feed_from_every_position_and_history_per_instance(db_url: str) -> None:
    h = Harness(db_url, reopen=False)
    h.deploy_fixtures("chain")
    piks = [h.start("chain", amount=n) for n in range(3)]
    h.work("a", {"checked": True}, count=3)
    log = h.engine.records(limit=100_000)
    assert [r.position for r in log] == list(range(1, len(log) + 1))
    for after in range(len(log) + 1):  # positions inside batches as well as at their edges
        assert h.engine.records(after_position=after, limit=100_000) == log[after:]
    assert h.engine.records(after_position=3, limit=5) == log[3:8]
    assert h.engine.records(value_types=["JOB"], limit=100_000) == [r for r in log if r.value_type == "JOB"]
    for pik in piks:
        history = h.engine.records(process_instance_key=pik, limit=100_000)
        assert history and history == [r for r in log if r.process_instance_key == pik]
    h.engine.close()
