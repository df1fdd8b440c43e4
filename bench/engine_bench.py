"""Engine benchmark: persisted throughput against SpiffWorkflow, and 100 000 waiting timers.

1. Throughput: start → 3 service tasks → end on a durable SQLite file; jobs activated and
   completed in-process. Instances start in rounds of 32 and a worker activates a batch of jobs
   and completes them: every start and completion is its own command, and each round's commands
   are committed together (the group commit concurrent CreateProcessInstance and CompleteJob
   calls get through the gateway); the engine is also measured with one commit per command. The
   same shape runs in SpiffWorkflow, serialising the workflow to SQLite after every task as a
   persistent engine would. After a warm-up run each, the runs are interleaved; completed
   instances per second (median) for both, and the ratio.
2. Timers: 100 000 instances waiting on a timer (memory of the engine process), then a batch of
   timers coming due on the system clock; lateness = fire instant − due instant (p99).

The last line is machine-readable (see ``--help``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

from engine.clock import SystemClock
from engine.query import InstanceState
from engine.runtime import Engine

SHAPE = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="bench" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="t1"><bpmn:extensionElements><zeebe:taskDefinition type="t1" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:serviceTask id="t2"><bpmn:extensionElements><zeebe:taskDefinition type="t2" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:serviceTask id="t3"><bpmn:extensionElements><zeebe:taskDefinition type="t3" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="t1" />
    <bpmn:sequenceFlow id="f2" sourceRef="t1" targetRef="t2" />
    <bpmn:sequenceFlow id="f3" sourceRef="t2" targetRef="t3" />
    <bpmn:sequenceFlow id="f4" sourceRef="t3" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>
"""

TIMER = (
    SHAPE.replace('id="bench"', 'id="wait"')
    .replace(
        '<bpmn:serviceTask id="t1">',
        '<bpmn:intermediateCatchEvent id="w"><bpmn:timerEventDefinition><bpmn:timeDuration>= wait</bpmn:timeDuration>'
        '</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent><bpmn:serviceTask id="t1">',
    )
    .replace(
        'sourceRef="start" targetRef="t1"',
        'sourceRef="start" targetRef="w" /><bpmn:sequenceFlow id="f0" sourceRef="w" targetRef="t1"',
    )
)


def engine_throughput(directory: Path, instances: int, batch: int = 32, grouped: bool = True) -> float:
    """Start instances in rounds of ``batch``; a worker per task type activates up to ``batch`` jobs
    at once (as pyzeebe does) and completes them, one command per job.

    ``grouped``: the round's starts, and each batch of completions, are committed together
    (:meth:`Engine.command_group`, the group commit that concurrent CreateProcessInstance and
    CompleteJob calls get through the gateway). Not ``grouped``: every command waits for its own
    commit, as a single client calling strictly in sequence."""
    name = f"engine-{'grouped' if grouped else 'sequential'}-{time.monotonic_ns()}.db"
    engine = Engine.open(f"sqlite:///{directory / name}", clock=SystemClock())
    engine.deploy([("bench.bpmn", SHAPE.encode())])
    group = engine.command_group if grouped else contextlib.nullcontext
    started = time.perf_counter()
    remaining = instances
    while remaining:
        count = min(batch, remaining)
        remaining -= count
        with group():
            for _ in range(count):
                engine.create_instance(bpmn_process_id="bench", variables={"amount": 100})
        for job_type in ("t1", "t2", "t3"):
            jobs = engine.activate_jobs(job_type=job_type, worker="bench", timeout_ms=30_000, max_jobs=count)
            assert len(jobs) == count, len(jobs)
            with group():
                for job in jobs:
                    engine.complete_job(job.key, {job_type: True})
    # the count reads the entity tables, so it waits for every pending change to be folded in:
    # that work belongs to the measurement
    done = engine.process_instances(bpmn_process_id="bench", state=InstanceState.COMPLETED, limit=1).total
    elapsed = time.perf_counter() - started
    engine.close()
    assert done == instances, done
    return instances / elapsed


def spiff_throughput(directory: Path, instances: int) -> float:
    from SpiffWorkflow.bpmn.parser import BpmnParser
    from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
    from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
    from SpiffWorkflow.util.task import TaskState

    path = directory / "spiff.bpmn"
    # Spiff's core serializer has no Zeebe service task; its plain task is the same step (run by the caller)
    path.write_text(SHAPE.replace("bpmn:serviceTask", "bpmn:task"))
    parser = BpmnParser()
    parser.add_bpmn_file(str(path))
    spec = parser.get_spec("bench")
    serializer = BpmnWorkflowSerializer()
    db = sqlite3.connect(directory / f"spiff-{time.monotonic_ns()}.db")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE wf (id INTEGER PRIMARY KEY, state TEXT)")
    started = time.perf_counter()
    for n in range(instances):
        workflow = BpmnWorkflow(spec)
        workflow.data["amount"] = 100
        workflow.do_engine_steps()
        _save(db, serializer, workflow, n)
        while not workflow.is_completed():
            for task in workflow.get_tasks(state=TaskState.READY):
                task.data[task.task_spec.name] = True
                task.run()
                workflow.do_engine_steps()
                _save(db, serializer, workflow, n)
    elapsed = time.perf_counter() - started
    db.close()
    return instances / elapsed


