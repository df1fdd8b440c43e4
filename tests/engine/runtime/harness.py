"""A scenario driver: deploys fixtures, runs commands, and (in "reopen" mode) closes and reopens
the engine from its database after every step, checking the live state survived unchanged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from engine.clock import FakeClock
from engine.runtime import Engine
from engine.runtime.state import to_row
from engine.store.codec import dumps

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "bpmn" / "runtime"
START = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)


def live_state(engine: Engine) -> dict[str, Any]:
    s = engine.state
    return {
        "elements": sorted(dumps(to_row(e)) for e in s.elements.values()),
        "variables": sorted(dumps(to_row(v)) for scope in s.variables.values() for v in scope.values()),
        "jobs": sorted(dumps(to_row(j)) for j in s.jobs.values()),
        "timers": sorted(dumps(to_row(t)) for t in s.timers.values()),
        "subs": sorted(dumps(to_row(x)) for x in s.subscriptions.values()),
        "messages": sorted(dumps(to_row(m)) for m in s.messages.values()),
        "incidents": sorted(dumps(to_row(i)) for i in s.incidents.values()),
        "user_tasks": sorted(dumps(to_row(u)) for u in s.user_tasks.values()),
        "counters": (s.keys.last, s.position),
    }


class Harness:
    def __init__(self, url: str, reopen: bool) -> None:
        self.url = url
        self.reopen_each_step = reopen
        self.clock = FakeClock(START)
        self.engine = Engine.open(url, clock=self.clock)

    def step(self) -> None:
        if not self.reopen_each_step:
            return
        before = live_state(self.engine)
        self.engine.close()
        self.engine = Engine.open(self.url, clock=self.clock)
        assert live_state(self.engine) == before

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.engine, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            result = attr(*args, **kwargs)
            self.step()
            return result

        return call

    def deploy_fixtures(self, *names: str) -> Any:
        return self.deploy([(f"{n}.bpmn", (FIXTURES / f"{n}.bpmn").read_bytes()) for n in names])

    def start(self, process_id: str, **variables: Any) -> int:
        return int(self.create_instance(bpmn_process_id=process_id, variables=variables).process_instance_key)

    def work(self, job_type: str, variables: dict[str, Any] | None = None, count: int = 1) -> list[Any]:
        jobs = self.activate_jobs(job_type=job_type, worker="test", timeout_ms=60_000, max_jobs=count)
        assert len(jobs) == count, f"expected {count} '{job_type}' job(s), got {len(jobs)}"
        for job in jobs:
            self.complete_job(job.key, variables or {})
        return jobs

    def advance(self, delta: timedelta) -> int:
        self.clock.advance(delta)
        return int(self.tick())

    def trace(self, pik: int, intent: str = "ELEMENT_COMPLETED") -> list[str]:
        """Element ids in the order they reached ``intent`` (the visited-element trace)."""
        return [
            r.value["elementId"]
            for r in self.engine.records(
                process_instance_key=pik, value_types=["PROCESS_INSTANCE"], limit=100_000
            )
            if r.intent == intent
        ]

    def state_of(self, pik: int) -> str:
        return str(self.engine.process_instance(pik).state)

    def root_variables(self, pik: int) -> dict[str, Any]:
        return {v.name: v.value for v in self.engine.variables(scope_key=pik).items}
