"""Crash safety: a subprocess engine under load is killed with SIGKILL at seeded random moments,
restarted, and the state is checked — no job, timer or message lost or duplicated, and the record
log consistent with the state."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

from sqlalchemy import Connection, create_engine, text

from engine.store.store import stored_records
from tests.engine.runtime.harness import FIXTURES

LOAD = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    from engine.clock import FakeClock
    from engine.runtime import Engine

    url, fixtures = sys.argv[1], Path(sys.argv[2])
    clock = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
    engine = Engine.open(url, clock=clock)
    if not engine.process_definitions().total:
        engine.deploy([(n, (fixtures / n).read_bytes()) for n in ("chain.bpmn", "timer-catch.bpmn", "message-catch.bpmn")])
    print("ready", flush=True)
    n = engine.process_instances(limit=1).total
    while True:
        n += 1
        engine.create_instance(bpmn_process_id="chain")
        engine.create_instance(bpmn_process_id="message-catch", variables={"caseId": f"c{n}"})
        engine.publish_message(name="docs", correlation_key=f"c{n}", time_to_live_ms=60_000, message_id=f"m{n}")
        engine.create_instance(bpmn_process_id="timer-catch")
        clock.advance(timedelta(minutes=20))
        engine.tick()
        for job_type in ("a", "b"):
            for job in engine.activate_jobs(job_type=job_type, worker="w", timeout_ms=1_000, max_jobs=3):
                engine.complete_job(job.key)
    """
)


def _committed_counters(conn: Connection) -> tuple[int, int]:
    """(last key, last position) as committed: the newest pending row's, else the folded ones."""
    pending = conn.execute(
        text("SELECT last_key, last_position FROM engine_pending ORDER BY seq DESC LIMIT 1")
    ).first()
    row = pending or conn.execute(text("SELECT last_key, last_position FROM engine_meta")).one()
    return int(row[0]), int(row[1])


def _check(url: str) -> tuple[int, int]:
    """Check the invariants; returns how many timers have fired so far and how many
    transactions the restart had to fold.

    First on the database as the kill left it (counters and record log agree), then after a
    restart has folded the pending entity changes into the tables (state and log agree).
    """
    db = create_engine(url)
    with db.connect() as conn:
        _, last_position = _committed_counters(conn)
        count = sum(1 for _ in stored_records(conn))
        assert last_position == count, "the committed counters and the record log differ"
        pending = conn.execute(text("SELECT COUNT(*) FROM engine_pending")).scalar_one()
    from engine.runtime import Engine

    Engine.open(url).close()
    with db.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM engine_pending")).scalar_one() == 0
        meta = conn.execute(text("SELECT last_key, last_position FROM engine_meta")).one()
        log = list(stored_records(conn))
        positions = [r[0] for r in log]
        assert positions == list(range(1, len(positions) + 1)), "record positions must be gap-free"
        assert meta.last_position == len(positions)
        max_key = max(
            conn.execute(text(f"SELECT COALESCE(MAX(key), 0) FROM engine_{t}")).scalar_one()
            for t in ("element_instance", "job", "timer", "variable", "message", "subscription")
        )
        assert max_key <= meta.last_key, "a stored key was issued after the persisted counter"
        created = {r[1] for r in log if r[3] == "JOB" and r[4] == "CREATED"}
        completed = [r[1] for r in log if r[3] == "JOB" and r[4] == "COMPLETED"]
        assert len(completed) == len(set(completed)), "a job completed twice"
        stored = {r[0]: r[1] for r in conn.execute(text("SELECT key, state FROM engine_job"))}
        assert set(stored) == created, "jobs in state and in the record log differ"
        for key in completed:
            assert stored[key] == "COMPLETED"
        timers = {r[0] for r in conn.execute(text("SELECT key FROM engine_timer"))}
        timer_records = {r[1] for r in log if r[3] == "TIMER" and r[4] == "CREATED"}
        assert timers == timer_records
        fired = [r[1] for r in log if r[3] == "TIMER" and r[4] == "TRIGGERED"]
        assert len(fired) == len(set(fired)), "a timer fired twice"
        for key in fired:
            assert conn.execute(
                text("SELECT live FROM engine_timer WHERE key = :k"), {"k": key}
            ).scalar_one() in (0, False)
        correlations = Counter(
            r[6] for r in log if r[3] == "PROCESS_MESSAGE_SUBSCRIPTION" and r[4] == "CORRELATED"
        )
        assert all(count == 1 for count in correlations.values()), (
            "a message correlated twice to one instance"
        )
        live_tasks = conn.execute(
            text("SELECT data FROM engine_element_instance WHERE live AND element_type='SERVICE_TASK'")
        ).all()
        for (data,) in live_tasks:
            job_key = json.loads(data)["job_key"]
            assert stored.get(job_key) in ("ACTIVATABLE", "ACTIVATED"), "a waiting task lost its job"
        ended = {
            r[1]
            for r in log
            if r[3] == "PROCESS_INSTANCE" and r[4] in ("ELEMENT_COMPLETED", "ELEMENT_TERMINATED")
        }
        live_elements = set(
            conn.execute(text("SELECT key FROM engine_element_instance WHERE live")).scalars()
        )
        assert not live_elements & ended, "an element that ended is live again"
    db.dispose()
    return len(fired), int(pending)


def test_sigkill_at_random_points_keeps_state_consistent(db_url: str) -> None:
    url = db_url
    rng = random.Random(20260105)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    folded = 0
    for _round in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-c", LOAD, url, str(FIXTURES)], stdout=subprocess.PIPE, env=env
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=rng.uniform(0.3, 1.5))  # the load never ends by itself: this is the kill point
        assert proc.poll() is None, "the load process died before it was killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        fired, pending = _check(url)
        folded += pending
    assert fired > 0, "the load never fired a timer: the timer invariants were not exercised"
    assert folded > 0, "no kill left changes pending: the recovery was not exercised"
    from engine.runtime import Engine

    engine = Engine.open(url)
    assert engine.process_instances().total > 0
    engine.close()