def _save(db: sqlite3.Connection, serializer: object, workflow: object, n: int) -> None:
    state = serializer.serialize_json(workflow)  # type: ignore[attr-defined]
    db.execute("INSERT OR REPLACE INTO wf (id, state) VALUES (?, ?)", (n, state))
    db.commit()


def waiting_timers(directory: Path, count: int, due_batch: int) -> tuple[float, float]:
    """RSS (MB) with ``count`` waiting timers, and p99 lateness (ms) of ``due_batch`` of them firing.

    Runs on the system clock: lateness = the instant ``tick()`` returned − the timer's due date,
    so it includes the processing and the commit of the firing.
    """
    engine = Engine.open(f"sqlite:///{directory / 'timers.db'}", clock=SystemClock())
    engine.deploy([("wait.bpmn", TIMER.encode())])
    for _ in range(count - due_batch):
        engine.create_instance(bpmn_process_id="wait", variables={"wait": "P30D"})
    for i in range(due_batch):
        engine.create_instance(bpmn_process_id="wait", variables={"wait": f"PT{2 + i % 5}S"})
    gc.collect()
    rss = psutil.Process(os.getpid()).memory_info().rss / 2**20
    lateness: list[float] = []
    position = _last_position(engine)
    while len(lateness) < due_batch:
        due = engine.next_due()
        now = datetime.now(UTC)
        if due is not None and due > now:
            time.sleep(min((due - now).total_seconds(), 0.01))
            continue
        engine.tick()
        fired_at = datetime.now(UTC)
        for record in engine.records(after_position=position, value_types=["TIMER"], limit=100_000):
            if record.intent == "TRIGGERED":
                due_at = datetime.fromtimestamp(record.value["dueDate"] / 1000, UTC)
                lateness.append((fired_at - due_at).total_seconds() * 1000)
        position = _last_position(engine)
    engine.close()
    lateness.sort()
    return rss, lateness[max(int(len(lateness) * 0.99) - 1, 0)]


WARMUP = 200


def _runs(figures: list[float]) -> str:
    return " ".join(f"{f:.0f}" for f in figures)


def _last_position(engine: Engine) -> int:
    return int(engine.state.position)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--instances", type=int, default=2_000, help="instances per throughput run")
    parser.add_argument("--rounds", type=int, default=3, help="throughput runs per engine (median)")
    parser.add_argument("--timers", type=int, default=100_000, help="waiting timers")
    parser.add_argument("--due", type=int, default=1_000, help="timers that come due during the run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        runs: dict[str, list[float]] = {"grouped": [], "sequential": [], "spiff": []}
        # one short run each first (imports, caches), then the measured runs interleaved, so a
        # change in the machine's load between them affects every engine alike
        engine_throughput(directory, WARMUP)
        engine_throughput(directory, WARMUP, grouped=False)
        spiff_throughput(directory, WARMUP)
        for _ in range(args.rounds):
            runs["grouped"].append(engine_throughput(directory, args.instances))
            runs["sequential"].append(engine_throughput(directory, args.instances, grouped=False))
            runs["spiff"].append(spiff_throughput(directory, args.instances))
        ours, sequential, spiff = (statistics.median(runs[k]) for k in ("grouped", "sequential", "spiff"))
        n = f"{args.instances} instances, median of {args.rounds} runs"
        print(
            f"engine: {ours:.1f} completed instances/s (SQLite, durable, group commit; {n}: {_runs(runs['grouped'])})"
        )
        print(
            f"engine, one commit per command: {sequential:.1f} completed instances/s ({_runs(runs['sequential'])})"
        )
        print(
            f"spiffworkflow: {spiff:.1f} completed instances/s (serialised to SQLite after each task; "
            f"{_runs(runs['spiff'])})"
        )
        rss, p99 = waiting_timers(directory, args.timers, args.due)
        print(f"timers: {args.timers} waiting, rss {rss:.0f} MB, fire lateness p99 {p99:.1f} ms")
    print(
        f"engine_bench: instances_per_s={ours:.1f} spiff_persisted_per_s={spiff:.1f} ratio={ours / spiff:.2f} "
        f"timers={args.timers} rss_mb={rss:.0f} fire_lateness_p99_ms={p99:.1f}"
    )


if __name__ == "__main__":
    main()
